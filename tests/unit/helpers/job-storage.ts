// Jobs and batches written straight into the fake browser's storage in the index layout (what the
// worker's store writes), and read back: for tests that set a scene or check the outcome.
import { storage } from '@wxt-dev/storage';
import { browser } from 'wxt/browser';
import { fromLegacy, layoutItems } from '../../../lib/jobs/layout';
import { readAllJobs } from '../../../lib/jobs/reader';
import { readBatches, readBatchJobIds } from '../../../lib/jobs/reader';
import type { LegacyBatch } from '../../../lib/storage';
import type { Job } from '../../../lib/jobs/types';

export { readAllJobs as storedJobs } from '../../../lib/jobs/reader';

const LAYOUT_PREFIXES = ['job:', 'jobPage:', 'batchJobs:'];

/** Replaces every job and batch with these (batches as the old list shape: with their job ids). */
export async function seedJobs(jobs: readonly Job[], batches?: readonly LegacyBatch[]): Promise<void> {
  const keep = batches ?? (await currentBatches());
  const items = layoutItems(fromLegacy(jobs, keep));
  const fresh = new Set(items.map((i) => i.key.slice('local:'.length)));
  const stale = Object.keys(await browser.storage.local.get(null)).filter((k) => LAYOUT_PREFIXES.some((p) => k.startsWith(p)) && !fresh.has(k));
  if (stale.length > 0) await browser.storage.local.remove(stale);
  await storage.setItems(items);
}

/** Replaces every batch (and their id lists), leaving the jobs as they are. */
export async function seedBatches(batches: readonly LegacyBatch[]): Promise<void> {
  await seedJobs(await readAllJobs(), batches);
}

export async function currentBatches(): Promise<LegacyBatch[]> {
  return Promise.all((await readBatches()).map(async (b) => ({ id: b.id, createdAt: b.createdAt, jobIds: await readBatchJobIds(b.id), notified: b.notified, ...(b.finishedAt === undefined ? {} : { finishedAt: b.finishedAt }) })));
}
