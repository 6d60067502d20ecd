import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainInfo, TransferOutInfo } from '../../lib/domain/facts';
import { loadMessages } from '../../lib/i18n';
import '../../lib/i18n/pages'; // the readiness page's words, as that page has them
import { formatDate, readinessSummary, readinessText, readinessTitle } from '../../lib/i18n/readiness-words';
import {
  assessReadiness,
  worstVerdict,
  type CheckId,
  type CheckReason,
  type ReadinessCheck,
  type Verdict,
} from '../../lib/domain/readiness';

const DAY = 86_400_000;
/** 2025-06-15 12:00 China time */
const NOW = Date.UTC(2025, 5, 15, 4, 0, 0);
/** 2023-06-15 12:00 China time, far more than 60 days ago */
const OLD = NOW - 731 * DAY;
const NEXT_YEAR = NOW + 365 * DAY;

/** A domain that passes every check. */
const ready: DomainInfo = {
  domain: 'example.com',
  registeredAt: OLD,
  expiresAt: NEXT_YEAR,
  transferLock: false,
  status: '3',
  transferOutStatus: 'NORMAL',
  clientHold: false,
};

type Row = [
  name: string,
  info: Partial<DomainInfo>,
  transferOut: TransferOutInfo | undefined,
  overall: Verdict,
  expected: Partial<Record<CheckId, Partial<ReadinessCheck>>>,
];

const rows: Row[] = [
  ['everything fine', {}, {}, 'ok', { lock: { verdict: 'ok', reason: 'unlocked' }, age: { verdict: 'ok', reason: 'old-enough', date: OLD }, expiry: { verdict: 'ok', reason: 'valid' }, status: { verdict: 'ok' }, 'transfer-out': { verdict: 'ok', reason: 'none' } }],
  ['transfer lock on: a blocker the extension can fix', { transferLock: true }, {}, 'blocker', { lock: { verdict: 'blocker', reason: 'locked', fix: 'unlock' } }],
  ['lock unknown', { transferLock: undefined }, {}, 'unknown', { lock: { verdict: 'unknown', reason: 'no-data' } }],
  ['registered 10 days ago: blocker until day 60', { registeredAt: NOW - 10 * DAY }, {}, 'blocker', { age: { verdict: 'blocker', reason: 'too-new', date: NOW + 50 * DAY, days: 50 } }],
  ['registered 59.5 days ago: one more day', { registeredAt: NOW - 59.5 * DAY }, {}, 'blocker', { age: { verdict: 'blocker', reason: 'too-new', days: 1 } }],
  ['registered exactly 60 days ago: ok', { registeredAt: NOW - 60 * DAY }, {}, 'ok', { age: { verdict: 'ok', reason: 'old-enough' } }],
  ['registration date unknown', { registeredAt: undefined }, {}, 'unknown', { age: { verdict: 'unknown', reason: 'no-data' } }],
  ['expired 3 days ago: warning', { expiresAt: NOW - 3 * DAY }, {}, 'warning', { expiry: { verdict: 'warning', reason: 'expired', days: 3 } }],
  ['expires in 10 days: warning', { expiresAt: NOW + 10 * DAY }, {}, 'warning', { expiry: { verdict: 'warning', reason: 'expiring', days: 10 } }],
  ['expires in 14.2 days: still a warning', { expiresAt: NOW + 14.2 * DAY }, {}, 'warning', { expiry: { verdict: 'warning', reason: 'expiring', days: 15 } }],
  ['expires in 15 days: ok', { expiresAt: NOW + 15 * DAY }, {}, 'ok', { expiry: { verdict: 'ok', reason: 'valid' } }],
  ['expiration unknown', { expiresAt: undefined }, {}, 'unknown', { expiry: { verdict: 'unknown', reason: 'no-data' } }],
  ['DomainStatus 1 (renewal required): warning', { status: '1', expiresAt: NOW - DAY }, {}, 'warning', { status: { verdict: 'warning', reason: 'renewal-required', detail: '1' } }],
  ['DomainStatus 2 (redemption): blocker', { status: '2' }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'redemption' } }],
  ['EmailVerificationClientHold: blocker', { clientHold: true }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'hold' } }],
  ['EPP clientHold word: blocker', { status: 'clientHold' }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'hold', detail: 'clientHold' } }],
  ['serverTransferProhibited among other words: blocker', { status: 'ok, serverTransferProhibited' }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'transfer-prohibited' } }],
  ['pendingDelete: blocker', { status: 'pendingDelete' }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'pending-delete' } }],
  ['redemptionPeriod: blocker', { status: 'redemptionPeriod' }, {}, 'blocker', { status: { verdict: 'blocker', reason: 'redemption' } }],
  ['an unrecognised status: unknown', { status: 'weird' }, {}, 'unknown', { status: { verdict: 'unknown', reason: 'other', detail: 'weird' } }],
  ['status missing', { status: undefined, clientHold: undefined }, {}, 'unknown', { status: { verdict: 'unknown', reason: 'no-data' } }],
  ['TransferOutStatus PENDING: warning', { transferOutStatus: 'PENDING' }, undefined, 'warning', { 'transfer-out': { verdict: 'warning', reason: 'pending' } }],
  ['QueryTransferOutInfo Status 4 with its date: warning', {}, { status: 4, pendingRequestAt: NOW - DAY }, 'warning', { 'transfer-out': { verdict: 'warning', reason: 'pending', date: NOW - DAY } }],
  ['a failed transfer-out: warning with the reason', {}, { status: 8, resultCode: 'clientRejected', resultMessage: 'Transfer out rejected' }, 'warning', { 'transfer-out': { verdict: 'warning', reason: 'failed', detail: 'clientRejected: Transfer out rejected' } }],
  ['code already obtained: ok', {}, { status: 3, codeExpiresAt: NOW + 10 * DAY }, 'ok', { 'transfer-out': { verdict: 'ok', reason: 'code-obtained', date: NOW + 10 * DAY } }],
  ['QueryTransferOutInfo failed, TransferOutStatus NORMAL: ok', {}, undefined, 'ok', { 'transfer-out': { verdict: 'ok', reason: 'none' } }],
  ['no transfer-out data at all: unknown', { transferOutStatus: undefined }, undefined, 'unknown', { 'transfer-out': { verdict: 'unknown', reason: 'no-data' } }],
  ['locked and too new and expiring: blocker wins', { transferLock: true, registeredAt: NOW - 5 * DAY, expiresAt: NOW + 5 * DAY }, {}, 'blocker', { lock: { verdict: 'blocker' }, age: { verdict: 'blocker' }, expiry: { verdict: 'warning' } }],
  ['a warning outranks an unknown', { expiresAt: NOW + DAY, status: undefined, clientHold: undefined }, {}, 'warning', { expiry: { verdict: 'warning' }, status: { verdict: 'unknown' } }],
];


beforeAll(() => loadMessages('zh'));

describe('assessReadiness', () => {
  it.each(rows)('%s', (_name, patch, transferOut, overall, expected) => {
    const r = assessReadiness({ ...ready, ...patch }, transferOut, NOW);
    expect(r.verdict).toBe(overall);
    expect(r.domain).toBe('example.com');
    expect(r.checkedAt).toBe(NOW);
    expect(r.checks.map((c) => c.id)).toEqual(['lock', 'age', 'expiry', 'status', 'transfer-out']);
    for (const [id, want] of Object.entries(expected)) {
      expect(r.checks.find((c) => c.id === id)).toMatchObject(want as object);
    }
    // only the lock check is ever fixable from the extension
    for (const c of r.checks) if (c.fix) expect([c.id, c.fix]).toEqual(['lock', 'unlock']);
  });

  it('is pure: the same input gives the same answer and the input is not changed', () => {
    const info = { ...ready, transferLock: true };
    const copy = structuredClone(info);
    expect(assessReadiness(info, {}, NOW)).toEqual(assessReadiness(info, {}, NOW));
    expect(info).toEqual(copy);
  });

  it('worstVerdict ranks blocker > warning > unknown > ok', () => {
    expect(worstVerdict([])).toBe('ok');
    expect(worstVerdict(['ok', 'unknown'])).toBe('unknown');
    expect(worstVerdict(['unknown', 'warning', 'ok'])).toBe('warning');
    expect(worstVerdict(['warning', 'blocker', 'unknown'])).toBe('blocker');
  });
});

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
    ['zh', '上次转出失败（clientRejected：当前注册商或注册人拒绝了转移），请先排除原因再重试。'],
  ] as const)('%s', (lang, text) => {
    expect(readinessText(failed, lang)).toBe(text);
  });

  it('an unknown code stays as the API gave it', () => {
    expect(readinessText({ ...failed, detail: 'registryTimeout: late' }, 'en')).toBe('The last transfer-out failed (registryTimeout: late): fix the cause before trying again.');
  });
});
