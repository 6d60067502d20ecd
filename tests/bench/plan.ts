// Start times for many jobs in one browser, chosen so the engine's request limiter (5 requests/s,
// i.e. one call every 200 ms) never has to hold a call back: a call held back would add the
// limiter's wait to the delay being measured. The plan predicts every job's calls from the real
// poll schedule (lib/jobs/schedule.ts) and places each job at the earliest start whose calls all
// stay at least `separationMs` away from every call already planned.
import { pollDelay } from '../../lib/jobs/schedule';

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
  /** Per call: round trip plus the storage write before the next timer is set. */
  stepOverheadMs: number;
  /** Candidate start times are multiples of this. */
  stepMs?: number;
  /** Never start a job before this (e.g. behind the previous one). */
  minGapMs?: number;
}

/** The calls a job makes: Save, then polls on the schedule until the first poll at or after completion. */
export function predictCalls(startMs: number, durationMs: number, o: Pick<PlanOptions, 'submitLatencyMs' | 'stepOverheadMs'>): number[] {
  const save = startMs + o.submitLatencyMs;
  const calls = [save];
  let t = save;
  for (let n = 0; t < save + durationMs && n < 1000; n++) {
    t += o.stepOverheadMs + pollDelay(n);
    calls.push(t);
  }
  return calls;
}

export function planStarts<T>(items: T[], durationOf: (item: T) => number, o: PlanOptions): PlannedJob<T>[] {
  const step = o.stepMs ?? 50;
  const taken: number[] = [];
  const out: PlannedJob<T>[] = [];
  let earliest = 0;
  const clashes = (calls: number[]) => calls.some((c) => taken.some((x) => Math.abs(x - c) < o.separationMs));
  for (const item of items) {
    let start = earliest;
    let calls = predictCalls(start, durationOf(item), o);
    while (clashes(calls)) {
      start += step;
      calls = predictCalls(start, durationOf(item), o);
    }
    taken.push(...calls);
    out.push({ item, startMs: start, calls });
    if (o.minGapMs !== undefined) earliest = start + o.minGapMs;
  }
  return out;
}
