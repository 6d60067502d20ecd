// npm run bench:polls: API calls per job and detection delay for the poll schedule in use.
// Drives the real state machine (lib/jobs/transitions) on a simulated clock: a task submitted at
// t = 0 completes at t = duration; every poll before that answers "running". No browser: the
// delay here is completion -> the answer of the poll that saw it (the browser adds ~20-50 ms to
// Notify; npm run bench measures that).
import { applyOutcome, newJob } from '../../lib/jobs/transitions';
import { pollOffset } from '../../lib/jobs/schedule';
import type { Job } from '../../lib/jobs/types';
import { intervalAt } from './plan';
import { percentile } from './stats';

/** Simulated round trip of one API call. */
const RTT_MS = 80;
const CALL_BUDGET_TEN_MINUTES = 24;

function run(durationMs: number): { calls: number; delayMs: number } {
  let now = 0;
  let job: Job = newJob({ id: 'bench', domain: 'example.com', site: 'cn', profileId: 'p' }, now);
  // the server creates the task at the middle of the Save's round trip
  const createdAt = now + RTT_MS / 2;
  now += RTT_MS;
  job = applyOutcome(job, { kind: 'task-no', taskNo: 't' }, now, 0.5);
  while (job.state === 'waiting') {
    now = job.nextAttemptAt + RTT_MS;
    // the server answers at the middle of the round trip
    const done = now - RTT_MS / 2 >= createdAt + durationMs;
    job = applyOutcome(job, { kind: 'task', task: done ? { status: 'success', code: 'C' } : { status: 'running' } }, now, 0.5);
  }
  return { calls: job.apiCalls, delayMs: now - (createdAt + durationMs) };
}

const fmt = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

console.log('Poll times after the TaskNo (s): ' + Array.from({ length: 24 }, (_, n) => +(pollOffset(n) / 1000).toFixed(3)).join(', ') + ', ...');
console.log('');
const rows = [2_000, 5_000, 10_000, 20_000, 45_000, 60_000, 10 * 60_000, 60 * 60_000].map((d) => ({ d, ...run(d) }));
console.log('task duration | API calls per job | completion -> detection');
console.log('------------- | ----------------- | -----------------------');
for (const r of rows) console.log(`${fmt(r.d).padStart(13)} | ${String(r.calls).padStart(17)} | ${s2(r.delayMs).padStart(23)}`);

// Completions at every phase of the polls: nominal d + U(0, I), I = the interval in force at d
// (as npm run bench places them), 200 evenly spaced phases.
const PHASES = 200;
const spread = (fromMs: number, lengthMs: number) => Array.from({ length: PHASES }, (_, k) => run(fromMs + ((k + 0.5) / PHASES) * lengthMs).delayMs);
console.log('');
console.log('nominal + U(0, I) | I      | p50     | p95     | API calls');
console.log('----------------- | ------ | ------- | ------- | ---------');
for (const d of [2_000, 3_000, 5_000, 6_000, 7_000, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000]) {
  const I = intervalAt(d).lengthMs;
  const delays = spread(d, I);
  const calls = [run(d).calls, run(d + I - 1).calls];
  console.log(
    `${fmt(d).padStart(17)} | ${`${I / 1000} s`.padStart(6)} | ${s2(percentile(delays, 50)).padStart(7)} | ${s2(percentile(delays, 95)).padStart(7)} | ${calls[0] === calls[1] ? calls[0] : `${calls[0]}-${calls[1]}`}`,
  );
}

// The stricter reading: tasks that always take about the same time, e.g. all between 6 and 7 s.
let worst = { fromMs: 0, p50: 0, p95: 0 };
for (let from = 3_000; from + 1_000 <= 20_000; from += 100) {
  const delays = spread(from, 1_000);
  const p50 = percentile(delays, 50);
  if (p50 > worst.p50) worst = { fromMs: from, p50, p95: percentile(delays, 95) };
}
console.log('');
console.log(
  `Worst 1 s band of completion times within 3-20 s: ${s2(worst.fromMs)}-${s2(worst.fromMs + 1_000)}, p50 ${s2(worst.p50)}, p95 ${s2(worst.p95)} (budget p50 <= 1.50 s, p95 <= 3.00 s)`,
);
const tenMin = rows.find((r) => r.d === 10 * 60_000)!;
console.log(`Budget: <= ${CALL_BUDGET_TEN_MINUTES} calls for a 10-minute task: ${tenMin.calls} (${tenMin.calls <= CALL_BUDGET_TEN_MINUTES ? 'met' : 'missed'})`);
