import { describe, expect, it } from 'vitest';
import {
  alarmTime,
  ALARM_FLOOR_MS,
  backoffDelay,
  BACKOFF_CAP_MS,
  BACKOFF_FLOOR_MS,
  isDue,
  MAX_AHEAD_MS,
  MAX_INTERVAL_MS,
  MIN_POLL_GAP_MS,
  nextPollAt,
  pollDelay,
  pollOffset,
} from '../../lib/jobs/schedule';

/** The schedule as documented in lib/jobs/schedule.ts (s after the TaskNo). */
const DOCUMENTED = [1, 2, 3, 4.9, 6.8, 8.7, 10.6, 12.5, 14.4, 16.3, 18.2, 20.1, 22, 28, 37, 50.5, 70.75];

describe('poll times', () => {
  it('are the documented ones', () => {
    expect(DOCUMENTED.map((_, n) => pollOffset(n) / 1000)).toEqual(DOCUMENTED);
  });

  it('are the sums of the intervals, the intervals growing to the cap and staying there', () => {
    for (let n = 0; n < 60; n++) {
      expect(pollOffset(n)).toBe((n === 0 ? 0 : pollOffset(n - 1)) + pollDelay(n));
      if (n > 0) expect(pollDelay(n)).toBeGreaterThanOrEqual(pollDelay(n - 1));
      expect(pollDelay(n)).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    }
    expect(pollDelay(59)).toBe(MAX_INTERVAL_MS);
  });

  it('leave no gap over 1.9 s for a task finishing between 3 and 22 s', () => {
    for (let n = 1; pollOffset(n - 1) < 22_000; n++) {
      if (pollOffset(n) > 3_000) expect(pollDelay(n), `poll ${n}`).toBeLessThanOrEqual(1_900);
    }
  });

  it('a 10-minute task is seen by poll 23: 1 Save + 23 polls = 24 calls', () => {
    const polls = Array.from({ length: 40 }, (_, n) => pollOffset(n)).findIndex((t) => t >= 600_000) + 1;
    expect(polls).toBe(23);
    // with some room: a task a little over 10 minutes costs the same
    expect(pollOffset(22)).toBeGreaterThanOrEqual(615_000);
  });
});

describe('nextPollAt', () => {
  const T = 1_000_000; // when the TaskNo arrived

  it('keeps to the fixed times whatever the round trip: intervals do not stretch', () => {
    for (const rtt of [0, 40, 300, 700]) {
      for (let polls = 1; polls < 25; polls++) {
        const answeredAt = T + pollOffset(polls - 1) + rtt;
        expect(nextPollAt(T, polls, answeredAt)).toBe(T + pollOffset(polls));
      }
    }
  });

  it('skips a time closer than the minimum gap to the answer, and never catches up in a burst', () => {
    // poll 3 (at 3 s) answered 850 ms late: 4.9 s is only 1.05 s away -> kept
    expect(nextPollAt(T, 3, T + 3_850)).toBe(T + 4_900);
    // answered at 4.8 s: 4.9 s is 100 ms away -> the one after
    expect(nextPollAt(T, 3, T + 4_800)).toBe(T + 6_800);
    // a worker stopped for an hour: the next time after now, not the missed ones
    const now = T + 3_600_000;
    const next = nextPollAt(T, 5, now);
    expect(next).toBeGreaterThanOrEqual(now + MIN_POLL_GAP_MS);
    expect(next).toBeLessThanOrEqual(now + MIN_POLL_GAP_MS + MAX_INTERVAL_MS);
    expect([...Array(200).keys()].map(pollOffset)).toContain(next - T);
  });

  it('is always at least the minimum gap after now', () => {
    for (let now = T; now < T + 700_000; now += 137) {
      expect(nextPollAt(T, 1, now)).toBeGreaterThanOrEqual(now + MIN_POLL_GAP_MS);
    }
  });

  it('a clock set back does not stall the job: at most one interval (plus the gap) ahead', () => {
    const now = T - 3_600_000;
    for (let polls = 1; polls < 30; polls++) {
      expect(nextPollAt(T, polls, now)).toBe(now + MIN_POLL_GAP_MS + pollDelay(polls));
    }
  });
});

describe('backoff and alarm', () => {
  it.each([
    // [faults in a row, random draw, delay]: full jitter below 2, 4, 8, 16 s, then the 30 s cap
    [1, 0.5, 1_000],
    [1, 0, BACKOFF_FLOOR_MS],
    [2, 0.5, 2_000],
    [3, 0.999_999, 8_000],
    [4, 0.25, 4_000],
    [5, 0.5, 15_000],
    [6, 0.999_999, BACKOFF_CAP_MS],
    [40, 0.999_999, BACKOFF_CAP_MS],
  ])('backoff after %i faults with draw %f: %i ms', (retries, random, delay) => {
    expect(backoffDelay(retries, random)).toBe(delay);
  });

  it('six faults in a row never push the next try more than 30 s out', () => {
    for (let r = 1; r <= 6; r++) for (const x of [0, 0.3, 0.7, 0.999_999]) expect(backoffDelay(r, x)).toBeLessThanOrEqual(30_000);
  });

  it.each([
    // [planned in ms from now, due?]
    [-1, true],
    [0, true],
    [1, false],
    [MAX_AHEAD_MS, false],
    // further ahead than the engine ever plans: planned on a clock since set back
    [MAX_AHEAD_MS + 1, true],
    [10 * 60_000, true],
  ])('a call planned %i ms ahead is due: %s', (ahead, due) => {
    expect(isDue(1_000_000 + ahead, 1_000_000)).toBe(due);
  });

  it('the alarm is never sooner than the floor', () => {
    expect(alarmTime(5_000, 0)).toBe(ALARM_FLOOR_MS);
    expect(alarmTime(100_000, 0)).toBe(100_000);
  });
});
