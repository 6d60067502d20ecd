import { describe, expect, it, vi } from 'vitest';
import { HISTORY_LIMIT, trimHistory } from '../../lib/jobs/store';
import { newJob } from '../../lib/jobs/transitions';
import type { Job, JobState } from '../../lib/jobs/types';
import { MAX_BATCH } from '../../lib/protocol/limits';

const job = (i: number, state: JobState): Job => ({
  ...newJob({ id: `j${i}`, domain: `d${i}.com`, site: 'cn', profileId: 'p' }, i),
  state,
});

describe('trimHistory', () => {
  it('keeps more finished jobs than the largest batch has domains', () => {
    expect(HISTORY_LIMIT).toBeGreaterThan(MAX_BATCH);
  });

  it.each([
    ['under the limit: nothing dropped', 10, 0, 10],
    ['exactly the limit', HISTORY_LIMIT, 0, HISTORY_LIMIT],
    ['over the limit: the oldest finished go', HISTORY_LIMIT + 5, 0, HISTORY_LIMIT],
    ['pending jobs never go', HISTORY_LIMIT + 5, 7, HISTORY_LIMIT + 7],
  ])('%s', (_name, finished, pending, kept) => {
    const jobs = [
      ...Array.from({ length: finished }, (_, i) => job(i, i % 2 ? 'done' : 'failed')),
      ...Array.from({ length: pending }, (_, i) => job(-1 - i, 'waiting')),
    ];
    const out = trimHistory(jobs);
    expect(out).toHaveLength(kept);
    expect(out.filter((j) => j.state === 'waiting')).toHaveLength(pending);
    // newest first, and the dropped ones are the oldest finished
    for (let i = 1; i < out.length; i++) expect(out[i - 1].createdAt).toBeGreaterThanOrEqual(out[i].createdAt);
    if (finished > HISTORY_LIMIT) expect(out.some((j) => j.id === 'j0')).toBe(false);
  });
});

describe('updateJobs', () => {
  it('applies concurrent changes in order, each to the result of the one before, in fewer writes', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    const { jobsItem, updateJobs } = await import('../../lib/jobs/store');
    fakeBrowser.reset();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        updateJobs((jobs) => ({ jobs: [...jobs, job(i, 'waiting')], result: jobs.length })),
      ),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i)); // each saw all earlier changes
    expect((await jobsItem.getValue()).map((j) => j.id).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `j${i}`).sort());
    expect(set.mock.calls.length).toBeLessThan(50);
  });

  it('a change that throws fails alone; the others are saved', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    const { jobsItem, updateJobs } = await import('../../lib/jobs/store');
    fakeBrowser.reset();
    const good = updateJobs((jobs) => ({ jobs: [...jobs, job(1, 'waiting')], result: 'ok' }));
    const bad = updateJobs(() => {
      throw new Error('boom');
    });
    const after = updateJobs((jobs) => ({ jobs: [...jobs, job(2, 'waiting')], result: jobs.length }));
    await expect(good).resolves.toBe('ok');
    await expect(bad).rejects.toThrow('boom');
    await expect(after).resolves.toBe(1);
    expect((await jobsItem.getValue()).map((j) => j.id).sort()).toEqual(['j1', 'j2']);
  });
});
