// When to call the API next. Pure functions: the engine supplies the clock and the randomness.
//
// Polls are dense while a task is likely to finish (most finish within seconds) and thin out
// after that: every second for 4 s, every 2 s until about 20 s, then intervals growing by 1.5x
// up to 2.5 minutes. A 10-minute task costs 1 submit + 23 polls (budget: 25 calls); a 45 s task
// is seen about 9 s after it finishes (npm run bench:polls prints the whole table).

export const FAST_POLLS = 4;
export const FAST_INTERVAL_MS = 1_000;
export const MEDIUM_POLLS = 8;
export const MEDIUM_INTERVAL_MS = 2_000;
export const SLOW_START_MS = 4_000;
export const SLOW_GROWTH = 1.5;
export const MAX_INTERVAL_MS = 150_000;

/** Alarms are the backstop that wakes a stopped worker; store builds clamp them to 30 s. */
export const ALARM_FLOOR_MS = 30_000;
/** A job that has no answer after this long fails as timed out. */
export const JOB_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** Transient failures in a row before the job gives up. */
export const MAX_RETRIES = 8;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;

/** Delay before poll number `n` (0 = the first poll after the TaskNo arrived). */
export function pollDelay(n: number): number {
  if (n < FAST_POLLS) return FAST_INTERVAL_MS;
  if (n < FAST_POLLS + MEDIUM_POLLS) return MEDIUM_INTERVAL_MS;
  const slow = n - FAST_POLLS - MEDIUM_POLLS;
  return Math.min(Math.round(SLOW_START_MS * SLOW_GROWTH ** slow), MAX_INTERVAL_MS);
}

/**
 * Exponential backoff with jitter for the `retries`-th transient failure in a row (1-based):
 * 2 s, 4 s, 8 s, ... capped at 5 min, each scaled by a random factor in [0.5, 1) so that many
 * jobs throttled together do not come back together.
 */
export function backoffDelay(retries: number, random: number): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, retries - 1), BACKOFF_CAP_MS);
  return Math.round(ceiling * (0.5 + random / 2));
}

/** When the backstop alarm should fire for the earliest due job: never sooner than the floor. */
export function alarmTime(earliestDue: number, now: number): number {
  return Math.max(earliestDue, now + ALARM_FLOOR_MS);
}
