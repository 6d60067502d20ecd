// Pure helpers behind the popup's job list: what to show and what to announce for each job.
import type { Lang } from '@/lib/i18n/lang';
import type { NameResult } from '@/lib/domain/name';
import { t, type MessageKey } from '@/lib/i18n';
import { isPending, type Job, type JobState } from '@/lib/jobs/types';
import type { Circuit } from '@/lib/protocol';
import { retryCause, retryState } from '@/components/retry-state';

export { retryState, retryText, secondsLeft, type RetryView } from '@/components/retry-state';

export const STATUS_KEY: Record<JobState, MessageKey> = {
  submitting: 'statusSubmitting',
  waiting: 'statusWaiting',
  done: 'statusDone',
  failed: 'statusFailed',
};

const ANNOUNCE_KEY: Record<JobState, MessageKey> = {
  submitting: 'announceSubmitted',
  waiting: 'announceWaiting',
  done: 'announceReady',
  failed: 'announceFailed',
};

/** Newest first (the store keeps that order; a copy sorted here does not depend on it). */
export function newestFirst(jobs: readonly Job[]): Job[] {
  return jobs.slice().sort((a, b) => b.createdAt - a.createdAt);
}

/** How long a pending job has been going, in ms; finished jobs have no running clock. */
export function elapsedMs(job: Job, now: number): number | undefined {
  return isPending(job) ? Math.max(0, now - job.createdAt) : undefined;
}

/** A pending job held back because the vault is locked (lib/jobs/engine sets the flag). */
export const waitsForUnlock = (job: Job): boolean => isPending(job) && job.waitingForUnlock === true;

/**
 * The sentence for the live region after the job list changed: one phrase per job that is new or
 * whose state moved, or that started waiting for an unlock. Nothing on the first load (`previous`
 * undefined), so opening is quiet.
 */
export function announcement(previous: readonly Job[] | undefined, next: readonly Job[], lang: Lang): string {
  if (!previous) return '';
  const before = new Map(previous.map((job) => [job.id, job]));
  const phrases = next
    .filter((job) => {
      const old = before.get(job.id);
      return old?.state !== job.state || (waitsForUnlock(job) && !waitsForUnlock(old));
    })
    .map((job) => t(lang, waitsForUnlock(job) ? 'announceLocked' : ANNOUNCE_KEY[job.state], { domain: job.domain }));
  return phrases.join(t(lang, 'announceJoin'));
}

/**
 * What the live region says about retrying jobs: one phrase per job that started retrying since
 * the last call ("example.com: Alibaba Cloud not reachable, retrying"), once, not at every second
 * of its countdown; and the ids retrying now, for the next call. Quiet on the first call
 * (`previous` undefined), so opening the popup is.
 */
export function retryAnnouncement(
  previous: ReadonlySet<string> | undefined,
  jobs: readonly Job[],
  circuit: Circuit | null | undefined,
  now: number,
  lang: Lang,
): { words: string; retrying: Set<string> } {
  const retrying = new Set<string>();
  const phrases: string[] = [];
  for (const job of jobs) {
    const view = retryState(job, circuit, now);
    if (!view) continue;
    retrying.add(job.id);
    if (previous && !previous.has(job.id)) phrases.push(t(lang, 'announceRetrying', { domain: job.domain, cause: retryCause(view.kind, lang) }));
  }
  return { words: phrases.join(t(lang, 'announceJoin')), retrying };
}

/** The registrable domain of the active tab, for http(s) pages only; '' when there is none. */
export function domainFromTabUrl(url: string | undefined, normalize: (text: string) => NameResult): string {
  if (!url || !/^https?:\/\//i.test(url)) return '';
  const name = normalize(url);
  return name.ok ? name.domain : '';
}

/** The job id in `#job=ID` (a notification click opens the popup page in a tab that way). */
export function jobIdFromHash(hash: string): string | undefined {
  const match = /^#job=([^&]+)/.exec(hash);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** The DOM id of a job's list item (job ids are UUIDs; the prefix keeps the id valid and unique). */
export const jobElementId = (jobId: string) => `job-${jobId}`;
