// The quiet line under a done job (lib/i18n/transfer-out-words): only what the worker learnt, in
// the page's language; and when the one hint about the missing permission belongs on a page.
import { describe, expect, it } from 'vitest';
import { transferOutDeniedFor, transferOutEn, transferOutLine, transferOutZh } from '../../lib/i18n/transfer-out-words';
import type { TransferOutNote } from '../../lib/protocol';

// Local times (the line shows the browser's zone): the expectations hold in any zone.
const SENT = new Date(2026, 11, 2, 17, 3).getTime();
const EXPIRES = new Date(2026, 11, 17, 12, 0).getTime();

describe('transferOutLine', () => {
  it.each<[string, TransferOutNote | undefined, string, string]>([
    ['everything', { maskedEmail: 'o•••@example.com', sentAt: SENT, expiresAt: EXPIRES }, 'Also emailed to o•••@example.com on 2 Dec 2026, 17:03 · code valid until 17 Dec 2026', '已同时通过邮件发送至 o•••@example.com（2026年12月2日 17:03） · 转移密码有效期至 2026年12月17日'],
    ['no expiry', { maskedEmail: 'o•••@example.com', sentAt: SENT }, 'Also emailed to o•••@example.com on 2 Dec 2026, 17:03', '已同时通过邮件发送至 o•••@example.com（2026年12月2日 17:03）'],
    ['no date', { maskedEmail: 'o•••@example.com', expiresAt: EXPIRES }, 'Also emailed to o•••@example.com · code valid until 17 Dec 2026', '已同时通过邮件发送至 o•••@example.com · 转移密码有效期至 2026年12月17日'],
    ['no email', { sentAt: SENT }, 'Also sent on 2 Dec 2026, 17:03', '已于 2026年12月2日 17:03 同时发送'],
    ['only the expiry', { expiresAt: EXPIRES }, 'Code valid until 17 Dec 2026', '转移密码有效期至 2026年12月17日'],
    ['empty note', {}, '', ''],
    ['no note', undefined, '', ''],
  ])('%s', (_name, note, en, zh) => {
    expect(transferOutLine(note, 'en')).toBe(en);
    expect(transferOutLine(note, 'zh')).toBe(zh);
  });
});

describe('transferOutDeniedFor', () => {
  const done = { state: 'done', profileId: 'p1' };
  it.each<[string, Array<{ state: string; profileId: string }>, Record<string, number> | undefined, boolean]>([
    ['a done job of a denied profile', [done], { p1: 1 }, true],
    ['another profile denied', [done], { p2: 1 }, false],
    ['nothing denied', [done], {}, false],
    ['not read yet', [done], undefined, false],
    ['only pending jobs', [{ state: 'waiting', profileId: 'p1' }], { p1: 1 }, false],
    ['no jobs', [], { p1: 1 }, false],
  ])('%s', (_name, jobs, denied, shown) => {
    expect(transferOutDeniedFor(jobs, denied)).toBe(shown);
  });
});

describe('the transfer-out words', () => {
  it('have the same keys and placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(transferOutZh).sort()).toEqual(Object.keys(transferOutEn).sort());
    for (const [key, text] of Object.entries(transferOutEn)) expect([key, placeholders(transferOutZh[key as keyof typeof transferOutEn])]).toEqual([key, placeholders(text)]);
  });
});
