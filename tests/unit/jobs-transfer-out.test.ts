import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DENIED_PAUSE_MS, maskEmail, stillDenied, transferOutNote } from '../../lib/jobs/transfer-out';
import { parseLockTaskPage, type TaskState } from '../../lib/domain/api';
import { batchNoticeText } from '../../lib/i18n/worker-words';

describe('maskEmail', () => {
  it.each([
    ['owner@example.com', 'o•••@example.com'],
    ['r@example.com', 'r•••@example.com'],
    ['  Registrant.Name+tag@mail.example.cn ', 'R•••@mail.example.cn'],
    ['张三@例子.中国', '张•••@例子.中国'],
    ['😀x@example.com', '😀•••@example.com'], // a whole code point, never half a surrogate pair
    ['a"b@c"@example.com', 'a•••@example.com'], // the last "@" separates the domain
    ['no-at-sign', '•••'],
    ['@example.com', '•••'],
    ['owner@', '•••'],
    ['', '•••'],
  ])('%j -> %j', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('never shows more than one character of the local part', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2 }), fc.domain(), (local, domain) => {
        fc.pre(!local.includes('@') && local.trim() === local && local.length > 1);
        const masked = maskEmail(`${local}@${domain}`);
        expect(masked).toBe(`${Array.from(local)[0]}•••@${domain}`);
      }),
    );
  });
});

describe('transferOutNote', () => {
  const china = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`);
  it.each<[string, unknown, ReturnType<typeof transferOutNote>]>([
    [
      'code obtained, with email and dates',
      { Status: 3, Email: 'owner@example.com', TransferAuthorizationCodeSendDate: '2026-12-02 17:03:00', ExpirationDate: '2026-12-17 17:03:00' },
      { maskedEmail: 'o•••@example.com', sentAt: china('2026-12-02 17:03:00'), expiresAt: china('2026-12-17 17:03:00') },
    ],
    ['the reference second example (no Email)', { Status: '3', TransferAuthorizationCodeSendDate: '2018-03-29 19:57:56', ExpirationDate: '2018-04-13 19:57:56' }, { sentAt: china('2018-03-29 19:57:56'), expiresAt: china('2018-04-13 19:57:56') }],
    ['nothing on record', { RequestId: 'R' }, undefined],
    ['not an object', 'oops', undefined],
    ['unreadable dates are left out', { Email: 'a@b.com', TransferAuthorizationCodeSendDate: 'yesterday' }, { maskedEmail: 'a•••@b.com' }],
    ['a transfer under way (status 4) is not about this code', { Status: 4, Email: 'a@b.com', TransferAuthorizationCodeSendDate: '2026-12-02 17:03:00' }, undefined],
    ['a failed transfer (status 8) neither', { Status: 8, Email: 'a@b.com' }, undefined],
  ])('%s', (_name, answer, note) => {
    expect(transferOutNote(answer)).toEqual(note);
  });

  it('a code sent well before this job\'s task is an earlier one: no note', () => {
    const since = china('2026-12-02 17:00:00');
    const answer = (sent: string) => ({ Status: 3, Email: 'a@b.com', TransferAuthorizationCodeSendDate: sent });
    expect(transferOutNote(answer('2026-11-20 09:00:00'), since)).toBeUndefined();
    expect(transferOutNote(answer('2026-12-02 16:50:00'), since)).toMatchObject({ maskedEmail: 'a•••@b.com' }); // clocks a little apart
    expect(transferOutNote(answer('2026-12-02 17:00:03'), since)).toMatchObject({ sentAt: china('2026-12-02 17:00:03') });
  });
});

describe('stillDenied', () => {
  const at = 1_800_000_000_000;
  it.each([
    [undefined, at, false],
    [at, at, true],
    [at, at + DENIED_PAUSE_MS - 1, true],
    [at, at + DENIED_PAUSE_MS, false],
    [at, at - 60_000, false], // a clock set back: asked again rather than never
  ])('denied at %s, now %s -> %s', (deniedAt, now, denied) => {
    expect(stillDenied(deniedAt, now)).toBe(denied);
  });
});

describe('parseLockTaskPage', () => {
  const row = (over: Record<string, unknown>) => ({ TaskNo: 'T', DomainName: 'a.com', TaskStatusCode: 2, TaskStatus: 'EXECUTE_SUCCESS', TaskResult: '', ...over });
  it.each<[string, unknown, TaskState | undefined]>([
    ['a success without TaskResult is a success', { Data: { TaskDetail: [row({})] } }, { status: 'success' }],
    ['a failure keeps its reason', { Data: { TaskDetail: [row({ TaskStatusCode: 3, ErrorMsg: 'held' })] } }, { status: 'failure', error: 'held' }],
    ['running', { Data: { TaskDetail: row({ TaskStatusCode: 1 }) } }, { status: 'running' }],
    ['another domain row is not this one', { Data: { TaskDetail: [row({ DomainName: 'b.com' })] } }, undefined],
    ['another task row is not this one', { Data: { TaskDetail: [row({ TaskNo: 'U' })] } }, undefined],
    ['not visible yet', { Data: { TaskDetail: [] } }, undefined],
    ['a row waiting to run', { Data: { TaskDetail: [row({ TaskStatusCode: 0, TaskStatus: 'WAITING_EXECUTE' })] } }, { status: 'waiting' }],
    ['a domain listed twice keeps its first row', { Data: { TaskDetail: [row({ TaskStatusCode: 1 }), row({})] } }, { status: 'running' }],
  ])('%s', (_name, body, state) => {
    expect(parseLockTaskPage(body, 'T').rows.get('a.com')).toEqual(state);
  });

  it('reads every domain of the page, and whether a page follows', () => {
    const body = { NextPage: true, Data: { TaskDetail: [row({}), row({ DomainName: 'b.com', TaskStatusCode: 1 }), row({ DomainName: '' })] } };
    const page = parseLockTaskPage(body, 'T');
    expect([...page.rows.keys()]).toEqual(['a.com', 'b.com']);
    expect(page.more).toBe(true);
    expect(parseLockTaskPage({ CurrentPageNum: 2, TotalPageNum: 2, Data: {} }, 'T').more).toBe(false);
    expect(parseLockTaskPage('not json', 'T')).toEqual({ rows: new Map(), more: false });
  });
});

describe('the batch summary says what was unlocked', () => {
  it.each([
    [{ total: 12, done: 11, failed: 1 }, 'en', '11 codes ready, 1 failed.'],
    [{ total: 11, done: 11, failed: 0, unlocked: 4 }, 'en', '11 codes ready, 0 failed. Transfer locks turned off: 4 domains.'],
    [{ total: 1, done: 1, failed: 0, unlocked: 1 }, 'en', '1 code ready, 0 failed. Transfer lock turned off: 1 domain.'],
    [{ total: 4, done: 3, failed: 1, unlocked: 3, unlockAsked: 4 }, 'en', '3 codes ready, 1 failed. Transfer locks asked off: 4; confirmed off: 3.'],
    [{ total: 4, done: 4, failed: 0, unlocked: 4, unlockAsked: 4 }, 'en', '4 codes ready, 0 failed. Transfer locks turned off: 4 domains.'],
    [{ total: 11, done: 11, failed: 0, unlocked: 4 }, 'zh', '11 个转移密码已就绪，0 个失败。已关闭 4 个域名的禁止转移锁。'],
  ] as const)('%j in %s', (summary, lang, message) => {
    expect(batchNoticeText(summary, lang).message).toBe(message);
  });
});
