// Jobs in storage.local, newest first. Every change goes through one queue, so two pollers
// (a timer and an alarm, or two wakes) can never interleave their read-modify-write cycles.
import { storage } from '@wxt-dev/storage';
import { MAX_BATCH } from '../domain/limits';
import { isFinished, type Job } from './types';

/**
 * Finished jobs kept as history; pending jobs are never dropped. Twice the largest batch, so a
 * batch never pushes its own results out while it runs.
 */
export const HISTORY_LIMIT = 2 * MAX_BATCH;

export const jobsItem = storage.defineItem<Job[]>('local:jobs', {
  fallback: [],
  version: 1,
});

let queue: Promise<unknown> = Promise.resolve();

/** Runs `change` on the current list and saves its result, strictly one change at a time. */
export function updateJobs<T>(change: (jobs: Job[]) => { jobs: Job[]; result: T }): Promise<T> {
  const run = queue.then(async () => {
    const { jobs, result } = change(await jobsItem.getValue());
    await jobsItem.setValue(trimHistory(jobs));
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Replaces one job by id with `change(job)`; resolves to the saved job, or undefined if it is gone. */
export function updateJob(id: string, change: (job: Job) => Job): Promise<Job | undefined> {
  return updateJobs((jobs) => {
    const index = jobs.findIndex((j) => j.id === id);
    if (index < 0) return { jobs, result: undefined };
    const next = change(jobs[index]);
    const copy = jobs.slice();
    copy[index] = next;
    return { jobs: copy, result: next };
  });
}

export async function getJobs(): Promise<Job[]> {
  return jobsItem.getValue();
}

export async function getJob(id: string): Promise<Job | undefined> {
  return (await jobsItem.getValue()).find((j) => j.id === id);
}

/** Newest first; of the finished jobs only the newest HISTORY_LIMIT stay. */
export function trimHistory(jobs: Job[]): Job[] {
  const sorted = jobs.slice().sort((a, b) => b.createdAt - a.createdAt);
  let finished = 0;
  return sorted.filter((job) => !isFinished(job) || ++finished <= HISTORY_LIMIT);
}
