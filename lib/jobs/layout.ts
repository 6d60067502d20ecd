// The job layout as pure functions: which jobs are open, how ids fill pages, and the one-time move
// from the single job list (the layout before the index) to per-job keys. lib/jobs/store.ts does
// the reading and writing; lib/storage.ts describes the keys.
import type { Batch, JobIndex, JobPage, LegacyBatch } from '../storage';
import { BATCH_INDEX_KEY, batchJobsKey, JOB_INDEX_KEY, jobKey, jobPageKey, JOB_PAGE_SIZE } from '../storage-keys';
import { isFinished, isPending, type Job } from './types';

/** Open: the engine still has work with it (a call to make, or a notification to show). */
export const isOpen = (job: Job): boolean => isPending(job) || !job.notified;

/** How many jobs the history holds. */
export const jobCount = (index: JobIndex): number => index.pages.reduce((sum, p) => sum + p.size, 0);

/**
 * The finished, notified jobs the history holds (what the history limit counts): all but the open
 * ones, which are on the pages `index.open` names (`pages` must hold those).
 */
export const closedCount = (index: JobIndex, pages: ReadonlyMap<number, JobPage>): number =>
  jobCount(index) - index.open.reduce((sum, n) => sum + (pages.get(n)?.open.length ?? 0), 0);

/** Batch counts from its jobs (a job removed from the history counts as neither waiting nor done). */
export function summarizeJobs(
  total: number,
  jobs: ReadonlyArray<Job | undefined>,
): { total: number; waiting: number; done: number; failed: number; unlocked: number } {
  let waiting = 0;
  let done = 0;
  let failed = 0;
  let unlocked = 0;
  for (const job of jobs) {
    if (!job) continue;
    if (job.unlockedAt !== undefined) unlocked++;
    if (job.state === 'done') done++;
    else if (job.state === 'failed') failed++;
    else if (!isFinished(job)) waiting++;
  }
  return { total, waiting, done, failed, unlocked };
}

export interface Layout {
  index: JobIndex;
  pages: Map<number, JobPage>;
  jobs: Job[];
  batches: Batch[];
  batchJobs: Map<string, string[]>;
}

/**
 * The single list (newest first) and the batch list, as the keys of the index layout: jobs
 * oldest first in pages of JOB_PAGE_SIZE, each batch with its counts once it was notified.
 */
export function fromLegacy(legacyJobs: readonly Job[], legacyBatches: readonly LegacyBatch[]): Layout {
  const jobs = legacyJobs.slice().sort((a, b) => a.createdAt - b.createdAt);
  const pages = new Map<number, JobPage>();
  const index: JobIndex = { next: 0, pages: [], open: [] };
  for (let start = 0; start < jobs.length; start += JOB_PAGE_SIZE) {
    const chunk = jobs.slice(start, start + JOB_PAGE_SIZE);
    const page: JobPage = { ids: chunk.map((j) => j.id), open: chunk.filter(isOpen).map((j) => j.id) };
    const n = index.next++;
    pages.set(n, page);
    index.pages.push({ n, size: page.ids.length });
    if (page.open.length > 0) index.open.push(n);
  }
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const batchJobs = new Map<string, string[]>();
  const batches = legacyBatches
    .slice()
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((b): Batch => {
      batchJobs.set(b.id, b.jobIds);
      const entry: Batch = { id: b.id, createdAt: b.createdAt, total: b.jobIds.length, notified: b.notified };
      if (b.finishedAt !== undefined) entry.finishedAt = b.finishedAt;
      if (b.notified) {
        const { done, failed } = summarizeJobs(b.jobIds.length, b.jobIds.map((id) => byId.get(id)));
        entry.summary = { done, failed };
      }
      return entry;
    });
  return { index, pages, jobs, batches, batchJobs };
}

/** A layout as the storage items that hold it (key with its area, value), ready for one write. */
export function layoutItems(layout: Layout): Array<{ key: `local:${string}`; value: unknown }> {
  return [
    ...layout.jobs.map((job) => ({ key: jobKey(job.id), value: job })),
    ...[...layout.pages].map(([n, page]) => ({ key: jobPageKey(n), value: page })),
    ...[...layout.batchJobs].map(([id, ids]) => ({ key: batchJobsKey(id), value: ids })),
    { key: BATCH_INDEX_KEY, value: layout.batches },
    { key: JOB_INDEX_KEY, value: layout.index },
  ];
}
