// Reading the jobs as the pages do: newest first, a page at a time, and live; and the engine's
// circuit (local:circuit), live through the same one listener. Read-only (the worker's
// lib/jobs/store.ts is the one writer); no cache, so a reader never holds a stale copy.
import { storage } from '@wxt-dev/storage';
import { browser } from 'wxt/browser';
import {
  batchIndexItem,
  batchJobsKey,
  BATCH_INDEX_CHANGE_KEY,
  circuitItem,
  jobIndexItem,
  jobKey,
  jobPageKey,
  JOB_CHANGE_PREFIX,
  JOB_INDEX_CHANGE_KEY,
  type Batch,
  type JobIndex,
  type JobPage,
} from '../storage';
import type { Circuit } from '../protocol';
import { jobCount } from './layout';
import type { Job } from './types';

/** The circuit's key as storage.onChanged names it (circuitItem is `local:circuit`). */
const CIRCUIT_CHANGE_KEY = 'circuit';

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
  /** The engine's circuit was written: its new value (null when closed); undefined when untouched. */
  circuit?: Circuit | null;
}

/** Sorts one storage change event into job, index and batch changes. Pure. */
export function jobChanges(changes: Record<string, { newValue?: unknown }>): JobChanges {
  const jobs = new Map<string, Job | null>();
  let index = false;
  let batches = false;
  let circuit: Circuit | null | undefined;
  for (const [key, change] of Object.entries(changes)) {
    if (key.startsWith(JOB_CHANGE_PREFIX)) jobs.set(key.slice(JOB_CHANGE_PREFIX.length), (change.newValue as Job | undefined) ?? null);
    else if (key === JOB_INDEX_CHANGE_KEY) index = true;
    else if (key === BATCH_INDEX_CHANGE_KEY) batches = true;
    else if (key === CIRCUIT_CHANGE_KEY) circuit = asCircuit(change.newValue);
  }
  return circuit === undefined ? { jobs, index, batches } : { jobs, index, batches, circuit };
}

/** Calls `listener` with every change to the jobs or batches (one storage listener, not one per job). */
export function watchJobs(listener: (changes: JobChanges) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
    const sorted = jobChanges(changes);
    if (sorted.jobs.size > 0 || sorted.index || sorted.batches || sorted.circuit !== undefined) listener(sorted);
  };
  browser.storage.local.onChanged.addListener(onChanged);
  return () => browser.storage.local.onChanged.removeListener(onChanged);
}

/** A stored circuit, or null when there is none or it is not one (pages only show it). Pure. */
export function asCircuit(value: unknown): Circuit | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Partial<Record<keyof Circuit, unknown>>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  return typeof c.cause === 'string' && finite(c.since) && finite(c.failures) && finite(c.nextProbeAt) ? (value as Circuit) : null;
}

/** The engine's circuit (local:circuit): set while Alibaba Cloud is unreachable or throttling. */
export async function readCircuit(): Promise<Circuit | null> {
  return asCircuit(await circuitItem.getValue());
}

/** Calls `listener` with the circuit's new value at every change (through watchJobs' one listener). */
export function watchCircuit(listener: (circuit: Circuit | null) => void): () => void {
  return watchJobs((changes) => {
    if (changes.circuit !== undefined) listener(changes.circuit);
  });
}
