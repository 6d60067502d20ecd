// The fault-schedule property test of the job engine (lib/jobs/engine.ts): the real engine, on
// WXT's fake browser and fake timers, against a model of the API (helpers/faulty-domain.ts) that
// injects at random, per call: throttling, busy, HTTP 503, network errors, timeouts before and
// after the server acted, lost answers; plus outages, worker stops (engine state dropped, storage
// kept), browser restarts (alarms and session storage dropped too) and clock jumps.
//
// Invariants, for every schedule:
// - every job ends: done, or failed for a fatal cause or its time limit (never for a transient
//   fault inside its budget);
// - exactly one notification per job (a batch: one summary, its jobs none);
// - at most one task made per request;
// - during an outage, once the engine has met it, the whole engine has at most one call on the
//   wire at a time, whatever the number of jobs, and the probes keep to the backoff's floor.
// fast-check prints the seed and the path of a failing schedule; `FAULTS_SEED=<n>` replays it.
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Credentials } from '../../lib/aliyun/client';
import type { Profile } from '../../lib/credentials/profiles';
import { normalizeDomain } from '../../lib/domain/name';
import { createJobEngine, POLL_ALARM, type JobEngine } from '../../lib/jobs/engine';
import { readAllJobs, readBatches } from '../../lib/jobs/reader';
import { BACKOFF_CAP_MS, BACKOFF_FLOOR_MS, JOB_TIMEOUT_MS, SUBMIT_FAULT_BUDGET_MS } from '../../lib/jobs/schedule';
import type { Job } from '../../lib/jobs/types';
import { seededRandom } from '../bench/plan';
import { FaultyDomain, type Outage, type OutageKind } from './helpers/faulty-domain';

const RUNS = Number(process.env.FAULTS_RUNS ?? 1_000);
const START = Date.UTC(2026, 11, 2, 4, 0, 0);
/** Every schedule's jobs must have ended by then (real time). */
const HORIZON_MS = 8 * 60 * 60_000;
const TRANSIENT = new Set(['throttled', 'busy', 'server', 'network', 'timeout']);

const PROFILE: Profile = { id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID' } as Profile;
const CREDENTIALS: Credentials = { accessKeyId: 'AKID', accessKeySecret: 'secret' };

type WorkerEvent = { at: number; kind: 'stop' } | { at: number; kind: 'restart' } | { at: number; kind: 'jump'; ms: number };

interface Schedule {
  singles: number;
  batch: number;
  durations: number[];
  faultRate: number;
  outages: Outage[];
  events: WorkerEvent[];
  seed: number;
}

const outageArb = fc
  .record({ start: fc.integer({ min: 0, max: 20 * 60_000 }), length: fc.integer({ min: 5_000, max: 10 * 60_000 }), kind: fc.constantFrom<OutageKind>('network', 'timeout', 'http503') })
  .map(({ start, length, kind }) => ({ start, end: start + length, kind }));

const eventArb: fc.Arbitrary<WorkerEvent> = fc.oneof(
  fc.record({ at: fc.integer({ min: 0, max: 30 * 60_000 }), kind: fc.constant('stop' as const) }),
  fc.record({ at: fc.integer({ min: 0, max: 30 * 60_000 }), kind: fc.constant('restart' as const) }),
  fc.record({ at: fc.integer({ min: 0, max: 30 * 60_000 }), kind: fc.constant('jump' as const), ms: fc.integer({ min: -10 * 60_000, max: 40 * 60_000 }) }),
);

const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  singles: fc.integer({ min: 1, max: 3 }),
  batch: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 12 })),
  durations: fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 16, maxLength: 16 }),
  faultRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
  outages: fc.array(outageArb, { maxLength: 2 }),
  events: fc.array(eventArb, { maxLength: 4 }).map((events) => events.sort((a, b) => a.at - b.at)),
  seed: fc.integer(),
});

interface Figures {
  schedules: number;
  outages: number;
  outageMinutes: number;
  outageCalls: number;
  worstOutageCallsPerMinute: number;
  worstResumeMs: number;
  jobs: number;
  maxJobsInOutage: number;
}
const figures: Figures = { schedules: 0, outages: 0, outageMinutes: 0, outageCalls: 0, worstOutageCallsPerMinute: 0, worstResumeMs: 0, jobs: 0, maxJobsInOutage: 0 };

/** Runs one schedule to its end and checks the invariants (throws with the reason). */
async function runSchedule(s: Schedule, trace?: (line: string) => void): Promise<void> {
  // Nothing of the schedule before may run on in this one (its engine's timers, its limiter's).
  vi.clearAllTimers();
  fakeBrowser.reset();
  vi.setSystemTime(START);
  let jumped = 0;
  const realNow = () => Date.now() - START - jumped;
  const random = seededRandom(s.seed); // replays exactly
  const domains = Array.from({ length: s.singles + s.batch }, (_, i) => `domain-${i}.com`);
  const duration = new Map(domains.map((d, i) => [d, s.durations[i % s.durations.length]!]));
  const api = new FaultyDomain({ realNow, wallNow: () => Date.now(), random, faultRate: s.faultRate, outages: s.outages, durationOf: (d) => duration.get(d) ?? 0 });
  const notified = new Map<string, number>();
  const batchNotices = new Map<string, number>();
  let ids = 0;

  const newEngine = (): JobEngine =>
    createJobEngine({
      apiFor: () => api.api(),
      credentials: async (): Promise<Credentials> => CREDENTIALS,
      notifyLocked: async () => undefined,
      codeKey: async () => 'off',
      codeRetentionDays: async () => 30,
      notify: async (job: Job) => void notified.set(job.id, (notified.get(job.id) ?? 0) + 1),
      notifyBatch: async (batch) => void batchNotices.set(batch.id, (batchNotices.get(batch.id) ?? 0) + 1),
      lang: async () => 'en',
      activeProfile: async () => PROFILE,
      profile: async () => PROFILE,
      requestsPerSecond: async () => 20,
      normalize: async (text) => normalizeDomain(text),
      now: () => Date.now(),
      random,
      newId: () => `job-${++ids}`,
    });

  let engine: JobEngine | undefined = newEngine();
  await engine.resume();
  for (const d of domains.slice(0, s.singles)) await engine.request(d);
  if (s.batch > 0) await engine.requestBatch(domains.slice(s.singles));

  // The worker stops: what is on the wire is lost, the engine's memory and timers are gone.
  const stop = async () => {
    api.generation++;
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);
    // (clearing the fake timers also winds the fake clock back to its start: a stop is not a jump)
    const at = Date.now();
    vi.clearAllTimers();
    vi.setSystemTime(at);
    engine = undefined;
  };
  // It wakes again: by its alarm after a stop, at start-up after a restart.
  const wake = async (how: 'alarm' | 'startup') => {
    engine = newEngine();
    if (how === 'alarm') {
      await fakeBrowser.alarms.clear(POLL_ALARM);
      await engine.onAlarm(POLL_ALARM);
    } else await engine.resume();
  };

  const pendingEvents = [...s.events];
  let wakeAt: { at: number; how: 'alarm' | 'startup' } | undefined;
  const allClosed = async () => (await readAllJobs()).every((j) => (j.state === 'done' || j.state === 'failed') && j.notified);

  for (let round = 0; ; round++) {
    if (round > 20_000) throw new Error(`no progress after ${round} timer rounds at ${realNow()} ms: ${JSON.stringify((await readAllJobs()).filter((j) => !j.notified).map((j) => [j.domain, j.state, j.nextAttemptAt - Date.now()]))}, timers ${vi.getTimerCount()}`);
    if (realNow() > HORIZON_MS) throw new Error(`jobs still open after ${HORIZON_MS / 3_600_000} h: ${JSON.stringify((await readAllJobs()).filter((j) => !j.notified).map((j) => [j.domain, j.state]))}`);
    const next = pendingEvents[0];
    if (next && realNow() >= next.at) {
      pendingEvents.shift();
      if (next.kind === 'jump') {
        jumped += next.ms;
        vi.setSystemTime(Date.now() + next.ms);
      } else if (engine) {
        await stop();
        if (next.kind === 'restart') {
          await fakeBrowser.alarms.clearAll();
          await fakeBrowser.storage.session.clear();
          wakeAt = { at: realNow() + 2_000, how: 'startup' };
        } else {
          const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
          wakeAt = alarm ? { at: realNow() + Math.max(0, alarm.scheduledTime - Date.now()), how: 'alarm' } : undefined;
        }
      }
      continue;
    }
    if (!engine && wakeAt && realNow() >= wakeAt.at) {
      await wake(wakeAt.how);
      wakeAt = undefined;
      continue;
    }
    if (!engine) {
      if (!wakeAt) {
        if (await allClosed()) break;
        throw new Error('the worker stopped with open jobs and no alarm to wake it');
      }
      const until = Math.min(wakeAt.at, next?.at ?? Infinity);
      await vi.advanceTimersByTimeAsync(Math.max(1, until - realNow()));
      continue;
    }
    if (vi.getTimerCount() === 0) {
      // Let the work that needs no timer run (storage, answers already in): it may set timers.
      for (let i = 0; i < 5 && vi.getTimerCount() === 0; i++) await vi.advanceTimersByTimeAsync(0);
      if (vi.getTimerCount() === 0) {
        if (await allClosed()) break;
        // Nothing is scheduled in memory: the alarm is what wakes the engine (as in a browser).
        const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
        if (!alarm) throw new Error(`open jobs and nothing scheduled: ${JSON.stringify((await readAllJobs()).filter((j) => !j.notified).map((j) => [j.domain, j.state]))}`);
        await vi.advanceTimersByTimeAsync(Math.max(1, Math.min(alarm.scheduledTime - Date.now(), (next?.at ?? Infinity) - realNow())));
        if (Date.now() >= alarm.scheduledTime) {
          await fakeBrowser.alarms.clear(POLL_ALARM);
          await engine.onAlarm(POLL_ALARM);
        }
        continue;
      }
    }
    // To the next timer (an event due before it waits for it: events land between timers).
    await vi.advanceTimersToNextTimerAsync();
    if (round % 50 === 49 && (await allClosed())) break;
  }
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0);

  // The engine stops here: the invariants are read from what it left.
  api.generation++;
  vi.clearAllTimers();

  // ---- invariants ----
  const jobs = await readAllJobs();
  if (trace) {
    for (const c of api.calls) trace(`${c.start}-${c.end ?? '…'} gen ${c.generation} ${c.action} ${c.domain ?? ''} ${c.fault ?? ''}`);
    for (const j of jobs) trace(JSON.stringify(j));
  }
  expect(jobs).toHaveLength(domains.length);
  for (const job of jobs) {
    expect(job.state === 'done' || job.state === 'failed', `${job.domain} ended ${job.state}`).toBe(true);
    if (job.state === 'failed') {
      const cause = job.failure?.cause ?? 'unknown';
      const limit = job.taskNo === undefined ? SUBMIT_FAULT_BUDGET_MS : JOB_TIMEOUT_MS;
      if (TRANSIENT.has(cause)) expect((job.finishedAt ?? 0) - job.createdAt, `${job.domain} failed (${cause}) inside its budget`).toBeGreaterThanOrEqual(limit);
      else expect(['timed-out', 'task-failed'], `${job.domain} failed for ${cause}`).toContain(cause);
    }
    expect(api.tasksOf(job.domain), `tasks made for ${job.domain}`).toBeLessThanOrEqual(1);
    if (job.batchId) expect(notified.get(job.id) ?? 0).toBe(0);
    else expect(notified.get(job.id) ?? 0, `notifications for ${job.domain}`).toBe(1);
  }
  for (const batch of await readBatches()) expect(batchNotices.get(batch.id) ?? 0, 'batch summaries').toBe(1);

  // During an outage, once the engine met it: one call on the wire at a time, probes at least
  // BACKOFF_FLOOR_MS apart. A call of a stopped worker ends when it stopped.
  for (const outage of s.outages) {
    const during = api.calls.filter((c) => c.start >= outage.start && c.start < outage.end).sort((a, b) => a.start - b.start);
    const first = during[0];
    if (!first) continue;
    const learned = first.end ?? outage.end;
    // Calls that left in the same millisecond as the answer that taught the engine (before its
    // handler ran: fake time stands still meanwhile) were on the wire when it learned: not probes.
    const probes = during.filter((c) => c.start > learned && api.outageAt(c.start) === outage);
    for (let i = 1; i < probes.length; i++) {
      const before = probes[i - 1]!;
      const sameWorker = before.generation === probes[i]!.generation;
      if (sameWorker) expect(probes[i]!.start, 'two calls on the wire at once during an outage').toBeGreaterThanOrEqual(before.end ?? Infinity);
      // A clock set back in between makes the next probe due at once (lib/jobs/circuit.ts probeDue).
      const clockSetBack = s.events.some((e) => e.kind === 'jump' && e.ms < 0 && e.at >= before.start && e.at <= probes[i]!.start);
      if (sameWorker && !clockSetBack) expect(probes[i]!.start - (before.end ?? 0), 'probes closer than the backoff floor').toBeGreaterThanOrEqual(BACKOFF_FLOOR_MS - 1);
    }
    const minutes = Math.max(1, (outage.end - learned) / 60_000);
    figures.outages++;
    figures.outageMinutes += (outage.end - outage.start) / 60_000;
    figures.outageCalls += probes.length;
    figures.worstOutageCallsPerMinute = Math.max(figures.worstOutageCallsPerMinute, probes.length / minutes);
    figures.maxJobsInOutage = Math.max(figures.maxJobsInOutage, domains.length);
    // Once it is over, the next probe finds it within the cap (plus a probe that was still
    // timing out when it ended), unless the worker was stopped or the clock moved meanwhile.
    const after = api.calls.find((c) => c.start >= outage.end && !api.outageAt(c.start));
    const undisturbed = !s.events.some((e) => e.at > outage.start - 60_000 && e.at < outage.end + 120_000) && !s.outages.some((o) => o !== outage && o.start < outage.end + 120_000 && o.end > outage.start - 60_000);
    const lastFaulted = [...during].reverse().find((c) => c.fault !== undefined);
    if (after && lastFaulted && undisturbed) {
      const resume = after.start - outage.end;
      expect(resume, 'time from the end of an outage to the next call').toBeLessThanOrEqual(BACKOFF_CAP_MS + 15_000 + 1_000);
      figures.worstResumeMs = Math.max(figures.worstResumeMs, resume);
    }
  }
  figures.schedules++;
  figures.jobs += jobs.length;
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  const f = figures;
  console.log(
    `[fault schedules] ${f.schedules} schedules, ${f.jobs} jobs; ${f.outages} outages met (${f.outageMinutes.toFixed(0)} min): ` +
      `${(f.outageCalls / Math.max(1, f.outageMinutes)).toFixed(2)} calls per outage minute on average, at most ${f.worstOutageCallsPerMinute.toFixed(2)} (up to ${f.maxJobsInOutage} jobs); ` +
      `worst time from an outage's end to the next call: ${(f.worstResumeMs / 1000).toFixed(1)} s (backoff cap ${BACKOFF_CAP_MS / 1000} s)`,
  );
});

describe('the engine under random fault schedules', () => {
  // FAULTS_SCHEDULE='<a counterexample's JSON>' replays that one schedule and prints its calls.
  if (process.env.FAULTS_SCHEDULE) {
    it('replays one schedule', async () => {
      const schedule = JSON.parse(process.env.FAULTS_SCHEDULE ?? '') as Schedule;
      await runSchedule(schedule, (line) => console.log(line));
    }, 600_000);
  }

  // Counterexamples the property found, kept as cases: each one a bug that was fixed (in the
  // engine, or in what this test counted).
  const FOUND: Array<{ bug: string; schedule: Schedule }> = [
    {
      // An answer closed the circuit in memory while the stored one was still open; the next
      // read took the stored one back (`??=` read null as "not read"), so a probe followed a
      // failure 203 ms later, under the 250 ms floor.
      bug: 'a closed circuit brought back from storage',
      schedule: {
        singles: 2,
        batch: 7,
        durations: [49737, 28554, 76263, 29897, 87371, 20018, 6, 24276, 9329, 19478, 68561, 89986, 79203, 0, 85207, 54417],
        faultRate: 0,
        outages: [
          { start: 3, end: 599986, kind: 'http503' },
          { start: 610256, end: 641059, kind: 'http503' },
        ],
        events: [
          { at: 185318, kind: 'stop' },
          { at: 452527, kind: 'restart' },
          { at: 1027585, kind: 'restart' },
          { at: 1232956, kind: 'stop' },
        ],
        seed: 1874543671,
      } as Schedule,
    },
    {
      // The clock set back by 340 s (before the outage): the rate limiter's next slot, planned on
      // the clock before, held the circuit's probe back for 325 s after it was due.
      bug: "the limiter's slot planned on a clock since set back",
      schedule: {
        singles: 3,
        batch: 3,
        durations: [65733, 74874, 13, 4, 40711, 32618, 2, 89997, 15548, 19469, 13, 83267, 5, 28207, 13720, 72872],
        faultRate: 0,
        outages: [{ start: 132494, end: 368048, kind: 'timeout' }],
        events: [
          { at: 36636, kind: 'jump', ms: 1645566 },
          { at: 61010, kind: 'jump', ms: -340028 },
          { at: 757034, kind: 'jump', ms: 325636 },
          { at: 1043613, kind: 'stop' },
        ],
        seed: -2078209541,
      } as Schedule,
    },
    {
      // Not an engine bug: a call that left in the very millisecond of the first failure, before
      // the engine had read it, was counted as a probe (28 ms before the real one).
      bug: 'a call on the wire when the circuit opened, counted as a probe',
      schedule: {
        singles: 1,
        batch: 4,
        durations: [18071, 21899, 88083, 85426, 47740, 4, 78354, 2975, 69146, 89994, 5, 89985, 28772, 89998, 76882, 13542],
        faultRate: 1.5083410846420518e-149,
        outages: [
          { start: 36068, end: 437654, kind: 'http503' },
          { start: 377721, end: 556174, kind: 'timeout' },
        ],
        events: [
          { at: 700855, kind: 'stop' },
          { at: 710775, kind: 'stop' },
          { at: 841469, kind: 'stop' },
          { at: 1082808, kind: 'jump', ms: 943832 },
        ],
        seed: -1500051930,
      } as Schedule,
    },
  ];
  it.each(FOUND)('keeps its invariants on a schedule it once broke: $bug', async ({ schedule }) => {
    await runSchedule(schedule);
  });

  it(`keeps its invariants over ${RUNS} schedules`, async () => {
    const seed = process.env.FAULTS_SEED === undefined ? undefined : Number(process.env.FAULTS_SEED);
    await fc.assert(
      fc.asyncProperty(scheduleArb, (s) => runSchedule(s)),
      { numRuns: RUNS, ...(seed !== undefined ? { seed } : {}), endOnFailure: true },
    );
  }, 600_000);
});
