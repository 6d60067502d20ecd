// The job transitions that concern the code at rest (lib/jobs/transitions.ts): which outcome
// brings a code, a code held back while the vault is locked, sealing, opening and dropping.
import { describe, expect, it } from 'vitest';
import { arrivedCode, heldForUnlock, restart, withOpenedCode, withoutSealedCode, withSealedCode, type Outcome } from '../../lib/jobs/transitions';
import { newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';

const T = 1_000_000;
const SEALED = { iv: 'aXYx', data: 'ZGF0YQ==' };
const OTHER = { iv: 'aXYy', data: 'ZGF0YQ==' };
const waiting: Job = { ...newJob({ id: 'j1', domain: 'example.com', site: 'cn', profileId: 'p' }, T), state: 'waiting', taskNo: 'T1', taskNoAt: T, polls: 3 };
const done: Job = { ...waiting, state: 'done', finishedAt: T + 5, notified: false };

describe('arrivedCode', () => {
  it.each([
    [{ kind: 'task', task: { status: 'success', code: 'C1' } }, 'C1'],
    [{ kind: 'found', taskNo: 'T2', task: { status: 'success', code: 'C2' } }, 'C2'],
    [{ kind: 'task', task: { status: 'running' } }, undefined],
    [{ kind: 'task', task: { status: 'failure', error: 'x' } }, undefined],
    [{ kind: 'task-no', taskNo: 'T3' }, undefined],
    [{ kind: 'error', code: 'Throttling', lost: false }, undefined],
  ] as Array<[Outcome, string | undefined]>)('%j -> %s', (outcome, code) => {
    expect(arrivedCode(outcome)).toBe(code);
  });
});

describe('heldForUnlock', () => {
  it('a poll that brought a code: still waiting, no code anywhere, waiting for the unlock and due at once', () => {
    const held = heldForUnlock(waiting, { kind: 'task', task: { status: 'success', code: 'SECRET-CODE' } }, T + 10, 0.5);
    expect(held).toMatchObject({ state: 'waiting', waitingForUnlock: true, nextAttemptAt: T + 10, taskNo: 'T1', apiCalls: 1 });
    expect(JSON.stringify(held)).not.toContain('SECRET-CODE');
  });

  it('a lookup that found the finished task: the TaskNo is kept, the code is not', () => {
    const submitting: Job = { ...newJob({ id: 'j2', domain: 'example.com', site: 'cn', profileId: 'p' }, T), saveUnanswered: T - 1 };
    const held = heldForUnlock(submitting, { kind: 'found', taskNo: 'T9', task: { status: 'success', code: 'SECRET-CODE' }, calls: 2 }, T + 10, 0.5);
    expect(held).toMatchObject({ state: 'waiting', taskNo: 'T9', waitingForUnlock: true, apiCalls: 2 });
    expect(held.saveUnanswered).toBeUndefined();
    expect(JSON.stringify(held)).not.toContain('SECRET-CODE');
  });

  it('a job that is not pending any more is left as it is', () => {
    expect(heldForUnlock(done, { kind: 'task', task: { status: 'success', code: 'C' } }, T, 0.5)).toBe(done);
  });
});

describe('sealing, opening and dropping a stored code', () => {
  it.each([
    // [what, job, edit, expected]
    ['sealing its code', { ...done, code: 'C' }, (j: Job) => withSealedCode(j, 'C', SEALED), { ...done, sealedCode: SEALED }],
    ['sealing another code: unchanged', { ...done, code: 'NEW' }, (j: Job) => withSealedCode(j, 'C', SEALED), 'same'],
    ['sealing a job without a code: unchanged', done, (j: Job) => withSealedCode(j, 'C', SEALED), 'same'],
    ['opening its sealing', { ...done, sealedCode: SEALED }, (j: Job) => withOpenedCode(j, SEALED, 'C'), { ...done, code: 'C' }],
    ['opening another sealing: unchanged', { ...done, sealedCode: OTHER }, (j: Job) => withOpenedCode(j, SEALED, 'C'), 'same'],
    ['dropping its sealing', { ...done, sealedCode: SEALED }, (j: Job) => withoutSealedCode(j, SEALED, T + 9), { ...done, codeRemovedAt: T + 9 }],
    ['dropping another sealing: unchanged', { ...done, sealedCode: OTHER }, (j: Job) => withoutSealedCode(j, SEALED, T + 9), 'same'],
  ] as Array<[string, Job, (j: Job) => Job, Job | 'same']>)('%s', (_what, job, edit, expected) => {
    const result = edit(job);
    if (expected === 'same') expect(result).toBe(job);
    else expect(result).toEqual(expected);
  });

  it('Retry starts without any code or removal note', () => {
    const failed: Job = { ...done, state: 'failed', sealedCode: SEALED, codeRemovedAt: T, code: 'C' };
    const again = restart(failed, T + 50);
    expect(again.code).toBeUndefined();
    expect(again.sealedCode).toBeUndefined();
    expect(again.codeRemovedAt).toBeUndefined();
  });
});
