import { useEffect, useState } from 'react';
import { readBatches, readBatchJobIds, readJobs, watchJobs } from '@/lib/jobs/reader';
import type { Batch } from '@/lib/jobs/batches';
import type { Job } from '@/lib/jobs/types';

/** The batch list, live (undefined until the first read). */
export function useBatches(): Batch[] | undefined {
  const [batches, setBatches] = useState<Batch[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const read = () => void readBatches().then((b) => live && setBatches(b));
    read();
    const unwatch = watchJobs((changes) => {
      if (changes.batches) read();
    });
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return batches;
}

/** How often a running batch's changes reach the page (ms): 10 renders a second at most. */
const APPLY_EVERY_MS = 100;

export interface BatchJobs {
  /** The batch's job ids, in the order given. */
  ids: string[];
  /** Its jobs still in the history, by id. */
  jobs: ReadonlyMap<string, Job>;
}

/**
 * One batch's jobs, live: read once (ids, then the jobs in one read), then each change applied
 * from the change itself. The ids are read again while the batch is still being started (its
 * total is 0), since they are written after the batch record.
 */
export function useBatchJobs(batch: Batch | undefined): BatchJobs | undefined {
  const [state, setState] = useState<BatchJobs | undefined>(undefined);
  const id = batch?.id;
  const total = batch?.total ?? 0;
  useEffect(() => {
    if (!id) {
      setState(undefined);
      return;
    }
    let live = true;
    let wanted = new Set<string>();
    // A running batch of 1,000 writes a job about 30 times a second: the changes are applied
    // together, at most every APPLY_EVERY_MS, so the page renders at most that often.
    let pending = new Map<string, Job | null>();
    let flush: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      flush = undefined;
      const batch = pending;
      pending = new Map();
      if (!live || batch.size === 0) return;
      setState((current) => {
        if (!current) return current;
        const next = new Map(current.jobs);
        for (const [jobId, job] of batch) {
          if (job) next.set(jobId, job);
          else next.delete(jobId);
        }
        return { ids: current.ids, jobs: next };
      });
    };
    // Changes that arrive while the first read is under way are applied after it, in order.
    let early: Map<string, Job | null> | undefined = new Map();
    const unwatch = watchJobs((changes) => {
      if (changes.jobs.size === 0) return;
      if (early) {
        for (const [jobId, job] of changes.jobs) early.set(jobId, job);
        return;
      }
      let relevant = false;
      for (const [jobId, job] of changes.jobs) {
        if (!wanted.has(jobId)) continue;
        pending.set(jobId, job);
        relevant = true;
      }
      if (relevant && flush === undefined) flush = setTimeout(apply, APPLY_EVERY_MS);
    });
    void (async () => {
      const ids = await readBatchJobIds(id);
      wanted = new Set(ids);
      const byId = new Map((await readJobs(ids)).map((j) => [j.id, j]));
      for (const [jobId, job] of early ?? []) {
        if (!wanted.has(jobId)) continue;
        if (job) byId.set(jobId, job);
        else byId.delete(jobId);
      }
      early = undefined;
      if (live) setState({ ids, jobs: byId });
    })();
    return () => {
      live = false;
      if (flush !== undefined) clearTimeout(flush);
      unwatch();
    };
  }, [id, total]);
  return state?.ids && id ? state : undefined;
}
