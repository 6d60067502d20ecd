// The job state machine as pure functions: (job, what happened, clock) -> the next job.
import { classifyCode, keepsServerText } from '../aliyun/errors';
import type { TaskState } from '../domain/api';
import { backoffDelay, JOB_TIMEOUT_MS, LOOKUP_DELAY_MS, nextPollAt, pollDelay, SUBMIT_FAULT_BUDGET_MS } from './schedule';
import { isPending, type Failure, type Job } from './types';
import type { SealedCode } from '../protocol';

/** What one step's API call (or, for a lookup, its few calls) produced. */
export type Outcome = (
  | { kind: 'task-no'; taskNo: string }
  | { kind: 'task'; task: TaskState }
  /** A lookup for the task an unanswered Save may have made found it. */
  | { kind: 'found'; taskNo: string; task: TaskState }
  /** A lookup found no such task: the Save may go again. */
  | { kind: 'not-found' }
  /** This domain's row in the lock task the job waits for (lib/jobs/lock-rows); undefined: no such row. */
  | { kind: 'unlock'; task: TaskState | undefined }
  /** The domain's transfer lock as QueryDomainByDomainName gives it (the lock task's answer was lost); undefined: not given. */
  | { kind: 'lock-state'; locked: boolean | undefined }
  /** `lost`: no answer came (network, timeout, not the API's JSON): the server may have acted. */
  | { kind: 'error'; code: string; httpStatus?: number; message?: string; lost: boolean }
) & { calls?: number };

export interface NewJobInput {
  id: string;
  domain: string;
  site: Job['site'];
  profileId: string;
}

/** What a job starts (or starts again) with: to be submitted now, nothing polled, retried or notified. */
function startState(now: number) {
  return { state: 'submitting' as const, polls: 0, retries: 0, createdAt: now, updatedAt: now, nextAttemptAt: now, notified: false };
}

export function newJob(input: NewJobInput, now: number): Job {
  return { ...input, apiCalls: 0, ...startState(now) };
}

export function fail(job: Job, failure: Failure, now: number): Job {
  return { ...job, state: 'failed', failure, finishedAt: now, updatedAt: now, notified: false };
}

export function isTimedOut(job: Job, now: number): boolean {
  return isPending(job) && now - job.createdAt >= JOB_TIMEOUT_MS;
}

/** The job without the fields of a transient fault (an answer came). */
function answered(job: Job): Job {
  const { fault: _f, ...rest } = job;
  return { ...rest, retries: 0 };
}

/** The job without the in-flight Save marker; an unanswered Save becomes one to look for. */
function saveSettled(job: Job, lost: boolean): Job {
  const { saveSentAt, ...rest } = job;
  if (saveSentAt === undefined) return job;
  return lost ? { ...rest, saveUnanswered: rest.saveUnanswered ?? saveSentAt } : rest;
}

/**
 * A Save was on the wire when the worker stopped (its marker is still there): its answer is lost.
 * The lookup for its task waits LOOKUP_DELAY_MS after it left, so a task Alibaba made is visible.
 */
export function lostInFlight(job: Job, now: number): Job {
  if (job.saveSentAt === undefined || !isPending(job)) return job;
  const settled = saveSettled(job, true);
  return { ...settled, nextAttemptAt: Math.max(job.nextAttemptAt, lookupTime(settled, now)) };
}

/** When a lookup for an unanswered Save may go: not before LOOKUP_DELAY_MS after that Save left. */
export function lookupTime(job: Job, now: number): number {
  return job.saveUnanswered === undefined ? now : Math.max(now, job.saveUnanswered + LOOKUP_DELAY_MS);
}

/** The job with a TaskNo: Alibaba holds its task, so no Save is unanswered any more. */
function withTask(job: Job, taskNo: string, now: number): Job {
  const { saveSentAt: _s, saveUnanswered: _u, ...rest } = answered(job);
  return { ...rest, state: 'waiting', taskNo, taskNoAt: now, polls: 0, nextAttemptAt: now + pollDelay(0) };
}

/** A task's state as read by a poll or a lookup: done, failed, or the next poll. */
function applyTask(job: Job, task: TaskState, now: number): Job {
  if (task.status === 'success') return { ...job, state: 'done', code: task.code, finishedAt: now, notified: false };
  if (task.status === 'failure') return fail(job, { cause: 'task-failed', detail: task.error }, now);
  // Polls are due at fixed times after the TaskNo (lib/jobs/schedule.ts), so a slow answer
  // does not push the next ones back.
  const polls = job.polls + 1;
  const nextAttemptAt = job.taskNoAt !== undefined ? nextPollAt(job.taskNoAt, polls, now) : now + pollDelay(polls);
  return { ...job, polls, nextAttemptAt };
}

/**
 * The lock task's row for the job's domain: the lock is off (the Save goes at once), it failed
 * (the job fails: no code is asked for a domain still locked), or the next poll, on the same
 * schedule as a code task's polls, counted from when the lock task was made.
 */
function applyUnlock(job: Job, task: TaskState | undefined, now: number): Job {
  const { unlock, ...rest } = job;
  if (!unlock) return job;
  if (task?.status === 'success') return { ...rest, unlockedAt: now, polls: 0, nextAttemptAt: now };
  if (task?.status === 'failure') return fail(rest, { cause: 'unlock-failed', detail: task.error }, now);
  // The task never showed a row for this domain (Alibaba left it out, or the row is another's):
  // after a while the job says the lock was not turned off, rather than waiting a whole day.
  if (!task && now - unlock.since >= LOCK_ROW_WAIT_MS) return fail(rest, { cause: 'unlock-failed' }, now);
  const polls = job.polls + 1;
  return { ...job, polls, nextAttemptAt: nextPollAt(unlock.since, polls, now) };
}

/**
 * The domain's own lock, read because the lock task's answer was lost: off, the Save goes at once;
 * on (or not given), the next read on the polls' schedule, and after LOCK_ROW_WAIT_MS the job fails
 * as one whose lock did not come off. No code is asked for while the lock may still be on.
 */
function applyLockState(job: Job, locked: boolean | undefined, now: number): Job {
  const { unlock, ...rest } = job;
  if (!unlock) return job;
  // A retry's one read: the person may have turned the lock off since (readiness page). Not this
  // extension's doing, so no unlockedAt; a lock not reported is left to Alibaba's task to judge.
  if (unlock.recheck) return locked === true ? fail(rest, { cause: 'still-locked' }, now) : { ...rest, polls: 0, nextAttemptAt: now };
  if (locked === false) return { ...rest, unlockedAt: now, polls: 0, nextAttemptAt: now };
  if (now - unlock.since >= LOCK_ROW_WAIT_MS) return fail(rest, { cause: 'unlock-failed' }, now);
  const polls = job.polls + 1;
  return { ...job, polls, nextAttemptAt: nextPollAt(unlock.since, polls, now) };
}

/** How long a job waits for its row in the lock task to appear, or for its lock to read off. */
export const LOCK_ROW_WAIT_MS = 10 * 60_000;

/** Whether a transient fault may still be retried: by time, never by count. */
export function withinFaultBudget(job: Job, now: number): boolean {
  // A job following its lock task has a task at Alibaba already (the lock comes off whatever
  // happens here): it waits like one with a TaskNo. Its Save's budget starts when the lock came off.
  if (job.state === 'submitting' && !job.unlock) return now - (job.unlockedAt ?? job.createdAt) < SUBMIT_FAULT_BUDGET_MS;
  return now - job.createdAt < JOB_TIMEOUT_MS;
}

/** Applies the outcome of one step. A job that is no longer pending is left as it is. */
export function applyOutcome(job: Job, outcome: Outcome, now: number, random: number): Job {
  if (!isPending(job)) return job;
  const counted = { ...job, apiCalls: job.apiCalls + (outcome.calls ?? 1), updatedAt: now };

  switch (outcome.kind) {
    case 'task-no':
      return withTask(counted, outcome.taskNo, now);
    case 'found': {
      const found = withTask(counted, outcome.taskNo, now);
      return outcome.task.status === 'success' || outcome.task.status === 'failure' ? applyTask(found, outcome.task, now) : found;
    }
    case 'not-found': {
      const { saveUnanswered: _u, ...rest } = answered(counted);
      return { ...rest, nextAttemptAt: now };
    }
    case 'task':
      return applyTask(answered(counted), outcome.task, now);
    case 'unlock':
      return applyUnlock(answered(counted), outcome.task, now);
    case 'lock-state':
      return applyLockState(answered(counted), outcome.locked, now);
    case 'error': {
      const { recovery, cause } = classifyCode(outcome.code, outcome.httpStatus);
      const settled = saveSettled(counted, outcome.lost);
      // The client already fixed the clock and renewed the nonce once; a repeat is a real fault.
      const transient = recovery === 'retry-backoff' || recovery === 'new-nonce';
      if (!transient || !withinFaultBudget(settled, now)) {
        const { fault: _f, ...rest } = settled;
        // A secret, signature or token error's text can echo the request (a string to sign holds
        // the token): it is neither stored nor shown, whatever redaction it went through. The code stays.
        const detail = keepsServerText(outcome.code) ? outcome.message || undefined : undefined;
        return fail(rest, { cause, apiCode: outcome.code, detail }, now);
      }
      const retries = settled.retries + 1;
      const fault = { cause, since: settled.fault?.since ?? now };
      const nextAttemptAt = Math.max(now + backoffDelay(retries, random), lookupTime(settled, now));
      return { ...settled, retries, fault, nextAttemptAt };
    }
  }
}

/** A failed job started again from the beginning, keeping its id and its place in the list. */
export function restart(job: Job, now: number): Job {
  // A Save that was never answered stays to be looked for: Retry must not make a second task.
  const { taskNo: _t, taskNoAt: _a, finishedAt: _f, code: _c, sealedCode: _s, codeRemovedAt: _r, failure, fault: _q, saveSentAt, ...rest } = job;
  if (saveSentAt !== undefined) rest.saveUnanswered ??= saveSentAt;
  // A lock that did not come off (or still was on): its lock is read again before any Save.
  const locked = failure?.cause === 'unlock-failed' || failure?.cause === 'still-locked';
  return { ...rest, ...(locked ? { unlock: { since: now, recheck: true as const } } : {}), ...startState(now) };
}

/** The transfer code an outcome brings (a finished task's), if it brings one. */
export function arrivedCode(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'task' && outcome.kind !== 'found') return undefined;
  return outcome.task.status === 'success' && typeof outcome.task.code === 'string' ? outcome.task.code : undefined;
}

/**
 * A code arrived while the vault was locked: it may be stored neither in plain text nor sealed,
 * so the outcome is applied as if the task were still running (Alibaba keeps its code), and the
 * job waits for the unlock, due at once then: the next poll brings the code again.
 */
export function heldForUnlock(job: Job, outcome: Outcome, now: number, random: number): Job {
  const running = { status: 'running' } as const;
  const held: Outcome =
    outcome.kind === 'task' ? { ...outcome, task: running } : outcome.kind === 'found' ? { ...outcome, task: running } : outcome;
  const next = applyOutcome(job, held, now, random);
  return next === job || !isPending(next) ? next : { ...next, waitingForUnlock: true, nextAttemptAt: now };
}

/** The job with `code` sealed: `sealedCode` instead of `code` (unchanged when its code is another). */
export function withSealedCode(job: Job, code: string, sealed: SealedCode): Job {
  if (job.code !== code) return job;
  const { code: _c, ...rest } = job;
  return { ...rest, sealedCode: sealed };
}

/** The job with `sealed` opened back to plain text (unchanged when it holds another sealing). */
export function withOpenedCode(job: Job, sealed: SealedCode, code: string): Job {
  if (!sameSealing(job.sealedCode, sealed)) return job;
  const { sealedCode: _s, ...rest } = job;
  return { ...rest, code };
}

/** The job without `sealed` (its key is gone), noting when it went (unchanged when it holds another). */
export function withoutSealedCode(job: Job, sealed: SealedCode, now: number): Job {
  if (!sameSealing(job.sealedCode, sealed)) return job;
  const { sealedCode: _s, ...rest } = job;
  return { ...rest, codeRemovedAt: now };
}

function sameSealing(a: SealedCode | undefined, b: SealedCode): boolean {
  return a !== undefined && a.iv === b.iv && a.data === b.data;
}
