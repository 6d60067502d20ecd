import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from '../../lib/jobs/rate-limit';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

/** Acquires n slots at once and records when each was granted; releases at once. */
async function grants(limiter: RequestLimiter, priorities: number[]) {
  const at: Array<{ p: number; t: number; i: number }> = [];
  priorities.forEach((p, i) => void limiter.acquire(p).then((release) => {
    at.push({ p, t: Date.now(), i });
    release();
  }));
  await vi.advanceTimersByTimeAsync(60_000);
  return at;
}

describe('RequestLimiter', () => {
  it.each([[5], [10], [2]])('spaces requests evenly at %i per second: no second holds more', async (rate) => {
    const at = await grants(new RequestLimiter({ perSecond: rate, maxInFlight: 100 }), Array(3 * rate).fill(0));
    expect(at).toHaveLength(3 * rate);
    for (let i = 1; i < at.length; i++) expect(at[i].t - at[i - 1].t).toBeGreaterThanOrEqual(Math.floor(1000 / rate));
    for (const { t } of at) expect(at.filter((o) => o.t > t - 1000 && o.t <= t).length).toBeLessThanOrEqual(rate);
  });

  // Found by the fault-schedule property: a clock set back by 340 s held a probe back by 325 s.
  it.each([[-340_000], [-5_000], [-1_000_000]])('a clock set back by %i ms holds the next call back by one spacing at most', async (jump) => {
    const limiter = new RequestLimiter({ perSecond: 5, maxInFlight: 10 });
    (await limiter.acquire(0))(); // the first goes at once; the next slot is 200 ms on
    vi.setSystemTime(Date.now() + jump);
    const asked = Date.now();
    let grantedAt: number | undefined;
    void limiter.acquire(0).then((release) => {
      grantedAt = Date.now();
      release();
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(grantedAt).toBeDefined();
    expect(grantedAt! - asked).toBeLessThanOrEqual(200);
  });

  it('the first request goes at once', async () => {
    const limiter = new RequestLimiter({ perSecond: 5, maxInFlight: 1 });
    let granted = false;
    void limiter.acquire(1).then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toBe(true);
  });

  it('serves lower priority numbers first, in arrival order within a priority', async () => {
    const at = await grants(new RequestLimiter({ perSecond: 100, maxInFlight: 1 }), [1, 1, 0, 1, 0]);
    // the first request is granted before the others arrive; then priority 0 before 1
    expect(at.map((g) => g.i)).toEqual([0, 2, 4, 1, 3]);
  });

  it('never has more than maxInFlight unreleased requests', async () => {
    const limiter = new RequestLimiter({ perSecond: 1000, maxInFlight: 3 });
    const releases: Array<() => void> = [];
    for (let i = 0; i < 10; i++) void limiter.acquire(0).then((r) => releases.push(r));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(releases).toHaveLength(3);
    releases[0]();
    releases[0](); // releasing twice frees one slot only
    await vi.advanceTimersByTimeAsync(1_000);
    expect(releases).toHaveLength(4);
  });

  it.each([
    [0, 1],
    [-3, 1],
    [Number.NaN, 5],
    [Number.POSITIVE_INFINITY, 5],
    [500, 20],
    [7, 7],
  ])('a configured rate of %s becomes %s', (configured, effective) => {
    const limiter = new RequestLimiter({ perSecond: 5, maxInFlight: 1 });
    limiter.setRate(configured);
    expect(limiter.rate).toBe(effective);
  });

  it('halves its rate on throttling and recovers with successes', async () => {
    const limiter = new RequestLimiter({ perSecond: 10, maxInFlight: 10 });
    limiter.throttled();
    expect(limiter.rate).toBe(5);
    limiter.throttled();
    expect(limiter.rate).toBe(2.5);
    for (let i = 0; i < 30; i++) limiter.succeeded();
    expect(limiter.rate).toBe(10);
  });
});
