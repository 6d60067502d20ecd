// Batches: many domains requested together. Their jobs are ordinary jobs carrying a batchId; the
// batch record says how many there are and whether the summary was shown, and its job ids are
// kept under their own key, written once (lib/storage.ts).
import { storage } from '@wxt-dev/storage';
import { batchIndexItem, batchJobsKey, type Batch } from '../storage';
import { summarizeJobs } from './layout';

export { batchIndexItem, type Batch } from '../storage';

export interface BatchSummary {
  total: number;
  waiting: number;
  done: number;
  failed: number;
  /** Jobs whose transfer lock the batch turned off before asking for the code. */
  unlocked: number;
  /** How many locks the batch asked to turn off (Batch.unlockAsked), when it asked. */
  unlockAsked?: number;
}

export const summarize = summarizeJobs;

let queue: Promise<unknown> = Promise.resolve();

/** Serialized read-modify-write of the batch list (small: the job ids are elsewhere). */
export function updateBatches<T>(change: (batches: Batch[]) => { batches: Batch[]; result: T }): Promise<T> {
  const run = queue.then(async () => {
    const { batches, result } = change(await batchIndexItem.getValue());
    await batchIndexItem.setValue(batches);
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}

export async function saveBatchJobs(batchId: string, jobIds: readonly string[]): Promise<void> {
  await storage.setItem(batchJobsKey(batchId), jobIds);
}

export async function readBatchJobs(batchId: string): Promise<string[]> {
  return (await storage.getItem<string[]>(batchJobsKey(batchId))) ?? [];
}

/** Removes batches and their id lists. */
export async function removeBatches(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const gone = new Set(ids);
  await updateBatches((batches) => ({ batches: batches.filter((b) => !gone.has(b.id)), result: undefined }));
  await storage.removeItems(ids.map(batchJobsKey));
}
