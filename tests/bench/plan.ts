// What the delay benchmark needs to know of the poll schedule, taken from the real state machine
// (lib/jobs/transitions.ts on a simulated clock) so it follows any change of lib/jobs/schedule.ts:
//
// - the calls a job makes (predictCalls), to start many jobs in one browser so that the engine's
//   request limiter (5 requests/s, i.e. one call every 200 ms) never has to hold a call back: a call
//   held back would add the limiter's wait to the delay being measured. planStarts places each job
//   at the earliest start whose calls all stay `separationMs` away from every call already planned;
// - the poll interval in force at a given time after the Save (intervalAt), over which each task's
//   completion is jittered (jitteredDurations), with a seeded PRNG so a run can be repeated.
import { applyOutcome, newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';

export interface PlannedJob<T> {
  item: T;
  /** When to send requestCode, ms after the plan's start. */
  startMs: number;
  /** Predicted API calls, ms after the plan's start. */
  calls: number[];
}

export interface PlanOptions {
  /** Minimum distance between any two predicted calls. */
  separationMs: number;
  /** requestCode message -> Save call. */
  submitLatencyMs: number;
  /**
   * Per call: from the simulator's record of a call to the moment the engine applies its answer
   * (round trip, storage), plus timer and send latency of the next call (see fitStepOverhead).
   */
  stepOverheadMs: number;
  /** Candidate start times are multiples of this. */
  stepMs?: number;
  /** Never start a job before this (e.g. behind the previous one). */
  minGapMs?: number;
}

/**
 * The simulator's record times of a job's calls, ms after its Save's record: the Save (0), then
 * every poll the schedule makes until the first one at or after `durationMs` (the one that sees
 * the task done). Each answer is applied `stepOverheadMs` after the call was recorded; the next
 * call is recorded when the schedule says (nextAttemptAt). Error-free run, no limiter wait.
 */
export function pollTimes(durationMs: number, stepOverheadMs: number, maxCalls = 1_000): number[] {
  let job: Job = newJob({ id: 'plan', domain: 'plan.example', site: 'cn', profileId: 'p' }, 0);
  job = applyOutcome(job, { kind: 'task-no', taskNo: 'T' }, stepOverheadMs, 0.5);
  const calls = [0];
  while (job.state === 'waiting' && calls.length < maxCalls) {
    const at = job.nextAttemptAt;
    calls.push(at);
    const done = at >= durationMs;
    job = applyOutcome(job, { kind: 'task', task: done ? { status: 'success', code: 'C' } : { status: 'running' } }, at + stepOverheadMs, 0.5);
  }
  return calls;
}

/** The calls a job started at `startMs` makes: Save, then polls until the first at or after completion. */
export function predictCalls(startMs: number, durationMs: number, o: Pick<PlanOptions, 'submitLatencyMs' | 'stepOverheadMs'>): number[] {
  const save = startMs + o.submitLatencyMs;
  return pollTimes(durationMs, o.stepOverheadMs).map((t) => save + t);
}

/**
 * The step overhead that explains a job's recorded calls (ms after its Save; index 0 = the Save),
 * whatever the schedule does with it. m_i = how far call i moves per ms of overhead (1 for every
 * call when polls are due at fixed times after the TaskNo; i when each interval starts at the
 * previous answer). Each call gives one estimate, from the part of its time that the calls
 * before it do not explain; the median, so one slow step (a cold start) does not skew it.
 */
export function fitStepOverhead(recorded: number[], durationMs: number): number {
  const base = pollTimes(durationMs, 0, recorded.length);
  const moved = pollTimes(durationMs, 1, recorded.length);
  const m = moved.map((t, i) => t - base[i]!);
  const estimates: number[] = [];
  for (let i = 1; i < Math.min(recorded.length, base.length); i++) {
    const dm = m[i]! - m[i - 1]!;
    if (dm > 0) estimates.push((recorded[i]! - recorded[i - 1]! - (base[i]! - base[i - 1]!)) / dm);
    else if (m[i]! > 0) estimates.push((recorded[i]! - base[i]!) / m[i]!);
  }
  if (estimates.length === 0) return 0;
  estimates.sort((a, b) => a - b);
  return Math.round(estimates[Math.floor((estimates.length - 1) / 2)]!);
}

export function planStarts<T>(items: T[], durationOf: (item: T) => number, o: PlanOptions): PlannedJob<T>[] {
  const step = o.stepMs ?? 50;
  // Planned calls in 1 s buckets, so a clash test looks at the neighbouring buckets only.
  const buckets = new Map<number, number[]>();
  const bucket = (t: number) => Math.floor(t / 1000);
  const clashes = (calls: number[]) =>
    calls.some((c) => {
      for (let b = bucket(c - o.separationMs); b <= bucket(c + o.separationMs); b++)
        if (buckets.get(b)?.some((x) => Math.abs(x - c) < o.separationMs)) return true;
      return false;
    });
  const out: PlannedJob<T>[] = [];
  let earliest = 0;
  for (const item of items) {
    const offsets = predictCalls(0, durationOf(item), o);
    let start = earliest;
    const at = (s: number) => offsets.map((t) => s + t);
    while (clashes(at(start))) start += step;
    const calls = at(start);
    for (const c of calls) buckets.set(bucket(c), [...(buckets.get(bucket(c)) ?? []), c]);
    out.push({ item, startMs: start, calls });
    if (o.minGapMs !== undefined) earliest = start + o.minGapMs;
  }
  return out;
}

/** The schedule's poll times, ms after the Save, with no overhead: the grid the intervals are read from. */
function scheduleGrid(untilMs: number): number[] {
  return pollTimes(untilMs + 1, 0).slice(1);
}

/**
 * The poll interval in force at `ms` after the Save: the gap between the last scheduled poll at or
 * before `ms` (the Save itself before the first poll) and the next one.
 */
export function intervalAt(ms: number): { fromMs: number; toMs: number; lengthMs: number } {
  const grid = scheduleGrid(ms + 1);
  let from = 0;
  for (const t of grid) {
    if (t > ms) return { fromMs: from, toMs: t, lengthMs: t - from };
    from = t;
  }
  throw new Error(`no poll after ${ms} ms`);
}

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Jittered {
  nominalMs: number;
  /** the interval in force at the nominal duration */
  intervalMs: number;
  /** in [0, intervalMs) */
  jitterMs: number;
  /** nominal + jitter: the simulator's per-domain durationMs */
  durationMs: number;
}

/**
 * `runs` task durations for a nominal duration d: d + U(0, I), I = the poll interval in force at d,
 * so completions fall at every phase of the polls instead of on them. Stratified: run k's jitter
 * is uniform in its own k-th 1/runs of the interval (the slices in a shuffled order), so the runs
 * cover the interval evenly and p50/p95 estimate the delay over all phases rather than the luck of
 * a few draws; each run is still uniform over the interval.
 */
export function jitteredDurations(nominalMs: number, runs: number, random: () => number): Jittered[] {
  const intervalMs = intervalAt(nominalMs).lengthMs;
  const slices = Array.from({ length: runs }, (_, k) => k);
  for (let i = slices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [slices[i], slices[j]] = [slices[j]!, slices[i]!];
  }
  return slices.map((k) => {
    const jitterMs = Math.floor(((k + random()) / runs) * intervalMs);
    return { nominalMs, intervalMs, jitterMs, durationMs: nominalMs + jitterMs };
  });
}
