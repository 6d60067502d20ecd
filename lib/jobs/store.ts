// The service worker's job store: the one writer of the job keys (lib/storage.ts has the layout).
//
// A poll writes its job and nothing else; a job that opens or closes also writes its page (at most
// about 4 KB), and the index only when that page gains its first open job or loses its last (or a
// page is added), so no write grows with the history. The open jobs
// live in memory once read (the worker is their only writer), so a step never reads back what it
// just wrote, and the earliest due job is found without touching storage.
//
// Every change goes through one queue: changes apply strictly one after the other, each to the
// result of the one before (no lost update); those that arrive while a write is under way are
// saved together in the next write (group commit). A change resolves once its write has landed.
import { storage } from '@wxt-dev/storage';
import { MAX_BATCH } from '../protocol/limits';
import { JOB_INDEX_KEY, jobIndexItem, jobKey, jobPageKey, JOB_PAGE_SIZE, legacyBatchesItem, legacyJobsItem, type CodePass, type JobIndex, type JobPage } from '../storage';
import { closedCount, fromLegacy, isOpen, layoutItems } from './layout';
import { hasCode } from './retention';
import type { Job } from './types';

/**
 * Finished jobs kept as history (up to a page more, see trim); open jobs are never dropped. Twice
 * the largest batch, so a batch never pushes its own results out while it runs.
 */
export const HISTORY_LIMIT = 2 * MAX_BATCH;

export interface JobStore {
  /** Every open job (pending, or finished and not notified yet): read once, then from memory. */
  openJobs(): Promise<Job[]>;
  /** One job, from memory when it is open, else from storage. */
  get(id: string): Promise<Job | undefined>;
  /** Many jobs in one read (those not found are undefined). */
  getMany(ids: readonly string[]): Promise<Array<Job | undefined>>;
  /**
   * Runs `plan` on the open jobs and saves the jobs it returns as new, in one write. `plan` runs in
   * the queue, so two plans never both decide that a domain has no job yet.
   */
  create<T>(plan: (open: readonly Job[]) => { jobs: Job[]; result: T }): Promise<T>;
  /** Replaces one job with `edit(job)`; resolves to the saved job, or undefined if it is gone. */
  update(id: string, edit: (job: Job) => Job): Promise<Job | undefined>;
  /**
   * Replaces each of these jobs with `edit(job)`, in one write; resolves to how many changed. For
   * passes over the history (sealing, retention): each edit sees the job as it is at that moment in
   * the queue, so a step's change is never lost and a pass can check what it found still holds.
   */
  updateMany(ids: readonly string[], edit: (job: Job) => Job): Promise<number>;
  /** The index's code bookkeeping: the retention bound and a vault pass under way (lib/storage.ts JobIndex). */
  codeState(): Promise<CodeState>;
  /** Sets the fields given (undefined removes one); written with the next write. */
  setCodeState(state: Partial<CodeState>): Promise<void>;
  /** Removes jobs from the history; resolves to how many there were. */
  remove(ids: readonly string[]): Promise<number>;
  /** Removes every closed job; resolves to their ids. */
  clearClosed(): Promise<string[]>;
  /** Every job, newest first (diagnostics and tests: it reads the whole history). */
  all(): Promise<Job[]>;
  /** When the oldest job in the history was created (undefined: no job). */
  oldestCreatedAt(): Promise<number | undefined>;
}

export interface CodeState {
  oldestCodeAt?: number | null;
  codePass?: CodePass;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export function createJobStore(): JobStore {
  let index: JobIndex | undefined;
  let indexRead: Promise<JobIndex> | undefined;
  let openRead: Promise<void> | undefined;
  /** Open jobs, and closed ones until their last write has landed. */
  const jobs = new Map<string, Job>();
  const pages = new Map<number, JobPage>();
  const pageOf = new Map<string, number>();

  const dirtyJobs = new Set<string>();
  const removedJobs = new Set<string>();
  const dirtyPages = new Set<number>();
  const removedPages = new Set<number>();
  let indexDirty = false;
  let waiters: Waiter[] = [];
  let writing = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs `op` after every earlier one; `op` mutates memory synchronously once its reads are done. */
  function serial<T>(op: () => Promise<T>): Promise<T> {
    const run = queue.then(op);
    queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A change: `op` runs in the queue (its reads, then its changes to memory), its changes go into
   * the next write, and the result comes once that write has landed. Waiting for the write happens
   * outside the queue, so the next change is not held back by it (group commit).
   */
  async function change<T>(op: () => Promise<T>): Promise<T> {
    const { result, written } = await serial(async () => {
      const result = await op();
      return { result, written: commit() };
    });
    await written;
    return result;
  }

  function readIndex(): Promise<JobIndex> {
    indexRead ??= (async () => {
      const [{ value: stored }, { value: legacy }, { value: legacyBatches }] = await storage.getItems([jobIndexItem, legacyJobsItem, legacyBatchesItem]);
      index = (stored as JobIndex | null) ?? (await migrate((legacy as Job[] | null) ?? [], (legacyBatches as Parameters<typeof fromLegacy>[1] | null) ?? []));
      return index;
    })().catch((error: unknown) => {
      indexRead = undefined;
      throw error;
    });
    return indexRead;
  }

  /** The first read after an update from the single-list layout moves it to the index layout. */
  async function migrate(legacy: Job[], legacyBatches: Parameters<typeof fromLegacy>[1]): Promise<JobIndex> {
    // Nothing stored yet: no job holds a code (a moved list's codes are not known until a sweep).
    const fresh: JobIndex = { next: 0, pages: [], open: [], oldestCodeAt: null };
    if (legacy.length === 0 && legacyBatches.length === 0) return fresh;
    const layout = fromLegacy(legacy, legacyBatches);
    await storage.setItems(layoutItems(layout));
    await storage.removeItems([legacyJobsItem.key, legacyBatchesItem.key]);
    return layout.index;
  }

  async function loadPages(ns: readonly number[]): Promise<void> {
    const missing = ns.filter((n) => !pages.has(n));
    if (missing.length === 0) return;
    const read = await storage.getItems(missing.map(jobPageKey));
    missing.forEach((n, i) => {
      if (pages.has(n)) return; // written meanwhile: memory is newer
      const page = (read[i]?.value as JobPage | null) ?? { ids: [], open: [] };
      pages.set(n, page);
      for (const id of page.ids) pageOf.set(id, n);
    });
  }

  /** The page of a job; reads the pages it does not know yet (a job from far back in the history). */
  async function locate(id: string): Promise<number | undefined> {
    if (pageOf.has(id)) return pageOf.get(id);
    const idx = await readIndex();
    await loadPages(idx.pages.map((p) => p.n));
    return pageOf.get(id);
  }

  async function loadJobs(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !jobs.has(id));
    if (missing.length === 0) return;
    const read = await storage.getItems(missing.map(jobKey));
    missing.forEach((id, i) => {
      const job = read[i]?.value as Job | null;
      if (job && !jobs.has(id) && !removedJobs.has(id)) jobs.set(id, job);
    });
  }

  function loadOpen(): Promise<void> {
    openRead ??= (async () => {
      const idx = await readIndex();
      const withOpen = idx.open;
      // The newest page too, in the same read: the next new job is appended to it.
      const last = idx.pages[idx.pages.length - 1];
      await loadPages(last && !withOpen.includes(last.n) ? [...withOpen, last.n] : withOpen);
      await loadJobs(withOpen.flatMap((n) => pages.get(n)?.open ?? []));
    })().catch((error: unknown) => {
      openRead = undefined;
      throw error;
    });
    return openRead;
  }

  function entry(n: number) {
    return index?.pages.find((p) => p.n === n);
  }

  /** A page changed: it is written, and the index too when the page's size or openness changed. */
  function touchPage(n: number) {
    const page = pages.get(n);
    const e = entry(n);
    if (!page || !e || !index) return;
    if (e.size !== page.ids.length) {
      e.size = page.ids.length;
      indexDirty = true;
    }
    const listed = index.open.includes(n);
    if (listed !== page.open.length > 0) {
      index.open = listed ? index.open.filter((x) => x !== n) : [...index.open, n].sort((a, b) => a - b);
      indexDirty = true;
    }
    if (page.ids.length === 0) {
      pages.delete(n);
      dirtyPages.delete(n);
      removedPages.add(n);
      index.pages = index.pages.filter((p) => p.n !== n);
      indexDirty = true;
    } else {
      dirtyPages.add(n);
      removedPages.delete(n);
    }
  }

  function putJob(job: Job) {
    jobs.set(job.id, job);
    dirtyJobs.add(job.id);
    removedJobs.delete(job.id);
  }

  function dropJob(id: string) {
    jobs.delete(id);
    dirtyJobs.delete(id);
    removedJobs.add(id);
    pageOf.delete(id);
  }

  /** Appends new ids to the newest page (or new ones); their pages must be in memory. */
  function append(job: Job) {
    if (!index) throw new Error('job index not read');
    let last = index.pages[index.pages.length - 1];
    if (!last || last.size >= JOB_PAGE_SIZE || !pages.has(last.n)) {
      last = { n: index.next++, size: 0 };
      index.pages.push(last);
      indexDirty = true;
      pages.set(last.n, { ids: [], open: [] });
    }
    const page = pages.get(last.n) as JobPage;
    pages.set(last.n, { ids: [...page.ids, job.id], open: isOpen(job) ? [...page.open, job.id] : page.open });
    pageOf.set(job.id, last.n);
    touchPage(last.n);
  }

  function setOpen(id: string, open: boolean) {
    const n = pageOf.get(id);
    const page = n === undefined ? undefined : pages.get(n);
    if (n === undefined || !page) return;
    const has = page.open.includes(id);
    if (has === open) return;
    pages.set(n, { ids: page.ids, open: open ? [...page.open, id] : page.open.filter((x) => x !== id) });
    touchPage(n);
  }

  function unlink(id: string) {
    const n = pageOf.get(id);
    const page = n === undefined ? undefined : pages.get(n);
    if (n !== undefined && page) {
      pages.set(n, { ids: page.ids.filter((x) => x !== id), open: page.open.filter((x) => x !== id) });
      touchPage(n);
    }
    dropJob(id);
  }

  /**
   * The history limit, a page at a time: once the history holds a page's worth of closed jobs more
   * than HISTORY_LIMIT, the oldest pages' closed jobs go, as long as HISTORY_LIMIT remain (open jobs
   * never go). So the history keeps HISTORY_LIMIT to HISTORY_LIMIT + JOB_PAGE_SIZE - 1 closed jobs,
   * and a batch that pushes 1,000 old jobs out rewrites the index 20 times, not 1,000.
   */
  async function trim(): Promise<void> {
    await loadOpen(); // the open pages in memory: closedCount needs their open lists
    if (!index) return;
    let closed = closedCount(index, pages);
    if (closed < HISTORY_LIMIT + JOB_PAGE_SIZE) return;
    for (const e of [...index.pages]) {
      await loadPages([e.n]);
      const page = pages.get(e.n);
      if (!page) continue;
      const open = new Set(page.open);
      const here = page.ids.filter((id) => !open.has(id));
      if (closed - here.length < HISTORY_LIMIT) break;
      for (const id of here) unlink(id);
      closed -= here.length;
    }
  }

  let trimQueued = false;

  /** Trims once the current changes are in, when the history holds a page more than its limit. */
  function trimSoon() {
    if (trimQueued || !index || closedCount(index, pages) < HISTORY_LIMIT + JOB_PAGE_SIZE) return;
    trimQueued = true;
    void serial(async () => {
      trimQueued = false;
      await trim();
      await commit();
    }).catch(() => undefined);
  }

  function commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      waiters.push({ resolve, reject });
      if (!writing) void flush();
    });
  }

  async function flush(): Promise<void> {
    writing = true;
    while (waiters.length > 0) {
      const group = waiters;
      waiters = [];
      const setIds = [...dirtyJobs];
      const setPages = [...dirtyPages];
      const removeIds = [...removedJobs];
      const removePages = [...removedPages];
      const writeIndex = indexDirty;
      dirtyJobs.clear();
      dirtyPages.clear();
      removedJobs.clear();
      removedPages.clear();
      indexDirty = false;
      const sets: Array<{ key: `local:${string}`; value: unknown }> = [
        ...setIds.flatMap((id) => {
          const job = jobs.get(id);
          return job ? [{ key: jobKey(id), value: job }] : [];
        }),
        ...setPages.flatMap((n) => {
          const page = pages.get(n);
          return page ? [{ key: jobPageKey(n), value: page }] : [];
        }),
      ];
      // A copy: the index's entries change in place in memory.
      if (writeIndex && index) sets.push({ key: JOB_INDEX_KEY, value: { ...index, pages: index.pages.map((p) => ({ ...p })), open: [...index.open] } });
      try {
        if (sets.length > 0) await storage.setItems(sets);
        if (removeIds.length + removePages.length > 0) await storage.removeItems([...removeIds.map(jobKey), ...removePages.map(jobPageKey)]);
        // Closed jobs leave memory once written (unless changed again meanwhile).
        for (const id of setIds) {
          const job = jobs.get(id);
          if (job && !isOpen(job) && !dirtyJobs.has(id)) jobs.delete(id);
        }
        for (const w of group) w.resolve();
      } catch (error) {
        // Nothing was lost from memory: the next write tries these keys again.
        for (const id of setIds) if (!removedJobs.has(id)) dirtyJobs.add(id);
        for (const n of setPages) if (!removedPages.has(n)) dirtyPages.add(n);
        for (const id of removeIds) if (!dirtyJobs.has(id)) removedJobs.add(id);
        for (const n of removePages) if (!dirtyPages.has(n)) removedPages.add(n);
        indexDirty ||= writeIndex;
        for (const w of group) w.reject(error);
      }
    }
    writing = false;
  }

  /** One job replaced by `edit(job)` (in memory; the caller's change writes it). */
  async function edited(id: string, edit: (job: Job) => Job): Promise<Job | undefined> {
    await readIndex();
    if (!jobs.has(id)) await loadJobs([id]);
    const job = jobs.get(id);
    if (!job) return undefined;
    const next = edit(job);
    if (next === job) return job;
    const wasOpen = isOpen(job);
    const nowOpen = isOpen(next);
    if (wasOpen !== nowOpen) await locate(id);
    if (!wasOpen && nowOpen) {
      // A job that opens again (Retry) moves to the newest page: it is the newest request now.
      const last = index?.pages[index.pages.length - 1];
      if (last) await loadPages([last.n]);
      unlink(id);
      putJob(next);
      append(next);
    } else {
      putJob(next);
      if (wasOpen !== nowOpen) setOpen(id, nowOpen);
    }
    // A batch closes its jobs long after they were created: the limit is kept then too.
    if (wasOpen && !nowOpen) trimSoon();
    noteCode(next);
    return next;
  }

  /** A code older than the index's bound arrived (or a job with one reopened): the bound moves earlier. */
  function noteCode(job: Job) {
    if (!index || index.oldestCodeAt === undefined || !hasCode(job)) return;
    const at = job.finishedAt ?? job.updatedAt;
    if (index.oldestCodeAt !== null && index.oldestCodeAt <= at) return;
    index.oldestCodeAt = at;
    indexDirty = true;
  }

  const store: JobStore = {
    async openJobs() {
      await loadOpen();
      return [...jobs.values()].filter(isOpen);
    },

    async get(id) {
      const known = jobs.get(id);
      if (known) return known;
      if (removedJobs.has(id)) return undefined;
      return (await storage.getItem<Job>(jobKey(id))) ?? undefined;
    },

    async getMany(ids) {
      const missing = ids.filter((id) => !jobs.has(id) && !removedJobs.has(id));
      const read = missing.length > 0 ? await storage.getItems(missing.map(jobKey)) : [];
      const found = new Map(missing.map((id, i) => [id, (read[i]?.value as Job | null) ?? undefined]));
      return ids.map((id) => jobs.get(id) ?? found.get(id));
    },

    create(plan) {
      return change(async () => {
        await loadOpen(); // the open jobs, and the newest page the new ones go on
        const { jobs: fresh, result } = plan([...jobs.values()].filter(isOpen));
        for (const job of fresh) {
          putJob(job);
          append(job);
        }
        if (fresh.length > 0) trimSoon();
        return result;
      });
    },

    update(id, edit) {
      return change(() => edited(id, edit));
    },

    updateMany(ids, edit) {
      return change(async () => {
        await readIndex();
        const loaded = ids.filter((id) => !jobs.has(id));
        await loadJobs(loaded);
        let changed = 0;
        for (const id of ids) {
          const before = jobs.get(id);
          if (before && (await edited(id, edit)) !== before) changed++;
        }
        // Closed jobs read only to be looked at do not stay in memory (changed ones leave once written).
        for (const id of loaded) {
          const job = jobs.get(id);
          if (job && !isOpen(job) && !dirtyJobs.has(id)) jobs.delete(id);
        }
        return changed;
      });
    },

    async codeState() {
      const idx = await readIndex();
      return { oldestCodeAt: idx.oldestCodeAt, ...(idx.codePass ? { codePass: idx.codePass } : {}) };
    },

    setCodeState(state) {
      return change(async () => {
        const idx = await readIndex();
        if ('oldestCodeAt' in state && state.oldestCodeAt !== idx.oldestCodeAt) {
          if (state.oldestCodeAt === undefined) delete idx.oldestCodeAt;
          else idx.oldestCodeAt = state.oldestCodeAt;
          indexDirty = true;
        }
        if ('codePass' in state && state.codePass !== idx.codePass) {
          if (state.codePass === undefined) delete idx.codePass;
          else idx.codePass = state.codePass;
          indexDirty = true;
        }
      });
    },

    remove(ids) {
      return change(async () => {
        let removed = 0;
        for (const id of ids) {
          if ((await locate(id)) === undefined) continue;
          unlink(id);
          removed++;
        }
        return removed;
      });
    },

    clearClosed() {
      return change(async () => {
        const idx = await readIndex();
        await loadOpen();
        await loadPages(idx.pages.map((p) => p.n));
        const removed: string[] = [];
        for (const page of [...pages.values()]) {
          const open = new Set(page.open);
          for (const id of page.ids) {
            if (open.has(id)) continue;
            unlink(id);
            removed.push(id);
          }
        }
        return removed;
      });
    },

    async oldestCreatedAt() {
      const idx = await readIndex();
      const first = idx.pages[0];
      if (!first) return undefined;
      await loadPages([first.n]);
      const id = pages.get(first.n)?.ids[0];
      return id === undefined ? undefined : (await store.get(id))?.createdAt;
    },

    async all() {
      const idx = await readIndex();
      await loadPages(idx.pages.map((p) => p.n));
      const ids = idx.pages.flatMap((p) => pages.get(p.n)?.ids ?? []).reverse();
      return (await store.getMany(ids)).filter((j): j is Job => j !== undefined);
    },
  };
  return store;
}
