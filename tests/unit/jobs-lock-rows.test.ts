// The lock task's rows, read once for the jobs due together (lib/jobs/lock-rows.ts): paging, the
// sharing window, profiles kept apart, and a failed read that every sharer sees.
import { describe, expect, it } from 'vitest';
import type { LockTaskPage, TaskState } from '../../lib/domain/api';
import { createLockRowReader, LOCK_ROWS_FRESH_MS, readLockRows, type ReadLockPage } from '../../lib/jobs/lock-rows';

const running: TaskState = { status: 'running' };
const success: TaskState = { status: 'success' };
const page = (rows: Record<string, TaskState>, more = false): LockTaskPage => ({ rows: new Map(Object.entries(rows)), more });

/** A page reader over fixed pages that counts what it was asked. */
function pages(list: LockTaskPage[]) {
  const asked: number[] = [];
  const read: ReadLockPage = async (n) => {
    asked.push(n);
    return list[n - 1] ?? page({});
  };
  return { asked, read };
}

describe('readLockRows', () => {
  it.each<[string, LockTaskPage[], number, Record<string, TaskState>, number[]]>([
    ['one page', [page({ 'a.com': running, 'b.com': success })], 5, { 'a.com': running, 'b.com': success }, [1]],
    ['two pages, merged', [page({ 'a.com': running }, true), page({ 'b.com': success })], 5, { 'a.com': running, 'b.com': success }, [1, 2]],
    ['a domain on two pages keeps its first row', [page({ 'a.com': running }, true), page({ 'a.com': success })], 5, { 'a.com': running }, [1, 2]],
    ['pages that never end stop at the bound', [page({ 'a.com': running }, true), page({}, true), page({}, true)], 2, { 'a.com': running }, [1, 2]],
    ['an empty task', [page({})], 5, {}, [1]],
  ])('%s', async (_name, list, maxPages, rows, asked) => {
    const source = pages(list);
    expect(Object.fromEntries(await readLockRows(source.read, maxPages))).toEqual(rows);
    expect(source.asked).toEqual(asked);
  });
});

describe('createLockRowReader', () => {
  const key = { profileId: 'p', taskNo: 'T' };

  it('jobs that ask together share one read, each getting its own row', async () => {
    let now = 0;
    const reader = createLockRowReader(() => now);
    const source = pages([page({ 'a.com': running, 'b.com': success })]);
    const got = await Promise.all(['a.com', 'b.com', 'c.com'].map((d) => reader.rowOf(key, d, source.read)));
    expect(got).toEqual([running, success, undefined]);
    expect(source.asked).toEqual([1]);
  });

  it.each([
    ['at once', 0, 1],
    ['within the window', LOCK_ROWS_FRESH_MS, 1],
    ['after the window', LOCK_ROWS_FRESH_MS + 1, 2],
    ['at the next fast poll (1 s)', 1_000, 2],
  ])('a job asking %s after an answer: %d read(s) in all', async (_name, later, reads) => {
    let now = 0;
    const reader = createLockRowReader(() => now);
    const source = pages([page({ 'a.com': success })]);
    await reader.rowOf(key, 'a.com', source.read);
    now += later;
    expect(await reader.rowOf(key, 'a.com', source.read)).toEqual(success);
    expect(source.asked).toHaveLength(reads);
  });

  it('keeps tasks and profiles apart', async () => {
    const reader = createLockRowReader(() => 0);
    const source = pages([page({ 'a.com': success })]);
    await reader.rowOf(key, 'a.com', source.read);
    await reader.rowOf({ profileId: 'p', taskNo: 'U' }, 'a.com', source.read);
    await reader.rowOf({ profileId: 'q', taskNo: 'T' }, 'a.com', source.read);
    expect(source.asked).toHaveLength(3);
  });

  it('a read that fails fails every job that shared it; the next asks again', async () => {
    const reader = createLockRowReader(() => 0);
    let fail = true;
    let reads = 0;
    const read: ReadLockPage = async () => {
      reads++;
      if (fail) throw new Error('Throttling.User');
      return page({ 'a.com': success });
    };
    const shared = await Promise.allSettled([reader.rowOf(key, 'a.com', read), reader.rowOf(key, 'b.com', read)]);
    expect(shared.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(reads).toBe(1);
    fail = false;
    expect(await reader.rowOf(key, 'a.com', read)).toEqual(success);
    expect(reads).toBe(2);
  });
});
