// The job state machine as pure functions: (job, what happened, clock) -> the next job.
import { classifyCode } from '../aliyun/errors';
import type { TaskState } from '../domain/api';
import { backoffDelay, JOB_TIMEOUT_MS, MAX_RETRIES, nextPollAt, pollDelay } from './schedule';
import { isPending, type Failure, type Job } from './types';

/** What one API call for a job produced. */
export type Outcome =
  | { kind: 'task-no'; taskNo: string }
  | { kind: 'task'; task: TaskState }
  | { kind: 'error'; code: string; httpStatus?: number; message?: string };

export interface NewJobInput {
  id: string;
  domain: string;
  site: Job['site'];
  profileId: string;
}

export function newJob(input: NewJobInput, now: number): Job {
  return {
    ...input,
    state: 'submitting',
    apiCalls: 0,
    polls: 0,
    retries: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now,
    notified: false,
  };
}

export function fail(job: Job, failure: Failure, now: number): Job {
  return { ...job, state: 'failed', failure, finishedAt: now, updatedAt: now, notified: false };
}

export function isTimedOut(job: Job, now: number): boolean {
  return isPending(job) && now - job.createdAt >= JOB_TIMEOUT_MS;
}

/** Applies the outcome of one API call. A job that is no longer pending is left as it is. */
export function applyOutcome(job: Job, outcome: Outcome, now: number, random: number): Job {
  if (!isPending(job)) return job;
  const counted = { ...job, apiCalls: job.apiCalls + 1, updatedAt: now };

  switch (outcome.kind) {
    case 'task-no':
      return {
        ...counted,
        state: 'waiting',
        taskNo: outcome.taskNo,
        taskNoAt: now,
        polls: 0,
        retries: 0,
        nextAttemptAt: now + pollDelay(0),
      };
    case 'task': {
      const { task } = outcome;
      if (task.status === 'success') {
        return { ...counted, state: 'done', code: task.code, finishedAt: now, retries: 0, notified: false };
      }
      if (task.status === 'failure') {
        return fail(counted, { cause: 'task-failed', detail: task.error }, now);
      }
      // Polls are due at fixed times after the TaskNo (lib/jobs/schedule.ts), so a slow answer
      // does not push the next ones back.
      const polls = counted.polls + 1;
      const nextAttemptAt = counted.taskNoAt !== undefined ? nextPollAt(counted.taskNoAt, polls, now) : now + pollDelay(polls);
      return { ...counted, polls, retries: 0, nextAttemptAt };
    }
    case 'error': {
      const { recovery, cause } = classifyCode(outcome.code, outcome.httpStatus);
      // The client already fixed the clock and renewed the nonce once; a repeat is a real fault.
      const transient = recovery === 'retry-backoff' || recovery === 'new-nonce';
      const retries = counted.retries + 1;
      if (!transient || retries > MAX_RETRIES) {
        return fail(counted, { cause, apiCode: outcome.code, detail: outcome.message || undefined }, now);
      }
      return { ...counted, retries, nextAttemptAt: now + backoffDelay(retries, random) };
    }
  }
}

/** A failed job started again from the beginning, keeping its id and its place in the list. */
export function restart(job: Job, now: number): Job {
  const { taskNo: _t, taskNoAt: _a, finishedAt: _f, code: _c, failure: _x, ...rest } = job;
  return { ...rest, state: 'submitting', polls: 0, retries: 0, createdAt: now, updatedAt: now, nextAttemptAt: now, notified: false };
}
