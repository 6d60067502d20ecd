// The rows of a lock task that jobs follow (SaveBatchTaskForTransferProhibitionLock: one row per
// domain), read once for all of them. The jobs of a batch poll on the same schedule, counted from
// the same moment, so the ones due together share one paged QueryTaskDetailList of the whole task
// instead of each reading its own row: a poll round of 1,000 locked domains is one call, not 1,000.
// Worker (the job engine).
import type { LockTaskPage, TaskState } from '../domain/api';

/**
 * An answer this recent, or one still on its way, serves every job that asks. Below the fastest
 * poll interval (1 s), so a job's next poll is never answered by its last one.
 */
export const LOCK_ROWS_FRESH_MS = 500;
/** A lock task holds at most 1,000 rows (one page); pages past this many are not read. */
export const LOCK_ROWS_MAX_PAGES = 5;

/** Reads one page (1-based) of the task's rows, through the asking job's own limiter turn. */
export type ReadLockPage = (pageNum: number) => Promise<LockTaskPage>;

/** Every page of a task's rows, following `more`, merged by domain (the first row of a domain wins). */
export async function readLockRows(readPage: ReadLockPage, maxPages = LOCK_ROWS_MAX_PAGES): Promise<ReadonlyMap<string, TaskState>> {
  const rows = new Map<string, TaskState>();
  for (let page = 1; page <= maxPages; page++) {
    const answer = await readPage(page);
    for (const [domain, state] of answer.rows) if (!rows.has(domain)) rows.set(domain, state);
    if (!answer.more) break;
  }
  return rows;
}

export interface LockRowReader {
  /**
   * This domain's row in the task (undefined: the task shows none), from a read of the task that is
   * on its way or ended at most LOCK_ROWS_FRESH_MS ago, else from a new read with `readPage`. A read
   * that fails fails every job that shared it, and the next asks again.
   */
  rowOf(key: { profileId: string; taskNo: string }, domain: string, readPage: ReadLockPage): Promise<TaskState | undefined>;
}

interface SharedRead {
  rows: Promise<ReadonlyMap<string, TaskState>>;
  /** When the answer came; undefined while it is on its way. */
  doneAt?: number;
}

export function createLockRowReader(now: () => number, freshMs = LOCK_ROWS_FRESH_MS): LockRowReader {
  const reads = new Map<string, SharedRead>();
  return {
    async rowOf({ profileId, taskNo }, domain, readPage) {
      const t = now();
      for (const [key, read] of reads) if (read.doneAt !== undefined && t - read.doneAt > freshMs) reads.delete(key);
      // TaskNos are the account's: two profiles' tasks are never mixed.
      const key = `${profileId}\n${taskNo}`;
      let read = reads.get(key);
      if (!read) {
        const started: SharedRead = { rows: readLockRows(readPage) };
        started.rows.then(
          () => {
            started.doneAt = now();
          },
          () => {
            if (reads.get(key) === started) reads.delete(key);
          },
        );
        reads.set(key, started);
        read = started;
      }
      return (await read.rows).get(domain);
    },
  };
}
