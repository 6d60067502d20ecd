// npm run bench:polls: API calls per job and detection delay for the poll schedule in use.
// Drives the real state machine (lib/jobs/transitions) on a simulated clock: a task submitted at
// t = 0 completes at t = duration; every poll before that answers "running".
import { applyOutcome, newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';

/** Simulated round trip of one API call. */
const RTT_MS = 80;

function run(durationMs: number): { calls: number; delayMs: number } {
  let now = 0;
  let job: Job = newJob({ id: 'bench', domain: 'example.com', site: 'cn', profileId: 'p' }, now);
  now += RTT_MS;
  job = applyOutcome(job, { kind: 'task-no', taskNo: 't' }, now, 0.5);
  while (job.state === 'waiting') {
    now = job.nextAttemptAt + RTT_MS;
    // the server answers at the middle of the round trip
    const done = now - RTT_MS / 2 >= durationMs;
    job = applyOutcome(job, { kind: 'task', task: done ? { status: 'success', code: 'C' } : { status: 'running' } }, now, 0.5);
  }
  return { calls: job.apiCalls, delayMs: now - durationMs };
}

const rows = [2_000, 5_000, 10_000, 20_000, 45_000, 60_000, 10 * 60_000, 60 * 60_000].map((d) => ({ d, ...run(d) }));
const fmt = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
console.log('task duration | API calls per job | completion -> detection');
console.log('------------- | ----------------- | -----------------------');
for (const r of rows) console.log(`${fmt(r.d).padStart(13)} | ${String(r.calls).padStart(17)} | ${(r.delayMs / 1000).toFixed(2).padStart(21)} s`);
const tenMin = rows.find((r) => r.d === 10 * 60_000)!;
console.log(`\nbudget: <= 25 calls for a 10-minute task: ${tenMin.calls} (${tenMin.calls <= 25 ? 'met' : 'missed'})`);
