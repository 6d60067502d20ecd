// API calls per delivered code for long tasks, with the real engine (lib/jobs/engine.ts) and the
// real schedule under fake timers: a 10-minute task would take 10 minutes in a browser.
// The fake Domain API answers "running" until the task's duration has passed since its Save.
// Writes { results: [{ durationMs, calls, saves, polls, delayMs }] } to $BENCH_OUT (JSON).
import { writeFileSync } from 'node:fs';
import { afterEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { DomainApi } from '../../lib/domain/api';
import { createWorkerEngine } from '../../entrypoints/background/engine';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import type { Profile } from '../../lib/credentials/profiles';

/** Simulated round trip of one API call (the fake answers after this long). */
const RTT_MS = 50;
const DURATIONS = [10_000, 60_000, 10 * 60_000];

interface Result {
  durationMs: number;
  /** the calls that got the code (Saves and polls) */
  calls: number;
  /** QueryTransferOutInfo after the code arrived (issue 17) */
  transferOut: number;
  saves: number;
  polls: number;
  /** completion -> notification, on the fake clock */
  delayMs: number;
}

async function run(durationMs: number): Promise<Result> {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  const calls: Array<{ action: 'save' | 'query' | 'transfer-out'; at: number }> = [];
  const doneAt = new Map<string, number>();
  const answer = <T>(value: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(value()), RTT_MS));
  const api: DomainApi = {
    requestTransferCode: async () => {
      calls.push({ action: 'save', at: Date.now() });
      const taskNo = `task-${calls.length}`;
      // The server creates the task half-way through the round trip.
      doneAt.set(taskNo, Date.now() + RTT_MS / 2 + durationMs);
      return answer(() => taskNo);
    },
    queryTask: async (taskNo) => {
      calls.push({ action: 'query', at: Date.now() });
      const done = Date.now() + RTT_MS / 2 >= (doneAt.get(taskNo) ?? Infinity);
      return answer(() => (done ? { status: 'success' as const, code: 'CODE' } : { status: 'running' as const }));
    },
    queryDomain: () => Promise.reject(new Error('unused')),
    // The one read after the code, of where Alibaba also emailed it: counted apart from the code's calls.
    queryTransferOut: async () => {
      calls.push({ action: 'transfer-out', at: Date.now() });
      return answer(() => ({ RequestId: 'R' }));
    },
    setTransferLock: () => Promise.reject(new Error('unused')),
    setTransferLocks: () => Promise.reject(new Error('unused')),
    listDomains: () => Promise.reject(new Error('unused')),
    lockTaskPage: () => Promise.reject(new Error('unused')),
    // The lost-Save task lookup: no Save answer is lost here, so it finds nothing.
    finishedTasks: async () => [],
    listTasks: async () => ({ tasks: [], nextPage: false }),
    taskDetailFor: async () => undefined,
  };
  const profile: Profile = { id: 'p', name: 'default', site: 'cn', accessKeyId: 'AKID' };
  let notifiedAt: number | undefined;
  const engine = createWorkerEngine({
    apiFor: () => api,
    credentials: async () => ({ accessKeyId: 'AKID', accessKeySecret: 'secret' }),
    notify: async () => {
      notifiedAt = Date.now();
    },
    notifyLocked: async () => undefined,
    notifyBatch: async () => undefined,
    lang: async () => 'en',
    activeProfile: async () => profile,
    profile: async () => profile,
    requestsPerSecond: async () => 5,
    normalize: async (text) => ({ ok: true, domain: text }),
  });
  const started = await engine.request('example.com');
  expect(started.ok).toBe(true);
  // Well past the end: every timer the schedule could set has fired.
  await vi.advanceTimersByTimeAsync(durationMs + 5 * 60_000);
  await engine.idle();
  const [job] = await getJobs();
  expect(job?.state).toBe('done');
  expect(notifiedAt).toBeDefined();
  expect(job?.apiCalls).toBe(calls.length);
  const completedAt = [...doneAt.values()][0]!;
  const forCode = calls.filter((c) => c.action !== 'transfer-out');
  return {
    durationMs,
    calls: forCode.length,
    transferOut: calls.length - forCode.length,
    saves: calls.filter((c) => c.action === 'save').length,
    polls: calls.filter((c) => c.action === 'query').length,
    delayMs: notifiedAt! - completedAt,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

test('API calls per delivered code under fake timers', async () => {
  const results: Result[] = [];
  for (const d of DURATIONS) results.push(await run(d));
  const out = process.env.BENCH_OUT;
  if (out) writeFileSync(out, JSON.stringify({ rttMs: RTT_MS, results }, null, 2));
  else console.log(JSON.stringify(results));
});
