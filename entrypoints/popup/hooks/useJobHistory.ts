import { useCallback, useEffect, useRef, useState } from 'react';
import { jobCount } from '@/lib/jobs/layout';
import { newestIds, readJobIndex, readJobs, watchJobs } from '@/lib/jobs/reader';
import type { Job } from '@/lib/jobs/types';

/** Jobs per page of the list: about what the popup shows without scrolling. */
export const HISTORY_PAGE = 10;

export interface JobHistory {
  /** The shown jobs, newest first (undefined until the first read). */
  jobs: Job[] | undefined;
  /** Older jobs exist beyond the shown ones. */
  more: boolean;
  /** Shows the next page of older jobs. */
  showMore(): void;
}

/**
 * The newest jobs, a page at a time, live: a change to a shown job updates it from the change
 * itself (no read); a job added or removed reads the index and the pages it needs. `pinned` (a job
 * a notification click asked for) is shown even when it is older than the pages shown.
 */
export function useJobHistory(pinned?: string): JobHistory {
  const [count, setCount] = useState(HISTORY_PAGE);
  const [state, setState] = useState<{ jobs: Job[]; total: number } | undefined>(undefined);
  const reads = useRef(0);
  /** The index's pages and sizes as last read: a job that only opened or closed changes neither. */
  const shape = useRef('');
  /** Job changes seen while a read is under way: applied on top of what it read. */
  const early = useRef<Map<string, Job | null> | undefined>(undefined);

  const reload = useCallback(async (shown: number, force: boolean) => {
    const seq = ++reads.current;
    const index = await readJobIndex();
    const signature = `${shown}:${index.pages.map((p) => `${p.n}.${p.size}`).join(',')}`;
    if (!force && signature === shape.current) return;
    shape.current = signature;
    early.current ??= new Map();
    const ids = await newestIds(index, shown);
    if (pinned && !ids.includes(pinned)) ids.push(pinned);
    const read = await readJobs(ids);
    if (seq !== reads.current) return; // a newer read is under way
    const changed = early.current ?? new Map<string, Job | null>();
    early.current = undefined;
    const jobs = read.flatMap((job) => {
      const next = changed.get(job.id);
      return next === undefined ? [job] : next ? [next] : [];
    });
    setState({ jobs, total: jobCount(index) });
  }, [pinned]);

  useEffect(() => {
    void reload(count, true);
    return watchJobs((changes) => {
      if (changes.index) void reload(count, false);
      if (changes.jobs.size === 0) return;
      if (early.current) for (const [id, job] of changes.jobs) early.current.set(id, job);
      setState((current) => {
        if (!current) return current;
        let touched = false;
        const jobs = current.jobs.flatMap((job) => {
          if (!changes.jobs.has(job.id)) return [job];
          touched = true;
          const next = changes.jobs.get(job.id);
          return next ? [next] : [];
        });
        return touched ? { ...current, jobs } : current;
      });
    });
  }, [count, reload]);

  const showMore = useCallback(() => setCount((c) => c + HISTORY_PAGE), []);
  const shown = state?.jobs.length ?? 0;
  return { jobs: state?.jobs, more: state !== undefined && state.total > shown, showMore };
}
