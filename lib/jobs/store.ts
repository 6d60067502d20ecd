// Jobs in storage.local, newest first. Every change goes through one queue, so two pollers
// (a timer and an alarm, or two wakes) can never interleave their read-modify-write cycles.
import { MAX_BATCH } from '../protocol/limits';
import { jobsItem } from '../storage';
import { isFinished, type Job } from './types';

/**
 * Finished jobs kept as history; pending jobs are never dropped. Twice the largest batch, so a
 * batch never pushes its own results out while it runs.
 */
export const HISTORY_LIMIT = 2 * MAX_BATCH;

export { jobsItem } from '../storage';

interface PendingChange {
  change: (jobs: Job[]) => { jobs: Job[]; result: unknown };
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

let pending: PendingChange[] = [];
let flushing = false;

/**
 * Runs `change` on the current list and saves its result. Changes apply strictly one after the
 * other, each to the result of the one before; those that arrive while a write is under way are
 * applied together and saved in one write (a batch changes jobs faster than the whole list can
 * be rewritten one change at a time).
 */
export function updateJobs<T>(change: (jobs: Job[]) => { jobs: Job[]; result: T }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.push({ change, resolve: (r) => resolve(r as T), reject });
    if (!flushing) void flush();
  });
}

async function flush(): Promise<void> {
  flushing = true;
  while (pending.length > 0) {
    const group = pending;
    pending = [];
    try {
      let jobs = await jobsItem.getValue();
      const outcomes = group.map(({ change }) => {
        try {
          const next = change(jobs);
          jobs = next.jobs;
          return { ok: true as const, result: next.result };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      await jobsItem.setValue(trimHistory(jobs));
      group.forEach((p, i) => {
        const o = outcomes[i];
        if (o.ok) p.resolve(o.result);
        else p.reject(o.error);
      });
    } catch (error) {
      for (const p of group) p.reject(error);
    }
  }
  flushing = false;
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
