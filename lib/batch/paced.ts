// Runs one async call per item at a steady pace: at most `perSecond` starts a second (evenly
// spaced) and at most `concurrency` at once. The batch page reads many domains' facts through the
// worker before a batch starts; pacing them here keeps that reading within the request rate the
// person set (each read is one signed API call, or two for a full readiness check).

export interface PacedOptions {
  /** Starts per second (> 0). */
  perSecond: number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** After each finished item: how many have finished so far. */
  onProgress?(done: number, total: number): void;
  /** Aborting stops starting new calls; the ones in flight finish, and their results are kept. */
  signal?: AbortSignal;
  /** Test seams. */
  now?(): number;
  sleep?(ms: number): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `run` for every item, paced; resolves to the results by item (an item not started because of
 * the abort has no entry). `run` answers with values, never throws (the page client's calls do
 * not): a throw rejects the whole run.
 */
export async function runPaced<T, R>(items: readonly T[], run: (item: T) => Promise<R>, options: PacedOptions): Promise<Map<T, R>> {
  const spacing = 1000 / Math.max(0.01, options.perSecond);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const results = new Map<T, R>();
  let next = 0;
  let finished = 0;
  let nextStartAt = now();

  async function worker(): Promise<void> {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++] as T;
      const wait = nextStartAt - now();
      nextStartAt = Math.max(nextStartAt, now()) + spacing;
      if (wait > 0) await sleep(wait);
      if (options.signal?.aborted) return;
      results.set(item, await run(item));
      finished++;
      options.onProgress?.(finished, items.length);
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));
  return results;
}
