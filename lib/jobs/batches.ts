// Batches: many domains requested together. Their jobs are ordinary jobs carrying a batchId;
// the batch record only says which jobs belong together and whether the summary was shown.
import { batchesItem, type Batch } from '../storage';
import { isFinished, type Job } from './types';

export { batchesItem, type Batch } from '../storage';

export interface BatchSummary {
  total: number;
  waiting: number;
  done: number;
  failed: number;
}


let queue: Promise<unknown> = Promise.resolve();

/** Serialized read-modify-write of the batch list (see store.ts for why). */
export function updateBatches<T>(change: (batches: Batch[]) => { batches: Batch[]; result: T }): Promise<T> {
  const run = queue.then(async () => {
    const { batches, result } = change(await batchesItem.getValue());
    await batchesItem.setValue(batches);
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Counts of a batch's jobs; a job removed from the history counts as neither waiting nor done. */
export function summarize(batch: Batch, jobs: Job[]): BatchSummary {
  const ids = new Set(batch.jobIds);
  const mine = jobs.filter((j) => ids.has(j.id));
  return {
    total: batch.jobIds.length,
    waiting: mine.filter((j) => !isFinished(j)).length,
    done: mine.filter((j) => j.state === 'done').length,
    failed: mine.filter((j) => j.state === 'failed').length,
  };
}

/** A batch is finished when every one of its jobs is (a dismissed job counts as finished). */
export function isBatchFinished(batch: Batch, jobs: Job[]): boolean {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return batch.jobIds.every((id) => {
    const job = byId.get(id);
    return !job || isFinished(job);
  });
}
