// How long a transfer code is kept (Settings.codeRetentionDays), as pure functions. Pages use
// codeExpired to hide a code past its time before the worker's sweep removes it; the worker's
// engine (lib/jobs/engine.ts) sweeps with the rest: when a sweep is due, which jobs lose their code,
// and the lower bound (JobIndex.oldestCodeAt) that lets it skip reading the history until then.
import { DEFAULT_CODE_RETENTION_DAYS, type Settings } from '../storage';
import type { Job } from './types';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest retention the settings accept (about ten years): a longer one is read as this. */
export const MAX_CODE_RETENTION_DAYS = 3_650;
/**
 * Sweeps are at least this far apart (the alarm's period at its shortest). Codes live for days: an
 * hour late is under 0.2 % of the default 30 days, pages hide an expired code at once (codeExpired),
 * and codes expiring within the same hour cost one read of the history, not one each.
 */
export const SWEEP_SPACING_MS = 60 * 60 * 1000;

/** The retention in days the settings say: absent or not a whole number of days, the default; 0 keeps codes. */
export function retentionDays(settings: Pick<Settings, 'codeRetentionDays'>): number {
  const days = settings.codeRetentionDays;
  if (days === undefined || !Number.isInteger(days) || days < 0) return DEFAULT_CODE_RETENTION_DAYS;
  return Math.min(days, MAX_CODE_RETENTION_DAYS);
}

export const hasCode = (job: Job): boolean => job.code !== undefined || job.sealedCode !== undefined;

/** Whether the job's code is past its time: `days` days after the job finished (0: never). */
export function codeExpired(job: Job, now: number, days: number): boolean {
  return days > 0 && hasCode(job) && job.finishedAt !== undefined && now >= job.finishedAt + days * DAY_MS;
}

/** The job without its code (plain and sealed), noting when it went; the job itself stays. */
export function withoutCode(job: Job, now: number): Job {
  if (!hasCode(job)) return job;
  const { code: _c, sealedCode: _s, ...rest } = job;
  return { ...rest, codeRemovedAt: now };
}

/**
 * When the next sweep has anything to remove, from the index's lower bound: undefined when no
 * sweep is needed (no code, or codes are kept); a time at or before now when one is due. An unknown
 * bound (undefined) is due now: the history is read once to learn it.
 */
export function sweepDueAt(oldestCodeAt: number | null | undefined, days: number, now: number): number | undefined {
  if (days <= 0 || oldestCodeAt === null) return undefined;
  if (oldestCodeAt === undefined) return now;
  return oldestCodeAt + days * DAY_MS;
}

/** When the sweep alarm should fire: the due time, but not sooner than SWEEP_SPACING_MS after the last sweep. */
export function sweepAlarmAt(dueAt: number, lastSweepAt: number | undefined): number {
  return lastSweepAt === undefined ? dueAt : Math.max(dueAt, lastSweepAt + SWEEP_SPACING_MS);
}

/** The earliest finish of the jobs that still hold a code (null: none does): the index's new bound. */
export function oldestCode(jobs: readonly Job[]): number | null {
  let oldest: number | null = null;
  for (const job of jobs) {
    if (!hasCode(job)) continue;
    const at = job.finishedAt ?? job.updatedAt;
    if (oldest === null || at < oldest) oldest = at;
  }
  return oldest;
}
