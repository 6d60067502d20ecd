// How long codes are kept (lib/jobs/retention.ts): pure functions, table by table.
import { describe, expect, it } from 'vitest';
import { codeExpired, DAY_MS, hasCode, oldestCode, retentionDays, SWEEP_SPACING_MS, sweepAlarmAt, sweepDueAt, withoutCode } from '../../lib/jobs/retention';
import { newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';
import { DEFAULT_CODE_RETENTION_DAYS } from '../../lib/storage';

const T = Date.UTC(2026, 0, 1);
const SEALED = { iv: 'aXYxMjM0NTY3ODkw', data: 'ZGF0YQ==' };
const job = (extra: Partial<Job>): Job => ({ ...newJob({ id: 'j1', domain: 'example.com', site: 'cn', profileId: 'p' }, T - DAY_MS), state: 'done', notified: true, finishedAt: T, ...extra });

describe('codeExpired', () => {
  it.each([
    // [what, job, now, days, expired]
    ['a plain code within its days', job({ code: 'C' }), T + 29 * DAY_MS, 30, false],
    ['a plain code a millisecond before its time', job({ code: 'C' }), T + 30 * DAY_MS - 1, 30, false],
    ['a plain code at its time', job({ code: 'C' }), T + 30 * DAY_MS, 30, true],
    ['a plain code past its time', job({ code: 'C' }), T + 31 * DAY_MS, 30, true],
    ['a sealed code past its time', job({ sealedCode: SEALED }), T + 2 * DAY_MS, 1, true],
    ['a sealed code within its time', job({ sealedCode: SEALED }), T + DAY_MS / 2, 1, false],
    ['any code when codes are kept (0 days)', job({ code: 'C' }), T + 10_000 * DAY_MS, 0, false],
    ['a job whose code was removed', job({ codeRemovedAt: T + DAY_MS }), T + 40 * DAY_MS, 30, false],
    ['a failed job', job({ state: 'failed' }), T + 40 * DAY_MS, 30, false],
    ['a code without a finish time', job({ code: 'C', finishedAt: undefined }), T + 40 * DAY_MS, 30, false],
    ['a clock set back before the finish', job({ code: 'C' }), T - DAY_MS, 1, false],
  ] as const)('%s: %s', (_what, j, now, days, expired) => {
    expect(codeExpired(j, now, days)).toBe(expired);
  });
});

describe('retentionDays', () => {
  it.each([
    [{}, DEFAULT_CODE_RETENTION_DAYS],
    [{ codeRetentionDays: 0 }, 0],
    [{ codeRetentionDays: 7 }, 7],
    [{ codeRetentionDays: -1 }, DEFAULT_CODE_RETENTION_DAYS],
    [{ codeRetentionDays: 1.5 }, DEFAULT_CODE_RETENTION_DAYS],
    [{ codeRetentionDays: Number.NaN }, DEFAULT_CODE_RETENTION_DAYS],
    [{ codeRetentionDays: 1e9 }, 3_650],
  ])('%j -> %i days', (settings, days) => {
    expect(retentionDays(settings)).toBe(days);
  });
});

describe('the sweep’s bookkeeping', () => {
  it.each([
    // [bound, days, due]
    [null, 30, undefined], // no code
    [T, 0, undefined], // codes kept
    [undefined, 30, T + 5], // not known: now
    [T, 30, T + 30 * DAY_MS],
  ] as const)('bound %s, %i days: due at %s', (bound, days, due) => {
    expect(sweepDueAt(bound, days, T + 5)).toBe(due);
  });

  it.each([
    [T, undefined, T],
    [T, T - 2 * SWEEP_SPACING_MS, T],
    [T, T - 1_000, T - 1_000 + SWEEP_SPACING_MS],
  ] as const)('due %s, last sweep %s: alarm at %s', (due, last, when) => {
    expect(sweepAlarmAt(due, last)).toBe(when);
  });

  it('the bound is the earliest finish among the jobs still holding a code', () => {
    expect(oldestCode([])).toBeNull();
    expect(oldestCode([job({ finishedAt: 5 }), job({ code: 'C', finishedAt: 9 }), job({ sealedCode: SEALED, finishedAt: 7 })])).toBe(7);
  });

  it('withoutCode removes both kinds of code and says when; a job without one is unchanged', () => {
    const plain = job({ code: 'C' });
    expect(withoutCode(plain, T + 1)).toEqual({ ...job({}), codeRemovedAt: T + 1 });
    const sealed = withoutCode(job({ sealedCode: SEALED }), T + 2);
    expect(hasCode(sealed)).toBe(false);
    expect(sealed.codeRemovedAt).toBe(T + 2);
    const none = job({});
    expect(withoutCode(none, T)).toBe(none);
  });
});
