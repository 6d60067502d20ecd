// The readiness page's sentences (lib/i18n/readiness-words.ts over the pages tables): every
// reason lib/domain/readiness gives has words in both languages, dates read as in the console, and
// known transfer-out result codes are worded.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainInfo, TransferOutInfo } from '../../lib/domain/facts';
import { assessReadiness, type CheckId, type CheckReason, type ReadinessCheck } from '../../lib/domain/readiness';
import { loadMessages } from '../../lib/i18n';
import '../../lib/i18n/pages'; // the readiness page's words, as that page has them
import { formatDate, readinessSummary, readinessText, readinessTitle } from '../../lib/i18n/readiness-words';

import { DAY, NOW, ready } from './helpers/readiness-fixtures';

beforeAll(() => loadMessages('zh'));

describe('readinessText', () => {
  const check = (id: CheckId, patch: Partial<DomainInfo>, out: TransferOutInfo | undefined = {}) =>
    assessReadiness({ ...ready, ...patch }, out, NOW).checks.find((c) => c.id === id) as ReadinessCheck;

  it('formats dates as YYYY-MM-DD in China time', () => {
    expect(formatDate(Date.UTC(2025, 0, 1, 15, 59, 59))).toBe('2025-01-01');
    expect(formatDate(Date.UTC(2025, 0, 1, 16, 0, 0))).toBe('2025-01-02'); // midnight in Beijing
  });

  it('names the date a freshly registered domain becomes transferable, in both languages', () => {
    const c = check('age', { registeredAt: NOW - 10 * DAY });
    expect(readinessText(c, 'en')).toBe('Registered less than 60 days ago: a transfer is possible from 2025-08-04 (in 50 days).');
    expect(readinessText(c, 'zh')).toBe('注册未满 60 天，2025-08-04 起可以转出（还需 50 天）。');
  });

  it('says the lock is on, and the expiry date', () => {
    expect(readinessText(check('lock', { transferLock: true }), 'en')).toMatch(/transfer lock is on/);
    expect(readinessText(check('lock', { transferLock: true }), 'zh')).toMatch(/禁止转移锁已开启/);
    expect(readinessText(check('expiry', { expiresAt: NOW + 10 * DAY }), 'en')).toBe(
      'Expires on 2025-06-25 (in 10 days): the transfer may not complete in time; consider renewing first.',
    );
    expect(readinessText(check('expiry', {}), 'zh')).toBe('到期时间为 2026-06-15。');
    expect(readinessText(check('transfer-out', {}, { status: 8, resultCode: 'clientRejected' }), 'en')).toBe(
      'The last transfer-out failed (clientRejected: the current registrar or the registrant rejected the transfer): fix the cause before trying again.',
    );
  });

  it('has a sentence in each language for every reason, and a title for every check', () => {
    const reasons: Array<[CheckId, Partial<DomainInfo>, TransferOutInfo | undefined]> = [
      ['lock', { transferLock: true }, {}],
      ['lock', { transferLock: undefined }, {}],
      ['age', { registeredAt: NOW - DAY }, {}],
      ['expiry', { expiresAt: NOW - DAY }, {}],
      ['status', { status: '1' }, {}],
      ['status', { status: 'pendingDelete' }, {}],
      ['status', { status: 'transferPeriod' }, {}],
      ['status', { status: 'serverTransferProhibited' }, {}],
      ['status', { status: '???' }, {}],
      ['transfer-out', {}, { status: 1 }],
      ['transfer-out', {}, { status: 3 }],
      ['transfer-out', {}, { status: 5 }],
      ['transfer-out', { transferOutStatus: 'PENDING' }, undefined],
    ];
    const seen = new Set<CheckReason>();
    for (const [id, patch, out] of reasons) {
      const c = check(id, patch, out);
      seen.add(c.reason);
      for (const lang of ['en', 'zh'] as const) {
        const text = readinessText(c, lang);
        expect(text.length).toBeGreaterThan(5);
        expect(text).not.toMatch(/undefined|NaN/);
      }
      expect(readinessText(c, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(seen.size).toBe(reasons.length);
    for (const id of ['lock', 'age', 'expiry', 'status', 'transfer-out'] as const) {
      expect(readinessTitle(id, 'en')).toBeTruthy();
      expect(readinessTitle(id, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const v of ['ok', 'warning', 'blocker', 'unknown'] as const) {
      expect(readinessSummary(v, 'en')).toBeTruthy();
      expect(readinessSummary(v, 'zh')).toBeTruthy();
    }
  });
});

describe('known transfer-out result codes get words', () => {
  const failed: ReadinessCheck = { id: 'transfer-out', verdict: 'warning', reason: 'failed', detail: 'clientRejected: Transfer out rejected' };

  it.each([
    ['en', 'The last transfer-out failed (clientRejected: the current registrar or the registrant rejected the transfer): fix the cause before trying again.'],
    ['zh', '上次转出失败，当前注册商或注册人拒绝了转移，请先排除原因再重试（clientRejected）。'],
  ] as const)('%s', (lang, text) => {
    expect(readinessText(failed, lang)).toBe(text);
  });

  it('an unknown code stays as the API gave it', () => {
    expect(readinessText({ ...failed, detail: 'registryTimeout: late' }, 'en')).toBe('The last transfer-out failed (registryTimeout: late): fix the cause before trying again.');
  });

  it.each([
    ['clientCancelled', 'en', 'The last transfer-out failed (clientCancelled: the new registrar cancelled its transfer request): fix the cause before trying again.'],
    ['clientCancelled', 'zh', '上次转出失败，新注册商取消了转入请求，请先排除原因再重试（clientCancelled）。'],
    ['serverCancelled', 'en', 'The last transfer-out failed (serverCancelled: the registry cancelled the transfer): fix the cause before trying again.'],
    ['serverCancelled', 'zh', '上次转出失败，注册局取消了转移，请先排除原因再重试（serverCancelled）。'],
    ['serverCancelled: Cancelled by registry', 'zh', '上次转出失败，注册局取消了转移，请先排除原因再重试（serverCancelled）。'],
    ['registryTimeout: late', 'zh', '上次转出失败，请先排除原因再重试（registryTimeout: late）。'],
    [undefined, 'en', 'The last transfer-out failed: fix the cause before trying again.'],
    [undefined, 'zh', '上次转出失败，请先排除原因再重试。'],
  ] as const)('detail %j in %s', (detail, lang, text) => {
    const { detail: _drop, ...bare } = failed;
    expect(readinessText(detail === undefined ? bare : { ...bare, detail }, lang)).toBe(text);
  });

  it('a known code keeps no English from the API for a Chinese reader', () => {
    for (const code of ['clientRejected', 'clientCancelled', 'serverCancelled']) {
      const text = readinessText({ ...failed, detail: `${code}: Some English words` }, 'zh');
      expect(text.replace(code, '')).not.toMatch(/[A-Za-z]/);
    }
  });
});
