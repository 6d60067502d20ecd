// Reading the jobs as the pages do: newest first, a page at a time, and live. Read-only (the
// worker's lib/jobs/store.ts is the one writer); no cache, so a reader never holds a stale copy.
import { storage } from '@wxt-dev/storage';
import { browser } from 'wxt/browser';
import {
  batchIndexItem,
  batchJobsKey,
  BATCH_INDEX_CHANGE_KEY,
  jobIndexItem,
  jobKey,
  jobPageKey,
  JOB_CHANGE_PREFIX,
  JOB_INDEX_CHANGE_KEY,
  type Batch,
  type JobIndex,
  type JobPage,
} from '../storage';
import { jobCount } from './layout';
import type { Job } from './types';

const EMPTY: JobIndex = { next: 0, pages: [], open: [] };

export async function readJobIndex(): Promise<JobIndex> {
  return (await jobIndexItem.getValue()) ?? EMPTY;
}

/** The ids of the newest `count` jobs after skipping `skip`, newest first, reading only their pages. */
export async function newestIds(index: JobIndex, count: number, skip = 0): Promise<string[]> {
  const wanted: number[] = [];
  let seen = 0;
  for (let i = index.pages.length - 1; i >= 0 && seen < skip + count; i--) {
    const entry = index.pages[i];
    if (!entry) continue;
    wanted.push(entry.n);
    seen += entry.size;
  }
  if (wanted.length === 0) return [];
  const read = await storage.getItems(wanted.map(jobPageKey));
  const ids = read.flatMap((r) => ((r.value as JobPage | null)?.ids ?? []).slice().reverse());
  return ids.slice(skip, skip + count);
}

/** Jobs by id, in that order; ids without a job are left out. */
export async function readJobs(ids: readonly string[]): Promise<Job[]> {
  if (ids.length === 0) return [];
  const read = await storage.getItems(ids.map(jobKey));
  return read.flatMap((r) => (r.value ? [r.value as Job] : []));
}

export async function readJob(id: string): Promise<Job | undefined> {
  return (await storage.getItem<Job>(jobKey(id))) ?? undefined;
}

/** The newest `count` jobs, and how many jobs the history holds in all. */
export async function readNewest(count: number): Promise<{ jobs: Job[]; total: number }> {
  const index = await readJobIndex();
  const total = jobCount(index);
  return { jobs: await readJobs(await newestIds(index, count)), total };
}

/** Every job, newest first (tests and diagnostics: this reads the whole history). */
export async function readAllJobs(): Promise<Job[]> {
  const index = await readJobIndex();
  return readJobs(await newestIds(index, Infinity));
}

export async function readBatches(): Promise<Batch[]> {
  return batchIndexItem.getValue();
}

export async function readBatchJobIds(batchId: string): Promise<string[]> {
  return (await storage.getItem<string[]>(batchJobsKey(batchId))) ?? [];
}

export interface JobChanges {
  /** Jobs written (the new value) or removed (null), by id. */
  jobs: Map<string, Job | null>;
  /** A job was added, moved or removed from the history's pages. */
  index: boolean;
  /** The batch list changed. */
  batches: boolean;
}

/** Sorts one storage change event into job, index and batch changes. Pure. */
export function jobChanges(changes: Record<string, { newValue?: unknown }>): JobChanges {
  const jobs = new Map<string, Job | null>();
  let index = false;
  let batches = false;
  for (const [key, change] of Object.entries(changes)) {
    if (key.startsWith(JOB_CHANGE_PREFIX)) jobs.set(key.slice(JOB_CHANGE_PREFIX.length), (change.newValue as Job | undefined) ?? null);
    else if (key === JOB_INDEX_CHANGE_KEY) index = true;
    else if (key === BATCH_INDEX_CHANGE_KEY) batches = true;
  }
  return { jobs, index, batches };
}

/** Calls `listener` with every change to the jobs or batches (one storage listener, not one per job). */
export function watchJobs(listener: (changes: JobChanges) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
    const sorted = jobChanges(changes);
    if (sorted.jobs.size > 0 || sorted.index || sorted.batches) listener(sorted);
  };
  browser.storage.local.onChanged.addListener(onChanged);
  return () => browser.storage.local.onChanged.removeListener(onChanged);
}
