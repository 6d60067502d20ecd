import { describe, expect, it } from 'vitest';
import { BACKOFF_FLOOR_MS, JOB_TIMEOUT_MS, LOOKUP_DELAY_MS, MIN_POLL_GAP_MS, pollDelay, pollOffset, SUBMIT_FAULT_BUDGET_MS } from '../../lib/jobs/schedule';
import { applyOutcome, lostInFlight, newJob, restart, type Outcome } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';

const start = (now = 0): Job => newJob({ id: 'j', domain: 'example.com', site: 'cn', profileId: 'p' }, now);
const running = { kind: 'task', task: { status: 'running' } } as const;

describe('applyOutcome: the poll schedule', () => {
  it('the TaskNo starts the schedule: first poll 1 s later', () => {
    const job = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 500, 0.5);
    expect(job).toMatchObject({ state: 'waiting', taskNo: 'T', taskNoAt: 500, polls: 0, apiCalls: 1, nextAttemptAt: 1_500 });
  });

  it('polls are due at fixed times after the TaskNo, however long each answer took', () => {
    let job = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 100, 0.5);
    const rtts = [20, 350, 80, 600, 10, 250, 40, 500, 90, 300, 60, 700, 30, 200, 100];
    for (const [i, rtt] of rtts.entries()) {
      expect(job.nextAttemptAt).toBe(100 + pollOffset(i));
      job = applyOutcome(job, running, job.nextAttemptAt + rtt, 0.5);
    }
    expect(job.polls).toBe(rtts.length);
  });

  it('a 10-minute task costs 24 calls (80 ms round trips)', () => {
    const rtt = 80;
    const createdAt = rtt / 2;
    let job = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, rtt, 0.5);
    while (job.state === 'waiting') {
      const at = job.nextAttemptAt + rtt;
      const done = at - rtt / 2 >= createdAt + 600_000;
      job = applyOutcome(job, done ? { kind: 'task', task: { status: 'success', code: 'C' } } : running, at, 0.5);
    }
    expect(job).toMatchObject({ state: 'done', code: 'C', apiCalls: 24 });
  });

  it('after a transient error it backs off, then goes back to the fixed times', () => {
    let job = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 0, 0.5);
    job = applyOutcome(job, running, 1_050, 0.5); // poll 1 at 1 s
    job = applyOutcome(job, { kind: 'error', code: 'ServiceUnavailable', httpStatus: 503, lost: false }, 2_050, 0); // poll 2 fails
    expect(job.retries).toBe(1);
    expect(job.fault).toEqual({ cause: 'server', since: 2_050 });
    expect(job.nextAttemptAt).toBe(2_050 + BACKOFF_FLOOR_MS);
    job = applyOutcome(job, running, 3_100, 0.5); // the retry, answered at 3.1 s
    expect(job).toMatchObject({ polls: 2, retries: 0, nextAttemptAt: pollOffset(3) });
    expect(job).not.toHaveProperty('fault');
  });

  it('an answer that comes after the next poll time skips it instead of polling at once', () => {
    let job = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 0, 0.5);
    job = applyOutcome(job, running, 1_950, 0.5); // poll at 1 s answered at 1.95 s: 2 s is too close
    expect(job.nextAttemptAt).toBe(pollOffset(2));
    expect(job.nextAttemptAt - 1_950).toBeGreaterThanOrEqual(MIN_POLL_GAP_MS);
  });

  it('a waiting job stored without taskNoAt keeps intervals counted from the answer', () => {
    const { taskNoAt: _, ...job } = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 0, 0.5);
    const next = applyOutcome(job as Job, running, 1_200, 0.5);
    expect(next.nextAttemptAt).toBe(1_200 + pollDelay(1));
  });

  it('success and failure end the job', () => {
    const waiting = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 0, 0.5);
    expect(applyOutcome(waiting, { kind: 'task', task: { status: 'success', code: 'C' } }, 1_000, 0.5)).toMatchObject({ state: 'done', code: 'C', finishedAt: 1_000 });
    expect(applyOutcome(waiting, { kind: 'task', task: { status: 'failure', error: 'E' } }, 1_000, 0.5)).toMatchObject({
      state: 'failed',
      failure: { cause: 'task-failed', detail: 'E' },
    });
  });
});

const fault = (code: string, lost = false, httpStatus = 400): Outcome => ({ kind: 'error', code, httpStatus, lost });

describe('applyOutcome: transient faults are retried by time, not by count', () => {
  const waiting = applyOutcome(start(), { kind: 'task-no', taskNo: 'T' }, 0, 0.5);
  it.each([
    // [state, code, ms after the job started, ends failed?]
    ['waiting', 'Throttling.User', 60_000, false],
    ['waiting', 'NetworkError', JOB_TIMEOUT_MS - 1, false],
    ['waiting', 'ServiceUnavailable', 23 * 3_600_000, false],
    ['submitting', 'TaskIsBeingProcessed', SUBMIT_FAULT_BUDGET_MS - 1, false],
    ['submitting', 'RequestTimeout', 10 * 60_000, false],
    ['submitting', 'InternalError', SUBMIT_FAULT_BUDGET_MS, true],
    ['submitting', 'NetworkError', SUBMIT_FAULT_BUDGET_MS + 1, true],
    ['waiting', 'SignatureDoesNotMatch', 1_000, true],
    ['submitting', 'Forbidden.RAM', 1_000, true],
    ['submitting', 'SomethingNobodyDocumented', 1_000, true],
  ] as const)('%s + %s at %i ms: failed=%s', (state, code, at, failed) => {
    const job = state === 'waiting' ? waiting : start();
    let next = job;
    for (let i = 0; i < 20; i++) next = applyOutcome(next, fault(code, code === 'NetworkError' || code === 'RequestTimeout'), at, 0.5);
    expect(next.state === 'failed').toBe(failed);
    if (!failed) expect(next).toMatchObject({ state, retries: 20, fault: { since: at } });
  });

  it('the fault is cleared by the next answer, and its first time is kept while faults repeat', () => {
    let job = applyOutcome(waiting, fault('Throttling.User'), 1_000, 0.5);
    job = applyOutcome(job, fault('ServiceUnavailable', false, 503), 3_000, 0.5);
    expect(job.fault).toEqual({ cause: 'server', since: 1_000 });
    job = applyOutcome(job, running, 5_000, 0.5);
    expect(job).not.toHaveProperty('fault');
    expect(job.retries).toBe(0);
  });
});

describe('applyOutcome: a Save whose answer was lost is looked for, never sent again blindly', () => {
  const sent: Job = { ...start(), saveSentAt: 100 };
  it.each([
    // [what came back, saveUnanswered after it]
    ['a lost answer (network)', fault('NetworkError', true), 100],
    ['a timeout', fault('RequestTimeout', true), 100],
    ['an answer that is not the API JSON', fault('InvalidResponse', true, 502), 100],
    ['a throttling answer (nothing was made)', fault('Throttling.User'), undefined],
    ['TaskIsBeingProcessed', fault('TaskIsBeingProcessed'), undefined],
    ['HTTP 503 from the API', fault('ServiceUnavailable', false, 503), undefined],
  ] as const)('%s', (_what, outcome, unanswered) => {
    const job = applyOutcome(sent, outcome, 2_000, 0);
    expect(job).not.toHaveProperty('saveSentAt');
    expect(job.saveUnanswered).toBe(unanswered);
    if (unanswered !== undefined) expect(job.nextAttemptAt).toBeGreaterThanOrEqual(unanswered + LOOKUP_DELAY_MS);
  });

  it('an earlier unanswered Save stays to be looked for after a later refusal', () => {
    const job = applyOutcome({ ...sent, saveUnanswered: 50 }, fault('Throttling.User'), 2_000, 0);
    expect(job.saveUnanswered).toBe(50);
  });

  it('a TaskNo clears both markers', () => {
    const job = applyOutcome({ ...sent, saveUnanswered: 50 }, { kind: 'task-no', taskNo: 'T' }, 2_000, 0);
    expect(job).toMatchObject({ state: 'waiting', taskNo: 'T' });
    expect(job).not.toHaveProperty('saveSentAt');
    expect(job).not.toHaveProperty('saveUnanswered');
  });

  it.each([
    ['still running', { status: 'running' }, { state: 'waiting', taskNo: 'T9', polls: 0, nextAttemptAt: 3_000 }],
    ['finished with its code', { status: 'success', code: 'C' }, { state: 'done', taskNo: 'T9', code: 'C' }],
    ['failed', { status: 'failure', error: 'E' }, { state: 'failed', taskNo: 'T9', failure: { cause: 'task-failed', detail: 'E' } }],
  ] as const)('a lookup that finds the task %s adopts it', (_what, task, expected) => {
    const job = applyOutcome({ ...start(), saveUnanswered: 100 }, { kind: 'found', taskNo: 'T9', task, calls: 2 }, 2_000, 0);
    expect(job).toMatchObject({ ...expected, apiCalls: 2 });
    expect(job).not.toHaveProperty('saveUnanswered');
  });

  it('a lookup that finds nothing lets the Save go at once', () => {
    const job = applyOutcome({ ...start(), saveUnanswered: 100, retries: 3, fault: { cause: 'network', since: 100 } }, { kind: 'not-found', calls: 3 }, 9_000, 0);
    expect(job).toMatchObject({ state: 'submitting', nextAttemptAt: 9_000, retries: 0, apiCalls: 3 });
    expect(job).not.toHaveProperty('saveUnanswered');
    expect(job).not.toHaveProperty('fault');
  });

  it('a Save on the wire when the worker stopped becomes one to look for, after the lookup delay', () => {
    const job = lostInFlight({ ...start(), saveSentAt: 1_000 }, 1_500);
    expect(job).toMatchObject({ saveUnanswered: 1_000, nextAttemptAt: 1_000 + LOOKUP_DELAY_MS });
    expect(job).not.toHaveProperty('saveSentAt');
    expect(lostInFlight(start(), 1_500)).toEqual(start());
  });

  it('Retry keeps an unanswered Save to look for (a failed job must not make a second task)', () => {
    const failed = applyOutcome({ ...start(), saveSentAt: 10 }, fault('NetworkError', true), SUBMIT_FAULT_BUDGET_MS + 1, 0);
    expect(failed.state).toBe('failed');
    const again = restart(failed, SUBMIT_FAULT_BUDGET_MS + 60_000);
    expect(again).toMatchObject({ state: 'submitting', saveUnanswered: 10 });
    expect(again).not.toHaveProperty('fault');
  });
});

describe('Retry after a lock that did not come off', () => {
  const failedWith = (cause: 'unlock-failed' | 'still-locked' | 'task-failed'): Job => ({ ...start(), state: 'failed', finishedAt: 50, failure: { cause } });

  it.each([
    ['unlock-failed', true],
    ['still-locked', true],
    ['task-failed', false],
  ] as const)('after %s, the lock is read again first: %s', (cause, reads) => {
    const again = restart(failedWith(cause), 1_000);
    expect(again.state).toBe('submitting');
    if (reads) expect(again.unlock).toEqual({ since: 1_000, recheck: true });
    else expect(again).not.toHaveProperty('unlock');
  });

  it.each<[string, boolean | undefined, Partial<Job>]>([
    ['still on: fails at once, no Save', true, { state: 'failed', failure: { cause: 'still-locked' } }],
    ['off now (turned off by the person): the Save goes at once', false, { state: 'submitting', nextAttemptAt: 1_200 }],
    ['not reported: the Save goes, and Alibaba judges', undefined, { state: 'submitting', nextAttemptAt: 1_200 }],
  ])('the one read says %s', (_name, locked, expected) => {
    const again = restart(failedWith('unlock-failed'), 1_000);
    const next = applyOutcome(again, { kind: 'lock-state', locked }, 1_200, 0.5);
    expect(next).toMatchObject(expected);
    expect(next).not.toHaveProperty('unlock');
    // Not this extension's doing: the batch summary does not count it as turned off.
    expect(next).not.toHaveProperty('unlockedAt');
  });
});

describe('applyOutcome: no server text is kept for secret or token errors', () => {
  // A SignatureDoesNotMatch message echoes the string to sign, STS token included.
  const echo = 'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3DCAIS%252Babc';

  it.each([
    ['SignatureDoesNotMatch', 'secret'],
    ['IncompleteSignature', 'secret'],
    ['InvalidSecurityToken.Expired', 'sts-token'],
    ['InvalidSecurityToken.MismatchWithAccessKey', 'sts-token'],
  ] as const)('%s fails the job with its code and cause, and no detail', (code, cause) => {
    const job = applyOutcome(start(), { kind: 'error', code, httpStatus: 400, message: echo, lost: false }, 1_000, 0.5);
    expect(job.state).toBe('failed');
    expect(job.failure).toEqual({ cause, apiCode: code });
    expect(JSON.stringify(job)).not.toContain('CAIS');
  });

  it('other fatal errors keep the server text (it helps the user)', () => {
    const job = applyOutcome(start(), { kind: 'error', code: 'InvalidDomainName.Format', httpStatus: 400, message: 'bad name', lost: false }, 1_000, 0.5);
    expect(job.failure).toEqual({ cause: 'domain', apiCode: 'InvalidDomainName.Format', detail: 'bad name' });
  });
});
