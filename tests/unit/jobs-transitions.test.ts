import { describe, expect, it } from 'vitest';
import { MIN_POLL_GAP_MS, pollDelay, pollOffset } from '../../lib/jobs/schedule';
import { applyOutcome, newJob } from '../../lib/jobs/transitions';
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
    job = applyOutcome(job, { kind: 'error', code: 'ServiceUnavailable', httpStatus: 503 }, 2_050, 0); // poll 2 fails
    expect(job.retries).toBe(1);
    expect(job.nextAttemptAt).toBe(2_050 + 1_000);
    job = applyOutcome(job, running, 3_100, 0.5); // the retry, answered at 3.1 s
    expect(job).toMatchObject({ polls: 2, retries: 0, nextAttemptAt: pollOffset(3) });
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
