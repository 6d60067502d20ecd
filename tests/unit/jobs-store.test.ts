// The worker's job store (lib/jobs/store.ts) and the layout it writes (lib/jobs/layout.ts): writes
// that do not grow with the history, the open jobs found without reading a closed one, the queue's
// guarantees (each change sees the one before, group commits, a failing change fails alone), the
// history limit, Retry, removal.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closedCount, fromLegacy, isOpen } from '../../lib/jobs/layout';
import type { JobIndex, JobPage } from '../../lib/storage';
import { readAllJobs, readJobIndex, readNewest } from '../../lib/jobs/reader';
import { createJobStore, HISTORY_LIMIT } from '../../lib/jobs/store';
import { newJob } from '../../lib/jobs/transitions';
import type { Job, JobState } from '../../lib/jobs/types';
import { MAX_BATCH } from '../../lib/protocol/limits';
import { JOB_PAGE_SIZE } from '../../lib/storage';
import { seedJobs } from './helpers/job-storage';

const job = (i: number, state: JobState, extra: Partial<Job> = {}): Job => ({
  ...newJob({ id: `j${i}`, domain: `d${i}.com`, site: 'cn', profileId: 'p' }, 1_000 + i),
  state,
  notified: state === 'done' || state === 'failed',
  ...extra,
});

/** Finished, notified jobs 0..n-1 (oldest first). */
const history = (n: number) => Array.from({ length: n }, (_, i) => job(i, i % 3 ? 'done' : 'failed', { code: i % 3 ? `CODE-${i}` : undefined }));

/** Bytes and keys of every storage.local.set call while `run` runs. */
async function writes(run: () => Promise<unknown>): Promise<{ bytes: number; keys: string[] }> {
  const set = vi.spyOn(fakeBrowser.storage.local, 'set');
  try {
    await run();
    const items = set.mock.calls.map((c) => c[0] as Record<string, unknown>);
    return { bytes: items.reduce((sum, i) => sum + JSON.stringify(i).length, 0), keys: items.flatMap((i) => Object.keys(i)) };
  } finally {
    set.mockRestore();
  }
}

/** Every key storage.local.get was asked for while `run` runs. */
async function reads(run: () => Promise<unknown>): Promise<string[]> {
  const get = vi.spyOn(fakeBrowser.storage.local, 'get');
  try {
    await run();
    return get.mock.calls.flatMap((c) => {
      const keys = c[0] as string | string[] | null;
      return keys === null ? ['*'] : Array.isArray(keys) ? keys : [keys];
    });
  } finally {
    get.mockRestore();
  }
}

beforeEach(() => {
  fakeBrowser.reset();
});

async function storedPages(index: JobIndex): Promise<Map<number, JobPage>> {
  const got = await fakeBrowser.storage.local.get(index.pages.map((p) => `jobPage:${p.n}`));
  return new Map(index.pages.map((p) => [p.n, got[`jobPage:${p.n}`] as JobPage]));
}

describe('the layout', () => {
  it.each([
    ['no jobs', 0, 0, []],
    ['one page', 3, 1, [3]],
    ['exactly one page', JOB_PAGE_SIZE, 1, [JOB_PAGE_SIZE]],
    ['one more than a page', JOB_PAGE_SIZE + 1, 2, [JOB_PAGE_SIZE, 1]],
    ['2,000 jobs', 2_000, Math.ceil(2_000 / JOB_PAGE_SIZE), Array.from({ length: Math.ceil(2_000 / JOB_PAGE_SIZE) }, () => JOB_PAGE_SIZE)],
  ])('%s: pages oldest first, filled in creation order', (_name, n, pages, sizes) => {
    const layout = fromLegacy(history(n).reverse(), []);
    expect(layout.index.pages).toHaveLength(pages);
    expect(layout.index.pages.map((p) => p.size)).toEqual(sizes);
    expect(layout.index.next).toBe(pages);
    expect([...layout.pages.values()].flatMap((p) => p.ids)).toEqual(history(n).map((j) => j.id));
  });

  it.each([
    ['pending', job(1, 'waiting'), true],
    ['submitting', job(1, 'submitting'), true],
    ['done and notified', job(1, 'done'), false],
    ['done, notification not shown yet', job(1, 'done', { notified: false }), true],
    ['failed and notified', job(1, 'failed'), false],
  ])('a job %s is open: %s', (_name, j, open) => {
    expect(isOpen(j)).toBe(open);
  });

  it('counts the closed jobs and finds the pages with open ones from the index alone', () => {
    const jobs = [...history(120), job(500, 'waiting', { createdAt: 10 }), job(501, 'done', { notified: false, createdAt: 5_000 })];
    const { index, pages } = fromLegacy(jobs, []);
    expect(closedCount(index, pages)).toBe(120);
    expect(index.open).toEqual([0, 2]); // the oldest page (createdAt 10) and the newest
  });
});

describe('the job store', () => {
  it('a poll writes that job only, a close its page too, and no more bytes with 1,998 jobs in the history than with 48 (the same page fill)', async () => {
    const perHistory: number[] = [];
    for (const size of [48, 1_998]) {
      fakeBrowser.reset();
      // two open jobs on the newest page: closing one leaves the page open (the index stays as it is)
      await seedJobs([...history(size), job(9_000, 'waiting', { createdAt: 10_000 }), job(9_001, 'waiting', { createdAt: 10_001 })]);
      const store = createJobStore();
      await store.openJobs();
      const poll = await writes(() => store.update('j9000', (j) => ({ ...j, polls: j.polls + 1, apiCalls: j.apiCalls + 1 })));
      expect(poll.keys).toEqual(['job:j9000']);
      const close = await writes(() => store.update('j9000', (j) => ({ ...j, state: 'done', code: 'C', finishedAt: 20_000, notified: true })));
      const page = `jobPage:${Math.floor(size / JOB_PAGE_SIZE)}`;
      expect(close.keys.sort()).toEqual(['job:j9000', page].sort());
      // the page's last open job closing: the index says so (it is the only index write)
      const last = await writes(() => store.update('j9001', (j) => ({ ...j, state: 'failed', finishedAt: 20_000, notified: true })));
      expect(last.keys.sort()).toEqual(['job:j9001', 'jobIndex', page].sort());
      perHistory.push(poll.bytes + close.bytes);
    }
    // the same: only the ids are longer (j1950 against j0), 2 or 3 characters for each of the page's 50
    expect(perHistory[1]! - perHistory[0]!).toBeLessThanOrEqual(3 * JOB_PAGE_SIZE);
  });

  it('finds the open jobs reading the index, their pages and their jobs only', async () => {
    await seedJobs([...history(300), job(900, 'waiting', { createdAt: 20 }), job(901, 'waiting', { createdAt: 50_000 })]);
    const store = createJobStore();
    let open: Job[] = [];
    const keys = await reads(async () => (open = await store.openJobs()));
    expect(open.map((j) => j.id).sort()).toEqual(['j900', 'j901']);
    const jobKeys = keys.filter((k) => k.startsWith('job:'));
    expect(jobKeys.sort()).toEqual(['job:j900', 'job:j901']);
    expect(keys.filter((k) => k.startsWith('jobPage:')).length).toBe(2);
    // and from memory afterwards
    expect(await reads(() => store.openJobs())).toEqual([]);
    expect(await reads(() => store.get('j901'))).toEqual([]);
  });

  it('applies concurrent changes in order, each to the result of the one before, in fewer writes', async () => {
    await seedJobs([job(1, 'waiting')]);
    const store = createJobStore();
    await store.openJobs();
    let results: number[] = [];
    const w = await writes(async () => {
      results = await Promise.all(
        Array.from({ length: 50 }, async () => (await store.update('j1', (j) => ({ ...j, polls: j.polls + 1 })))?.polls ?? -1),
      );
    });
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await readAllJobs())[0]?.polls).toBe(50);
    expect(w.keys.length).toBeLessThan(50);
  });

  it('creates jobs in one write, and two plans never both think a domain is new', async () => {
    const store = createJobStore();
    const plan = (id: number) => (open: readonly Job[]) => {
      const exists = open.some((j) => j.domain === 'same.com');
      return { jobs: exists ? [] : [job(id, 'submitting', { domain: 'same.com' })], result: !exists };
    };
    const w = await writes(async () => {
      expect(await Promise.all([store.create(plan(1)), store.create(plan(2))])).toEqual([true, false]);
    });
    expect((await readAllJobs()).map((j) => j.domain)).toEqual(['same.com']);
    expect(w.keys.filter((k) => k === 'jobIndex')).toHaveLength(1);
  });

  it('a change that throws fails alone; the others are saved', async () => {
    await seedJobs([job(1, 'waiting'), job(2, 'waiting')]);
    const store = createJobStore();
    const good = store.update('j1', (j) => ({ ...j, polls: 7 }));
    const bad = store.update('j2', () => {
      throw new Error('boom');
    });
    const after = store.update('j2', (j) => ({ ...j, polls: 3 }));
    await expect(good).resolves.toMatchObject({ polls: 7 });
    await expect(bad).rejects.toThrow('boom');
    await expect(after).resolves.toMatchObject({ polls: 3 });
    expect((await readAllJobs()).map((j) => [j.id, j.polls]).sort()).toEqual([['j1', 7], ['j2', 3]]);
  });

  it('a failed write is tried again with the next one: nothing is lost', async () => {
    await seedJobs([job(1, 'waiting')]);
    const store = createJobStore();
    await store.openJobs();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('quota'));
    await expect(store.update('j1', (j) => ({ ...j, polls: 1 }))).rejects.toThrow('quota');
    await store.update('j1', (j) => ({ ...j, retries: 1 }));
    set.mockRestore();
    expect((await readAllJobs())[0]).toMatchObject({ polls: 1, retries: 1 });
  });

  it.each([
    ['under the limit: nothing dropped', 10, 0, 10],
    ['exactly the limit', HISTORY_LIMIT, 0, HISTORY_LIMIT],
    ['less than a page over the limit: nothing dropped yet', HISTORY_LIMIT + JOB_PAGE_SIZE - 1, 0, HISTORY_LIMIT + JOB_PAGE_SIZE - 1],
    ['a page over the limit: the oldest page goes', HISTORY_LIMIT + JOB_PAGE_SIZE, 0, HISTORY_LIMIT],
    // the first page holds the 7 open jobs and 43 closed ones: those 43 go, 2,012 closed stay
    ['open jobs never go', HISTORY_LIMIT + JOB_PAGE_SIZE + 5, 7, HISTORY_LIMIT + 12 + 7],
  ])('history limit, a page at a time: %s', async (_name, closed, open, kept) => {
    expect(HISTORY_LIMIT).toBeGreaterThan(MAX_BATCH);
    // the open ones are the oldest of all (on the first page): they still stay
    await seedJobs([...Array.from({ length: open }, (_, i) => job(5_000 + i, 'waiting', { createdAt: i })), ...history(closed - 1)]);
    const store = createJobStore();
    let indexWrites = 0;
    const w = await writes(async () => {
      await store.create(() => ({ jobs: [job(9_999, 'done', { createdAt: 99_999 })], result: undefined }));
      await vi.waitFor(async () => expect((await readAllJobs()).length).toBe(kept));
    });
    indexWrites = w.keys.filter((k) => k === 'jobIndex').length;
    const left = await readAllJobs();
    expect(left.filter((j) => j.state === 'waiting')).toHaveLength(open);
    if (kept < closed + open) expect(left.some((j) => j.id === 'j0')).toBe(false);
    const index = await readJobIndex();
    expect(index.pages.reduce((s, p) => s + p.size, 0)).toBe(kept);
    const closedLeft = closedCount(index, await storedPages(index));
    expect(closedLeft).toBeGreaterThanOrEqual(Math.min(closed, HISTORY_LIMIT));
    expect(closedLeft).toBeLessThan(HISTORY_LIMIT + JOB_PAGE_SIZE);
    expect(indexWrites).toBeLessThanOrEqual(2); // the create, and at most one trim
  });

  it('Retry moves a job from far back in the history to the newest page; the pages say who is open', async () => {
    await seedJobs(history(200));
    const store = createJobStore();
    await store.update('j3', (j) => ({ ...j, state: 'submitting', notified: false, createdAt: 50_000 }));
    const { jobs } = await readNewest(1);
    expect(jobs[0]?.id).toBe('j3');
    const index = await readJobIndex();
    expect(index.pages.reduce((s, p) => s + p.size, 0)).toBe(200);
    expect(index.open).toEqual([index.pages[index.pages.length - 1]!.n]);
    expect(closedCount(index, await storedPages(index))).toBe(199);
    expect((await createJobStore().openJobs()).map((j) => j.id)).toEqual(['j3']);
  });

  it('removes jobs and clears the closed ones, keeping the open ones', async () => {
    await seedJobs([...history(120), job(700, 'waiting', { createdAt: 60_000 })]);
    const store = createJobStore();
    expect(await store.remove(['j5', 'nope'])).toBe(1);
    expect((await readAllJobs()).some((j) => j.id === 'j5')).toBe(false);
    expect(await store.clearClosed()).toHaveLength(119);
    expect((await readAllJobs()).map((j) => j.id)).toEqual(['j700']);
    const left = Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('job'));
    expect(left.sort()).toEqual(['job:j700', 'jobIndex', `jobPage:${Math.floor(120 / JOB_PAGE_SIZE)}`]);
  });

  it('reads the newest jobs a page at a time, newest first, whatever the history holds', async () => {
    await seedJobs(history(2_000));
    const keys = await reads(async () => {
      const { jobs, total } = await readNewest(10);
      expect(total).toBe(2_000);
      expect(jobs.map((j) => j.id)).toEqual(Array.from({ length: 10 }, (_, i) => `j${1_999 - i}`));
    });
    expect(keys.filter((k) => k.startsWith('job:'))).toHaveLength(10);
    expect(keys.filter((k) => k.startsWith('jobPage:'))).toHaveLength(1);
  });
});

describe('the codes’ bookkeeping', () => {
  it('updateMany edits many jobs in one write, each as it is in the queue, and keeps closed ones out of memory', async () => {
    await seedJobs(history(120));
    const store = createJobStore();
    const ids = history(120).filter((j) => j.code).map((j) => j.id);
    const edit = (j: Job): Job => (j.code ? { ...j, code: `${j.code}!` } : j);
    const written = await writes(async () => expect(await store.updateMany([...ids, 'gone'], edit)).toBe(ids.length));
    // the jobs, and nothing else (no page, no index: none opened or closed)
    expect(written.keys.sort()).toEqual(ids.map((id) => `job:${id}`).sort());
    expect((await readAllJobs()).filter((j) => j.code).every((j) => j.code?.endsWith('!'))).toBe(true);
    // an edit that changes nothing writes nothing
    expect((await writes(() => store.updateMany(ids, (j) => j))).keys).toEqual([]);
  });

  it('the oldest code’s time: unknown for a moved list, null for a fresh store, earlier only when an older code arrives', async () => {
    const store = createJobStore();
    expect((await store.codeState()).oldestCodeAt).toBeNull();
    const [created] = await store.create(() => ({ jobs: [job(1, 'waiting', { notified: false })], result: ['j1'] }));
    expect(created).toBe('j1');
    await store.update('j1', (j) => ({ ...j, state: 'done', code: 'C', finishedAt: 5_000 }));
    expect((await readJobIndex()).oldestCodeAt).toBe(5_000);
    // a later code leaves the bound (and the index) alone
    await store.create(() => ({ jobs: [job(2, 'waiting', { notified: false })], result: undefined }));
    const later = await writes(() => store.update('j2', (j) => ({ ...j, state: 'done', sealedCode: { iv: 'a', data: 'b' }, finishedAt: 9_000 })));
    expect(later.keys).not.toContain('jobIndex');
    expect((await store.codeState()).oldestCodeAt).toBe(5_000);

    await store.setCodeState({ oldestCodeAt: 9_000, codePass: 'seal' });
    expect(await createJobStore().codeState()).toEqual({ oldestCodeAt: 9_000, codePass: 'seal' });
    await store.setCodeState({ codePass: undefined });
    expect(await createJobStore().codeState()).toEqual({ oldestCodeAt: 9_000 });
  });

  it('an index without the bound (written before it existed) keeps it unknown until a sweep sets it', async () => {
    await seedJobs(history(10));
    const store = createJobStore();
    expect((await store.codeState()).oldestCodeAt).toBeUndefined();
    await store.update('j1', (j) => ({ ...j, code: 'again', finishedAt: 1 }));
    expect((await store.codeState()).oldestCodeAt).toBeUndefined();
  });
});
