// The delay part of the bench's table (1): completion -> Notify per nominal task duration, each
// figure next to its budget, and the per-run details. Used by bench.ts and delay-only.ts.
import type { DelayJob } from './browser-run';
import { percentile } from './stats';

export interface DelayBudget {
  p50Ms: number;
  p95Ms: number;
  /** the budget covers tasks from this long... */
  fromMs: number;
  /** ...up to this long */
  upToMs: number;
}

/** Nominal task durations; 3-20 s are under the budget, 2 s and 45 s are for information. */
export const BENCH_DELAY_DURATIONS = [2_000, 3_000, 5_000, 6_000, 7_000, 10_000, 20_000, 45_000];
/** Runs per nominal duration (the budget asks for at least 10). */
export const BENCH_DELAY_RUNS = 10;
/** Seed of the jitter's PRNG unless `--seed N` is given. */
export const BENCH_SEED = 20261202;

export const DELAY_BUDGET: DelayBudget = { p50Ms: 1_500, p95Ms: 3_000, fromMs: 3_000, upToMs: 20_000 };

export interface DelayRow {
  n: string;
  what: string;
  figure: string;
  budget: string;
  result: string;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const secShort = (ms: number) => `${+(ms / 1000).toFixed(2)} s`;
const msf = (ms: number) => `${Math.round(ms)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

const delayJobs = (jobs: DelayJob[], nominalMs: number) => jobs.filter((j) => j.nominalMs === nominalMs && j.domain.startsWith('delay-'));

export function delayRows(jobs: DelayJob[], durationsMs: number[], budget: DelayBudget = DELAY_BUDGET): DelayRow[] {
  return durationsMs.map((d) => {
    const runs = delayJobs(jobs, d);
    const delays = runs.map((j) => j.delayMs);
    const p50 = percentile(delays, 50);
    const p95 = percentile(delays, 95);
    const inBudget = d >= budget.fromMs && d <= budget.upToMs;
    const interval = runs[0]?.intervalMs ?? 0;
    return {
      n: '1',
      what: `Delay completion -> Notify, ${d / 1000} s task + U(0, ${secShort(interval)}) (${runs.length} runs)`,
      figure: `p50 ${sec(p50)}, p95 ${sec(p95)}`,
      budget: inBudget
        ? `p50 <= ${sec(budget.p50Ms)}, p95 <= ${sec(budget.p95Ms)}`
        : `none (${d < budget.fromMs ? `under ${budget.fromMs / 1000} s` : `over ${budget.upToMs / 1000} s`})`,
      result: inBudget ? verdict(p50 <= budget.p50Ms && p95 <= budget.p95Ms) : 'info',
    };
  });
}

/** One line saying how the completions were placed (for the table's footnotes). */
export function jitterNote(seed: number, runs: number): string {
  return (
    `Delay runs: each task's completion is its nominal duration + U(0, I), I = the poll interval in force at the nominal duration ` +
    `(lib/jobs/schedule.ts), stratified (run k of ${runs} uniform in the k-th 1/${runs} of I, in shuffled order), seeded PRNG, seed ${seed} ` +
    `(\`--seed ${seed}\` repeats the durations). p50/p95 are nearest-rank over the runs.`
  );
}

/** Markdown: one line per nominal duration with every run's figures. */
export function delayDetails(jobs: DelayJob[], durationsMs: number[]): string[] {
  return [
    '| Task | completion (nominal + jitter) | completion -> Notify | completion -> detecting poll | detecting poll -> Notify | API calls |',
    '| ---- | ----------------------------- | -------------------- | ---------------------------- | ------------------------ | --------- |',
    ...durationsMs.map((d) => {
      // in order of completion, so the columns read as the phase within the interval
      const runs = delayJobs(jobs, d).sort((a, b) => a.durationMs - b.durationMs);
      return `| ${d / 1000} s | ${runs.map((j) => secShort(j.durationMs)).join(', ')} | ${runs.map((j) => sec(j.delayMs)).join(', ')} | ${runs
        .map((j) => sec(j.detectedAt - j.completedAt))
        .join(', ')} | ${runs.map((j) => msf(j.notifiedAt - j.detectedAt)).join(', ')} | ${runs.map((j) => j.saves + j.polls).join(', ')} |`;
    }),
  ];
}

/** How much later than predicted (schedule + the warm-up's overhead) the polls went. */
export function pollLatenessCheck(jobs: DelayJob[], stepOverheadMs: number[]): string {
  // A poll the plan did not predict (a completion within a few ms of a poll time) has no figure.
  const all = jobs.flatMap((j) => j.excessMs).filter((x) => Number.isFinite(x));
  const unpredicted = jobs.flatMap((j) => j.excessMs).length - all.length;
  const detecting = jobs.map((j) => j.excessMs.at(-1) ?? NaN).filter((x) => Number.isFinite(x));
  return (
    `Rate limiter (5 calls/s): the delay jobs shared out to ${stepOverheadMs.length} browser${stepOverheadMs.length > 1 ? 's' : ''} at once (each its own extension, limiter and simulator), ` +
    `in each started on a plan keeping predicted calls >= 250 ms apart. Poll times against the plan's ` +
    `prediction (the schedule plus the warm-up's step overhead, ${stepOverheadMs.map(msf).join(', ')}): median ${msf(percentile(all, 50))}, ` +
    `p95 ${msf(percentile(all, 95))}, max ${msf(Math.max(...all))} over ${all.length} polls; on the poll that saw the task done: ` +
    `median ${msf(percentile(detecting, 50))}, max ${msf(Math.max(...detecting))}` +
    (unpredicted > 0 ? `; ${unpredicted} poll${unpredicted > 1 ? 's' : ''} beyond the predicted ones (a task done within ms of a poll time).` : '.')
  );
}
