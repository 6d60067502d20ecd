import { describe, expect, it } from 'vitest';
import type { DomainInfo, TransferOutInfo } from '../../lib/domain/facts';
import {
  assessReadiness,
  worstVerdict,
  type CheckId,
  type ReadinessCheck,
  type Verdict,
} from '../../lib/domain/readiness';

import { DAY, NOW, OLD, ready } from './helpers/readiness-fixtures';

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
