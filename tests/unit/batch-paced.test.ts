import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPaced } from '../../lib/batch/paced';

afterEach(() => {
  vi.useRealTimers();
});

describe('runPaced', () => {
  it.each([
    [5, 1, 10, 200],
    [10, 4, 20, 100],
    [1, 3, 4, 1000],
  ])('%s per second, %s at once, %s items: starts at least %s ms apart', async (perSecond, concurrency, n, gap) => {
    vi.useFakeTimers({ now: 0 });
    const starts: number[] = [];
    const items = Array.from({ length: n }, (_, i) => i);
    const run = runPaced(items, async (i) => (starts.push(Date.now()), i * 2), { perSecond, concurrency });
    await vi.advanceTimersByTimeAsync(n * gap + 1_000);
    const got = await run;
    expect([...got.entries()]).toEqual(items.map((i) => [i, i * 2]));
    const sorted = [...starts].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(gap);
    // and no slower than the rate: the last one starts (n - 1) gaps after the first
    expect(sorted.at(-1)! - sorted[0]!).toBeLessThanOrEqual((n - 1) * gap);
  });

  it('never runs more than `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    await runPaced(
      Array.from({ length: 12 }, (_, i) => i),
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
      },
      { perSecond: 10_000, concurrency: 3 },
    );
    expect(most).toBeLessThanOrEqual(3);
  });

  it('an abort stops new starts; what finished is kept, with the progress it reported', async () => {
    const stop = new AbortController();
    const progress: number[] = [];
    const got = await runPaced(
      [1, 2, 3, 4, 5],
      async (i) => {
        if (i === 2) stop.abort();
        return i;
      },
      { perSecond: 10_000, concurrency: 1, signal: stop.signal, onProgress: (done) => progress.push(done) },
    );
    expect([...got.keys()]).toEqual([1, 2]);
    expect(progress).toEqual([1, 2]);
  });

  it('no items: nothing runs', async () => {
    expect((await runPaced([], async () => 1, { perSecond: 5 })).size).toBe(0);
  });
});
