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
    // Changes that arrive while the first read is under way are applied after it, in order.
    let early: Map<string, Job | null> | undefined = new Map();
    const unwatch = watchJobs((changes) => {
      if (changes.jobs.size === 0) return;
      if (early) {
        for (const [jobId, job] of changes.jobs) early.set(jobId, job);
        return;
      }
      setState((current) => {
        if (!current) return current;
        let next: Map<string, Job> | undefined;
        for (const [jobId, job] of changes.jobs) {
          if (!wanted.has(jobId)) continue;
          next ??= new Map(current.jobs);
          if (job) next.set(jobId, job);
          else next.delete(jobId);
        }
        return next ? { ids: current.ids, jobs: next } : current;
      });
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
      unwatch();
    };
  }, [id, total]);
  return state?.ids && id ? state : undefined;
}
