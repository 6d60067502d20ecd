// The job engine: takes a domain, submits the task, polls it to the end, notifies exactly once.
//
// Every transition is written to storage before the next network call, so a stopped worker or a
// restarted browser resumes where it was. In-worker timers drive the polls while the worker lives;
// one alarm (never sooner than 30 s) wakes a stopped worker for the earliest due job.
import { browser } from 'wxt/browser';
import { isRpcError, type Credentials } from '../aliyun/client';
import type { DomainApi } from '../domain/api';
import type { Profile } from '../credentials/profiles';
import type { Lang } from '../i18n/lang';
import { MAX_BATCH } from '../protocol/limits';
import type { NameResult } from '../domain/name';
import type { BatchResult, NameRefusal, RequestResult } from '../protocol';
import { isBatchFinished, summarize, updateBatches, batchesItem, type Batch, type BatchSummary } from './batches';
import { DEFAULT_REQUESTS_PER_SECOND, MAX_IN_FLIGHT, RequestLimiter } from './rate-limit';
import { alarmTime } from './schedule';
import { getJob, getJobs, updateJob, updateJobs } from './store';
import { applyOutcome, fail, isTimedOut, newJob, restart, type Outcome } from './transitions';
import { isFinished, isPending, type Job } from './types';

export const POLL_ALARM = 'poll-jobs';
/** How soon a notification that failed to show is tried again while the worker lives. */
export const NOTIFY_RETRY_MS = 5_000;

export interface EngineDeps {
  apiFor(profile: Profile, credentials: Credentials): DomainApi;
  /** The secrets to sign with; 'locked' while the vault holds them locked. */
  credentials(profile: Profile): Promise<Credentials | 'locked' | undefined>;
  /** Asks the user to unlock the vault (once per locked period). */
  notifyLocked(lang: Lang): Promise<void>;
  notify(job: Job, lang: Lang): Promise<void>;
  lang(): Promise<Lang>;
  activeProfile(): Promise<Profile | undefined>;
  profile(id: string): Promise<Profile | undefined>;
  /** The one summary notification of a finished batch. */
  notifyBatch(batch: Batch, summary: BatchSummary, lang: Lang): Promise<void>;
  /** The client-side request rate limit (settings). */
  requestsPerSecond(): Promise<number>;
  /** Text -> registrable domain (the public suffix list's rules). */
  normalize(text: string): Promise<NameResult>;
  now(): number;
  random(): number;
  newId(): string;
}

export type { BatchResult, RequestResult } from '../protocol';

export interface JobEngine {
  /** Normalizes user text, refuses what is not a domain, and starts (or joins) a job. */
  request(text: string): Promise<RequestResult>;
  /** Many texts at once: each normalized (refusals reported per text), duplicates merged, one batch. */
  requestBatch(texts: string[]): Promise<BatchResult>;
  /** Finds pending work in storage and schedules it: call on start-up, install and every wake. */
  resume(): Promise<void>;
  onAlarm(name: string): Promise<void>;
  retry(id: string): Promise<boolean>;
  dismiss(id: string): Promise<boolean>;
  clearHistory(): Promise<number>;
  /** Resolves when no API call, storage write or notification is in progress (tests, benchmarks). */
  idle(): Promise<void>;
}

function toOutcomeError(e: unknown): Outcome {
  if (isRpcError(e)) return { kind: 'error', code: e.code, httpStatus: e.httpStatus, message: e.message };
  // A malformed answer (e.g. no TaskNo) is treated like a server hiccup: retried, bounded.
  return { kind: 'error', code: 'InvalidResponse', httpStatus: 502 };
}

/** The engine over its dependencies (the service worker's are in entrypoints/background/engine.ts). */
export function createJobEngine(deps: EngineDeps): JobEngine {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const busy = new Set<string>();
  const limiter = new RequestLimiter({ perSecond: DEFAULT_REQUESTS_PER_SECOND, maxInFlight: MAX_IN_FLIGHT, now: deps.now });
  const running = new Set<Promise<unknown>>();

  function track<T>(p: Promise<T>): Promise<T> {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  }

  function clearTimer(id: string) {
    const t = timers.get(id);
    if (t !== undefined) clearTimeout(t);
    timers.delete(id);
  }

  function setTimer(job: Job) {
    clearTimer(job.id);
    const delay = Math.max(0, job.nextAttemptAt - deps.now());
    timers.set(job.id, setTimeout(() => void track(step(job.id)), delay));
  }

  /** Keeps the backstop alarm at the earliest due job, or removes it when nothing is pending. */
  async function syncAlarm(): Promise<void> {
    const now = deps.now();
    // A finished job whose notification could not be shown yet is due now: the alarm retries it.
    const due = (await getJobs()).flatMap((j) =>
      isPending(j) && !j.waitingForUnlock ? [j.nextAttemptAt] : isFinished(j) && !j.notified ? [now] : [],
    );
    if (due.length === 0) {
      await browser.alarms.clear(POLL_ALARM);
      return;
    }
    await browser.alarms.create(POLL_ALARM, { when: alarmTime(Math.min(...due), now) });
  }

  /**
   * Shows the notification of a finished job once, then records that it was shown. If showing it
   * fails, the job stays unnotified and is tried again shortly (and by the alarm, should the
   * worker stop first).
   */
  async function notifyOnce(job: Job): Promise<void> {
    if (job.notified) return;
    try {
      await showOnce(job);
    } catch {
      clearTimer(job.id);
      timers.set(job.id, setTimeout(() => void track(step(job.id)), NOTIFY_RETRY_MS));
    }
  }

  async function showOnce(job: Job): Promise<void> {
    if (!job.batchId) await deps.notify(job, await deps.lang());
    await updateJob(job.id, (j) => ({ ...j, notified: true }));
    if (job.batchId) await finishBatch(job.batchId);
  }

  /**
   * Shows a batch's summary once all its jobs are finished. Each job saves its own end before
   * looking at the others, so the last one to finish always sees the batch complete; the batch
   * queue lets only one of them flip `notified`.
   */
  async function finishBatch(batchId: string): Promise<void> {
    const jobs = await getJobs();
    const now = deps.now();
    const finished = await updateBatches((batches) => {
      const batch = batches.find((b) => b.id === batchId);
      if (!batch || batch.notified || !isBatchFinished(batch, jobs)) return { batches, result: undefined };
      const done = { ...batch, notified: true, finishedAt: now };
      return { batches: batches.map((b) => (b.id === batchId ? done : b)), result: done };
    });
    if (finished) await deps.notifyBatch(finished, summarize(finished, jobs), await deps.lang());
  }

  /** Creates (or joins) pending jobs for normalized domains, all in one storage write. */
  async function startJobs(domains: string[], profile: Profile, batchId?: string) {
    const now = deps.now();
    const started = await updateJobs((jobs) => {
      const out: Array<{ job: Job; joined: boolean }> = [];
      let next = jobs;
      for (const domain of domains) {
        const pending = next.find((j) => isPending(j) && j.domain === domain && j.profileId === profile.id);
        if (pending) {
          out.push({ job: pending, joined: true });
          continue;
        }
        const job = { ...newJob({ id: deps.newId(), domain, site: profile.site, profileId: profile.id }, now), ...(batchId ? { batchId } : {}) };
        next = [job, ...next];
        out.push({ job, joined: false });
      }
      return { jobs: next, result: out };
    });
    for (const { job, joined } of started) if (!joined) void track(step(job.id));
    return started;
  }

  /**
   * The vault is locked: the job keeps its place and waits (no timer, no alarm) until an unlock
   * calls resume(). The first job to find the vault locked asks the user to unlock.
   */
  async function waitForUnlock(job: Job): Promise<void> {
    let first = false;
    await updateJobs((jobs) => {
      first = !jobs.some((j) => j.waitingForUnlock && isPending(j));
      return { jobs: jobs.map((j) => (j.id === job.id ? { ...j, waitingForUnlock: true } : j)), result: undefined };
    });
    if (first) await deps.notifyLocked(await deps.lang());
  }

  /** One API call for a job if it is due; the only place that moves a job forward. */
  async function step(id: string): Promise<void> {
    if (busy.has(id)) return; // a timer and an alarm may both get here: one is enough
    busy.add(id);
    clearTimer(id);
    try {
      let job = await getJob(id);
      if (!job) return;
      if (isFinished(job)) return await notifyOnce(job);

      const now = deps.now();
      if (isTimedOut(job, now)) {
        job = await updateJob(id, (j) => fail(j, { cause: 'timed-out' }, now));
        if (job) await notifyOnce(job);
        return;
      }
      if (job.nextAttemptAt > now) return setTimer(job);

      // Independent reads go out together: on a cold start each is a round trip to storage.
      const [profile, lang, perSecond] = await Promise.all([deps.profile(job.profileId), deps.lang(), deps.requestsPerSecond()]);
      const credentials = profile && (await deps.credentials(profile));
      if (credentials === 'locked') return await waitForUnlock(job);
      if (!profile || !credentials) {
        job = await updateJob(id, (j) => fail(j, { cause: 'no-credentials' }, deps.now()));
        if (job) await notifyOnce(job);
        return;
      }
      if (job.waitingForUnlock) job = (await updateJob(id, (j) => ({ ...j, waitingForUnlock: false }))) ?? job;

      const api = deps.apiFor(profile, credentials);
      const submitting = job.state === 'submitting' || !job.taskNo;
      limiter.setRate(perSecond);
      // Submissions go before polls, so a batch never polls a task that had no time to finish.
      const release = await limiter.acquire(submitting ? 0 : 1);
      let outcome: Outcome;
      try {
        outcome = submitting
          ? { kind: 'task-no', taskNo: await api.requestTransferCode(job.domain, lang) }
          : { kind: 'task', task: await api.queryTask(job.taskNo ?? '', lang) };
        limiter.succeeded();
      } catch (e) {
        outcome = toOutcomeError(e);
        if (outcome.kind === 'error' && outcome.code.startsWith('Throttling')) limiter.throttled();
      } finally {
        release();
      }

      job = await updateJob(id, (j) => applyOutcome(j, outcome, deps.now(), deps.random()));
      if (!job) return;
      if (isFinished(job)) await notifyOnce(job);
      else setTimer(job);
    } finally {
      busy.delete(id);
      await syncAlarm();
    }
  }

  const engine: JobEngine = {
    async request(text) {
      // The profile's read is under way while the name rules parse the text.
      const [profile, name] = await Promise.all([deps.activeProfile(), deps.normalize(text)]);
      if (!name.ok) return { ok: false, reason: name.reason };
      if (!profile) return { ok: false, reason: 'no-credentials' };

      const [started] = await startJobs([name.domain], profile);
      return { ok: true, jobId: started.job.id, joined: started.joined };
    },

    async requestBatch(texts) {
      const profile = await deps.activeProfile();
      if (!profile) return { ok: false, reason: 'no-credentials' };
      const refused: Array<{ text: string; reason: NameRefusal }> = [];
      const domains = new Set<string>();
      for (const text of texts.slice(0, MAX_BATCH)) {
        const name = await deps.normalize(text);
        if (name.ok) domains.add(name.domain);
        else refused.push({ text, reason: name.reason });
      }
      if (domains.size === 0) return { ok: false, reason: 'empty' };

      const batchId = deps.newId();
      // The batch is saved before its jobs start, so a finishing job always finds it.
      const now = deps.now();
      await updateBatches((batches) => ({ batches: [...batches, { id: batchId, createdAt: now, jobIds: [], notified: false }], result: undefined }));
      const started = await startJobs([...domains], profile, batchId);
      const jobIds = started.map((s) => s.job.id);
      await updateBatches((batches) => ({ batches: batches.map((b) => (b.id === batchId ? { ...b, jobIds } : b)), result: undefined }));
      await finishBatch(batchId); // every domain may have joined jobs that are already done
      return { ok: true, batchId, jobIds, joined: started.filter((s) => s.joined).length, refused };
    },

    async resume() {
      const jobs = await getJobs();
      for (const job of jobs) {
        if (isPending(job) || !job.notified) void track(step(job.id));
      }
      for (const batch of await batchesItem.getValue()) {
        if (!batch.notified && batch.jobIds.length > 0) void track(finishBatch(batch.id));
      }
      await syncAlarm();
    },

    async onAlarm(name) {
      if (name === POLL_ALARM) await engine.resume();
    },

    async retry(id) {
      const now = deps.now();
      const job = await updateJob(id, (j) => (j.state === 'failed' ? restart(j, now) : j));
      if (!job || job.state !== 'submitting') return false;
      void track(step(id));
      return true;
    },

    async dismiss(id) {
      clearTimer(id);
      const removed = await updateJobs((jobs) => ({ jobs: jobs.filter((j) => j.id !== id), result: jobs.some((j) => j.id === id) }));
      await browser.notifications.clear(id);
      await syncAlarm();
      return removed;
    },

    async clearHistory() {
      const removed = await updateJobs((jobs) => {
        const kept = jobs.filter(isPending);
        return { jobs: kept, result: jobs.length - kept.length };
      });
      await updateBatches((batches) => ({ batches: batches.filter((b) => !b.notified), result: undefined }));
      return removed;
    },

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
  return engine;
}
