// When to call the API next. Pure functions: the engine supplies the clock and the randomness.
//
// Polls are due at fixed times after the TaskNo arrived (the Save's answer), not at intervals
// counted from each answer: a round trip, a storage write or a late timer does not push the later
// polls back. Dense while a task is likely to finish (most finish within seconds), thinner after:
//
//   1, 2, 3 s; every 1.9 s to 22 s (4.9, 6.8, ... 20.1, 22.0); then intervals growing by 1.5x
//   from 6 s (28, 37, 50.5, 70.75 s, ...) up to 2.5 minutes.
//
// A task finishing between 3 and 22 s waits at most 1.9 s for the poll that sees it: p50 about
// 1 s over all phases, and under 1.5 s for any 1 s band of completion times. A 10-minute task
// costs 1 submit + 23 polls (the 23rd at 617.5 s; budget: 24 calls). `npm run bench:polls`
// prints the whole table.

export const FAST_POLLS = 3;
export const FAST_INTERVAL_MS = 1_000;
export const MEDIUM_POLLS = 10;
export const MEDIUM_INTERVAL_MS = 1_900;
export const SLOW_START_MS = 6_000;
export const SLOW_GROWTH = 1.5;
export const MAX_INTERVAL_MS = 150_000;
/** A poll time closer than this to the previous answer is skipped (the next one is taken). */
export const MIN_POLL_GAP_MS = 250;

/** Alarms are the backstop that wakes a stopped worker; store builds clamp them to 30 s. */
export const ALARM_FLOOR_MS = 30_000;
/** A job that has no answer after this long fails as timed out. */
export const JOB_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * Transient faults (throttled, busy, 5xx, network, timeout, an answer that is not the API's JSON)
 * are retried by time, not by count: a job that waits for its task never fails for them before
 * JOB_TIMEOUT_MS; a submission (no TaskNo yet) fails for them only once this long has passed
 * since it started, so a broken setup is still reported within the hour.
 */
export const SUBMIT_FAULT_BUDGET_MS = 30 * 60 * 1000;
export const BACKOFF_BASE_MS = 2_000;
/** The longest wait between two tries (and between two probes of the circuit). */
export const BACKOFF_CAP_MS = 30_000;
/**
 * A lookup for the task of an unanswered Save waits this long after that Save left: a task is
 * listed a moment after it is made.
 */
export const LOOKUP_DELAY_MS = 3_000;
/** No try comes sooner than this after a fault (full jitter could draw 0). */
export const BACKOFF_FLOOR_MS = 250;

/** The interval before poll number `n` (0 = the first poll after the TaskNo arrived). */
export function pollDelay(n: number): number {
  if (n < FAST_POLLS) return FAST_INTERVAL_MS;
  if (n < FAST_POLLS + MEDIUM_POLLS) return MEDIUM_INTERVAL_MS;
  const slow = n - FAST_POLLS - MEDIUM_POLLS;
  return Math.min(Math.round(SLOW_START_MS * SLOW_GROWTH ** slow), MAX_INTERVAL_MS);
}

// Offsets of the polls up to the first capped interval; past it they are MAX_INTERVAL_MS apart.
const OFFSETS: number[] = [];
for (let n = 0, t = 0; ; n++) {
  t += pollDelay(n);
  OFFSETS.push(t);
  if (pollDelay(n) === MAX_INTERVAL_MS) break;
}

/** When poll number `n` is due, in ms after the TaskNo arrived: pollDelay(0) + ... + pollDelay(n). */
export function pollOffset(n: number): number {
  if (n < OFFSETS.length) return OFFSETS[Math.max(0, n)]!;
  return OFFSETS[OFFSETS.length - 1]! + (n - OFFSETS.length + 1) * MAX_INTERVAL_MS;
}

/**
 * When to poll next, `polls` polls after the TaskNo arrived at `taskNoAt`, at `now`: the first
 * poll time of the schedule (number `polls` or later) at least MIN_POLL_GAP_MS after now. Times a
 * late answer or a stopped worker missed are skipped, not caught up, so a job never makes more
 * calls than the schedule has times. Never more than one interval (plus the gap) ahead of now,
 * so a clock set back does not stall the job.
 */
export function nextPollAt(taskNoAt: number, polls: number, now: number): number {
  const target = now + MIN_POLL_GAP_MS - taskNoAt;
  let n = Math.max(0, polls);
  const last = OFFSETS.length - 1;
  if (target > OFFSETS[last]!) n = Math.max(n, last + Math.ceil((target - OFFSETS[last]!) / MAX_INTERVAL_MS));
  while (pollOffset(n) < target) n++;
  return Math.min(taskNoAt + pollOffset(n), now + MIN_POLL_GAP_MS + pollDelay(n));
}

/**
 * Exponential backoff with full jitter for the `retries`-th transient fault in a row (1-based): a
 * uniform draw below 2 s, 4 s, 8 s, 16 s, then 30 s for every later one. Many jobs (or many
 * browsers) that met the same fault do not come back together, and six faults in a row never
 * push the next try more than 30 s out.
 */
export function backoffDelay(retries: number, random: number): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, retries - 1), BACKOFF_CAP_MS);
  return Math.max(BACKOFF_FLOOR_MS, Math.round(ceiling * random));
}

/**
 * The furthest ahead the engine ever plans a call (the longest poll interval, plus the gap). A job
 * due later than this was planned on a clock that has since been set back: it is due now, so a
 * clock change cannot hold a job back by the size of the change.
 */
export const MAX_AHEAD_MS = MAX_INTERVAL_MS + MIN_POLL_GAP_MS;

/** Whether a call planned for `nextAttemptAt` may go at `now`. */
export function isDue(nextAttemptAt: number, now: number): boolean {
  return nextAttemptAt <= now || nextAttemptAt - now > MAX_AHEAD_MS;
}

/** When the backstop alarm should fire for the earliest due job: never sooner than the floor. */
export function alarmTime(earliestDue: number, now: number): number {
  return Math.max(earliestDue, now + ALARM_FLOOR_MS);
}
