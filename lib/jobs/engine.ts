// The job engine: takes a domain, submits the task, polls it to the end, notifies exactly once.
//
// Every transition is written to storage before the next network call, so a stopped worker or a
// restarted browser resumes where it was. In-worker timers drive the polls while the worker lives;
// one alarm (never sooner than 30 s) wakes a stopped worker for the earliest due job.
//
// Codes at rest: with the vault on, a code is stored sealed with the vault's code key
// (lib/credentials/code-seal.ts), never in plain text; one that arrives while the vault is locked
// is not stored at all (the job waits for the unlock and polls again). The vault's changes seal,
// open or drop the history's codes in one pass; a second alarm removes codes past their retention.
import { browser } from 'wxt/browser';
import { ApiError, isRpcError, type Credentials } from '../aliyun/client';
import { classifyCode } from '../aliyun/errors';
import type { ApiLang, DomainApi } from '../domain/api';
import { parseDomainInfo } from '../domain/facts';
import { findTransferCodeTask, type TaskSearchApi } from '../domain/task-search';
import { createLockRowReader } from './lock-rows';
import type { Profile } from '../credentials/profiles';
import type { Lang } from '../i18n/lang';
import { MAX_BATCH } from '../protocol/limits';
import type { NameResult } from '../domain/name';
import type { ApiCallFailure, BatchResult, Circuit, NameRefusal, RequestResult } from '../protocol';
import { circuitItem, transferOutDeniedItem, type CodePass } from '../storage';
import { stillDenied, transferOutNote } from './transfer-out';
import { openCode, sealCode } from '../credentials/code-seal';
import { batchIndexItem, readBatchJobs, removeBatches, saveBatchJobs, summarize, updateBatches, type Batch, type BatchSummary } from './batches';
import { DEFAULT_REQUESTS_PER_SECOND, MAX_IN_FLIGHT, RequestLimiter } from './rate-limit';
import { opensCircuit, probeDue, probeNow, probeTime, tripped } from './circuit';
import { alarmTime, isDue, MAX_AHEAD_MS } from './schedule';
import { createSharedLock } from './lock';
import { codeExpired, hasCode, oldestCode, sweepAlarmAt, sweepDueAt, withoutCode } from './retention';
import { createJobStore } from './store';
import {
  applyOutcome,
  arrivedCode,
  fail,
  heldForUnlock,
  isTimedOut,
  lostInFlight,
  newJob,
  restart,
  withOpenedCode,
  withoutSealedCode,
  withSealedCode,
  type Outcome,
} from './transitions';
import { isFinished, isPending, type Job } from './types';

export const POLL_ALARM = 'poll-jobs';
/** Wakes the worker when a code is past its retention time (lib/jobs/retention.ts). */
export const CODE_ALARM = 'code-retention';
/** Chrome fires no alarm sooner than 30 s ahead. */
const MIN_ALARM_MS = 30_000;
/** How soon a notification that failed to show is tried again while the worker lives. */
export const NOTIFY_RETRY_MS = 5_000;

export interface EngineDeps {
  apiFor(profile: Profile, credentials: Credentials): DomainApi;
  /** The secrets to sign with; 'locked' while the vault holds them locked. */
  credentials(profile: Profile): Promise<Credentials | 'locked' | undefined>;
  /** Asks the user to unlock the vault (once per locked period). */
  notifyLocked(lang: Lang): Promise<void>;
  /**
   * The notification of a finished job. `code`: a done job's code in plain text (from memory as it
   * arrived, or opened from storage), 'locked' when it is sealed and the vault is locked.
   */
  notify(job: Job, lang: Lang, code?: string | 'locked'): Promise<void>;
  /** The vault's code key: bytes while it is on and unlocked; codes are sealed with it then. */
  codeKey(): Promise<Uint8Array<ArrayBuffer> | 'locked' | 'off'>;
  /** Settings.codeRetentionDays as lib/jobs/retention.ts reads it (0: codes are kept). */
  codeRetentionDays(): Promise<number>;
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

/**
 * A batch's transfer locks to turn off before its codes are asked for (the worker's handler checked
 * the passphrase before). `turnOff` sends the lock task for the batch's own domains among `domains`
 * and answers its TaskNo, or why not: `lost` when no answer came, so Alibaba may have acted.
 */
export interface BatchUnlockPlan {
  domains: readonly string[];
  turnOff(domains: string[], profile: Profile): Promise<LocksOffResult>;
}

export type LocksOffResult = { ok: true; taskNo: string } | { ok: false; lost: boolean; failure: ApiCallFailure };

export interface JobEngine {
  /** Normalizes user text, refuses what is not a domain, and starts (or joins) a job. */
  request(text: string): Promise<RequestResult>;
  /**
   * Many texts at once: each normalized (refusals reported per text), duplicates merged, one batch.
   * `unlock`: those of its domains get their transfer locks turned off first (nothing starts if
   * that fails), and each one's Save waits until its row of the lock task has ended.
   */
  requestBatch(texts: string[], unlock?: BatchUnlockPlan): Promise<BatchResult>;
  /** Finds pending work in storage and schedules it: call on start-up, install and every wake. */
  resume(): Promise<void>;
  onAlarm(name: string): Promise<void>;
  retry(id: string): Promise<boolean>;
  dismiss(id: string): Promise<boolean>;
  /** Removes every finished job and batch; resolves to their ids (the worker clears their notifications). */
  clearHistory(): Promise<{ jobIds: string[]; batchIds: string[] }>;
  /** A probe at once while the circuit is open; every job waiting out a fault is tried now. */
  tryNow(): Promise<void>;
  /**
   * The codes of these jobs in plain text: plain ones as stored, sealed ones opened. Jobs without a
   * code (or past the retention time) are left out. 'locked': one of them is sealed and the vault is locked.
   */
  revealCodes(ids: readonly string[]): Promise<Record<string, string> | 'locked'>;
  /** The vault was turned on: every plain code in the history is sealed (idempotent). */
  sealCodes(): Promise<void>;
  /** The vault was turned off: every sealed code is opened back to plain with its (former) code key. */
  openCodes(key: Uint8Array<ArrayBuffer>): Promise<void>;
  /** The vault was reset (forgotten passphrase): sealed codes are dropped; their jobs stay. */
  dropSealedCodes(): Promise<void>;
  /** Removes the codes past the retention time (reads jobs only when the index says one is due). */
  sweepCodes(): Promise<void>;
  /** One job as stored (open jobs from memory). */
  job(id: string): Promise<Job | undefined>;
  /** Every job, newest first (diagnostics: it reads the whole history). */
  allJobs(): Promise<Job[]>;
  /** Resolves when no API call, storage write or notification is in progress (tests, benchmarks). */
  idle(): Promise<void>;
  /**
   * A call a page asked for (transfer readiness, the lock switch, the account's domain list, a
   * batch's lock task) through the jobs' rate limiter, ahead of their Saves and polls (a person
   * waits for it): the pages and the jobs together stay within the rate, and a throttling answer
   * slows both. The circuit does not hold it back: the page shows the answer, whatever it is.
   */
  limited<T>(send: () => Promise<T>): Promise<T>;
}

/** The limiter's priority of a page's calls: before submissions (0) and polls (1). */
export const PAGE_CALL_PRIORITY = -1;

/** An error as an outcome. Only an API's own error answer proves that the server did not act. */
function toOutcomeError(e: unknown, calls: number): Outcome {
  if (isRpcError(e)) return { kind: 'error', code: e.code, httpStatus: e.httpStatus, message: e.message, lost: !(e instanceof ApiError), calls };
  // A malformed answer (e.g. no TaskNo) is treated like a server hiccup: retried by time.
  return { kind: 'error', code: 'InvalidResponse', httpStatus: 502, lost: true, calls };
}

/** Thrown inside a step's call that the circuit holds back (it never leaves the engine). */
const PARKED = Symbol('parked');

/** The cause of an outcome that should open (or keep open) the circuit, if it is one. */
function circuitCause(outcome: Outcome): Circuit['cause'] | undefined {
  if (outcome.kind !== 'error') return undefined;
  const { recovery, cause } = classifyCode(outcome.code, outcome.httpStatus);
  return recovery === 'retry-backoff' && opensCircuit(cause) ? cause : undefined;
}

/** The engine over its dependencies (the service worker's are in entrypoints/background/engine.ts). */
export function createJobEngine(deps: EngineDeps): JobEngine {
  const store = createJobStore();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const busy = new Set<string>();
  const limiter = new RequestLimiter({ perSecond: DEFAULT_REQUESTS_PER_SECOND, maxInFlight: MAX_IN_FLIGHT, now: deps.now });
  const running = new Set<Promise<unknown>>();
  /**
   * One call in the limiter turn `release` ends: a throttling answer slows the limiter, any other
   * answer lets it recover, and `answered` (undefined: a success) runs before the turn ends. The
   * jobs' calls and the pages' (JobEngine.limited) alike.
   */
  async function inTurn<T>(release: () => void, send: () => Promise<T>, answered?: (error: unknown) => void): Promise<T> {
    try {
      const result = await send();
      limiter.succeeded();
      answered?.(undefined);
      return result;
    } catch (e) {
      if (isRpcError(e) && e.code.startsWith('Throttling')) limiter.throttled();
      answered?.(e);
      throw e;
    } finally {
      release();
    }
  }
  /** The lock tasks' rows, one read shared by the jobs due together (lib/jobs/lock-rows.ts). */
  const lockRows = createLockRowReader(deps.now);
  /** Running batches -> their jobs that are still open (in memory; rebuilt from storage on resume). */
  const openInBatch = new Map<string, Set<string>>();
  /** When the backstop alarm is set for, as far as this worker knows (undefined: not known yet). */
  let alarmAt: number | null | undefined;
  /** The circuit as stored (undefined: not read yet by this worker). */
  let circuit: Circuit | null | undefined;
  /** A probe is on the wire: the other due jobs wait in `parked`. */
  let probing = false;
  const parked = new Set<string>();
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let batchesResumed: Promise<void> | undefined;
  /** Arrivals of codes hold it shared, passes over the history's codes alone (lib/jobs/lock.ts). */
  const codeLock = createSharedLock();
  /** When the retention alarm is set for, as far as this worker knows (null: none). */
  let codeAlarmAt: number | null | undefined;
  let lastSweepAt: number | undefined;
  let started: Promise<void> | undefined;

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
    const delay = Math.min(Math.max(0, job.nextAttemptAt - deps.now()), MAX_AHEAD_MS);
    timers.set(job.id, setTimeout(() => void track(step(job.id)), delay));
  }

  /**
   * Keeps the backstop alarm no later than the earliest due job (from memory: the open jobs), or
   * removes it when nothing is open. An alarm that is already due sooner is left alone: it wakes
   * the worker early, and that wake sets it again. So a batch's thousands of steps set it rarely.
   */
  async function syncAlarm(): Promise<void> {
    const now = deps.now();
    let earliest = Infinity;
    // A finished job whose notification could not be shown yet is due now: the alarm retries it.
    for (const j of await store.openJobs()) {
      const due = isPending(j) ? (j.waitingForUnlock ? Infinity : Math.min(j.nextAttemptAt, now + MAX_AHEAD_MS)) : now;
      if (due < earliest) earliest = due;
    }
    // While the circuit is open nothing is sent before its next probe.
    const open = await currentCircuit();
    if (open && earliest !== Infinity) earliest = Math.max(earliest, probeTime(open, now));
    if (earliest === Infinity) {
      if (alarmAt === null) return;
      alarmAt = null;
      await browser.alarms.clear(POLL_ALARM);
      return;
    }
    const when = alarmTime(earliest, now);
    if (typeof alarmAt === 'number' && alarmAt > now && alarmAt <= when) return;
    alarmAt = when;
    await browser.alarms.create(POLL_ALARM, { when });
  }

  async function currentCircuit(): Promise<Circuit | null> {
    // Only an unread circuit is read: null is one this worker knows closed (an answer closed it
    // before afterCall stored that), which the stored, still open one must not bring back.
    if (circuit === undefined) circuit = await circuitItem.getValue();
    return circuit;
  }

  async function setCircuit(next: Circuit | null): Promise<void> {
    circuit = next;
    await circuitItem.setValue(next);
  }

  /** A due job waits for the circuit's probe (no timer of its own). */
  function park(id: string) {
    parked.add(id);
    scheduleProbe();
  }

  /** The next probe leaves at the circuit's time with one parked job's call, submissions first. */
  function scheduleProbe() {
    if (probeTimer !== undefined) clearTimeout(probeTimer);
    probeTimer = undefined;
    if (!circuit || probing || parked.size === 0) return;
    const now = deps.now();
    probeTimer = setTimeout(() => {
      probeTimer = undefined;
      void track(launchProbe());
    }, probeTime(circuit, now) - now);
  }

  async function launchProbe(): Promise<void> {
    if (probing || parked.size === 0) return;
    let chosen: string | undefined;
    for (const id of parked) {
      const job = await store.get(id);
      if (job?.state === 'submitting') {
        chosen = id;
        break;
      }
      chosen ??= id;
    }
    if (chosen === undefined) return;
    parked.delete(chosen);
    await step(chosen, { force: true });
    // The chosen job may have had nothing to send (finished, locked, gone): the next one goes.
    scheduleProbe();
  }

  /**
   * An answer came while the circuit was open: it closes, and every job that waits out a fault
   * of the endpoint's goes at once (the limiter spaces them, submissions first).
   */
  async function resumeAfterOutage(): Promise<void> {
    const ids = new Set(parked);
    parked.clear();
    for (const job of await store.openJobs()) if (isPending(job) && job.fault && opensCircuit(job.fault.cause)) ids.add(job.id);
    for (const id of ids) void track(step(id, { force: true }));
  }

  /**
   * The circuit after one call, in memory at once (before the limiter lets the next call go):
   * opened (or its backoff moved, by a probe) by an endpoint fault, closed by an answer to a call
   * sent since it opened (a probe). Calls already on the wire when it opened change nothing: their
   * failures do not move the backoff, and their answers say nothing of the endpoint now.
   */
  function noteCall(error: unknown, probe: boolean, sentAt: number): void {
    const cause = error === undefined ? undefined : circuitCause(toOutcomeError(error, 1));
    if (cause) {
      if (probe || !circuit) circuit = tripped(circuit ?? null, cause, deps.now(), deps.random());
    } else if (!circuit || probe || sentAt >= circuit.since) circuit = null;
  }

  /** Stores the circuit if the step's calls changed it; when it closed, the waiting jobs go. */
  async function afterCall(before: Circuit | null): Promise<void> {
    const after = circuit ?? null;
    if (after === before) return;
    await circuitItem.setValue(after);
    if (before && !after) await resumeAfterOutage();
  }

  /**
   * Shows the notification of a finished job once, then records that it was shown. If showing it
   * fails, the job stays unnotified and is tried again shortly (and by the alarm, should the
   * worker stop first).
   */
  async function notifyOnce(job: Job, code?: string): Promise<void> {
    if (job.notified) {
      if (job.batchId) await closed(job.id); // closed as it finished (see settle)
      return;
    }
    try {
      await showOnce(job, code);
    } catch {
      clearTimer(job.id);
      timers.set(job.id, setTimeout(() => void track(step(job.id)), NOTIFY_RETRY_MS));
    }
  }

  async function showOnce(job: Job, code?: string): Promise<void> {
    if (!job.batchId) await deps.notify(job, await deps.lang(), job.state === 'done' ? (code ?? (await storedCode(job))) : undefined);
    await store.update(job.id, (j) => ({ ...j, notified: true }));
    await closed(job.id);
  }

  /**
   * A batch's job shows no notification of its own (the batch's summary is its notice), so it is
   * saved finished and closed in one write.
   */
  function settle(job: Job): Job {
    return job.batchId && isFinished(job) && !job.notified ? { ...job, notified: true } : job;
  }

  /** A job closed (notified, or removed): the batches waiting for it may be finished now. */
  async function closed(jobId: string): Promise<void> {
    for (const [batchId, open] of openInBatch) {
      if (!open.delete(jobId) || open.size > 0) continue;
      openInBatch.delete(batchId);
      await finishBatch(batchId);
    }
  }

  /**
   * Shows a batch's summary once all its jobs are closed. The summary reads the batch's jobs
   * once; the batch queue lets only one caller flip `notified`.
   */
  async function finishBatch(batchId: string): Promise<void> {
    const ids = await readBatchJobs(batchId);
    const summary = summarize(ids.length, await store.getMany(ids));
    const now = deps.now();
    const finished = await updateBatches((batches) => {
      const batch = batches.find((b) => b.id === batchId);
      if (!batch || batch.notified) return { batches, result: undefined };
      const counts = { done: summary.done, failed: summary.failed, ...(summary.unlocked > 0 ? { unlocked: summary.unlocked } : {}) };
      const done: Batch = { ...batch, notified: true, finishedAt: now, summary: counts };
      return { batches: batches.map((b) => (b.id === batchId ? done : b)), result: done };
    });
    if (finished) await deps.notifyBatch(finished, { ...summary, ...(finished.unlockAsked ? { unlockAsked: finished.unlockAsked } : {}) }, await deps.lang());
  }

  /** Finds the batches not yet notified and which of their jobs are still open (once per worker). */
  function resumeBatches(): Promise<void> {
    batchesResumed ??= (async () => {
      const open = new Set((await store.openJobs()).map((j) => j.id));
      for (const batch of await batchIndexItem.getValue()) {
        if (batch.notified || openInBatch.has(batch.id)) continue;
        const ids = await readBatchJobs(batch.id);
        if (ids.length === 0) continue; // its jobs were never started: nothing to wait for
        const waiting = new Set(ids.filter((id) => open.has(id)));
        if (waiting.size > 0) openInBatch.set(batch.id, waiting);
        else void track(finishBatch(batch.id));
      }
    })().catch((error: unknown) => {
      batchesResumed = undefined;
      throw error;
    });
    return batchesResumed;
  }

  /**
   * Removes the finished batches whose jobs have all left the history (the history limit drops
   * the oldest jobs; their batches would stay listed forever). Only batches older than the oldest
   * job are candidates, so this reads little.
   */
  async function pruneBatches(): Promise<void> {
    const oldest = (await store.oldestCreatedAt()) ?? Infinity;
    const gone: string[] = [];
    for (const batch of await batchIndexItem.getValue()) {
      if (!batch.notified || batch.createdAt > oldest) continue;
      const jobs = await store.getMany(await readBatchJobs(batch.id));
      if (jobs.every((j) => j === undefined)) gone.push(batch.id);
    }
    await removeBatches(gone);
  }

  // ---- Codes at rest: the vault's passes over the history, and the retention sweep -----------

  /** A code was stored: the retention alarm moves earlier when this code is the first due. */
  async function noteCodeStored(job: Job): Promise<void> {
    const days = await deps.codeRetentionDays();
    const due = sweepDueAt(job.finishedAt ?? deps.now(), days, deps.now());
    if (due === undefined || (typeof codeAlarmAt === 'number' && codeAlarmAt <= due)) return;
    await syncCodeAlarm(days);
  }

  /** Keeps the retention alarm at the next sweep that has anything to do, or removes it. */
  async function syncCodeAlarm(days: number): Promise<void> {
    const now = deps.now();
    const due = sweepDueAt((await store.codeState()).oldestCodeAt, days, now);
    if (due === undefined) {
      if (codeAlarmAt === null) return;
      codeAlarmAt = null;
      await browser.alarms.clear(CODE_ALARM);
      return;
    }
    const when = Math.max(sweepAlarmAt(due, lastSweepAt), now + MIN_ALARM_MS);
    if (codeAlarmAt === when) return;
    codeAlarmAt = when;
    await browser.alarms.create(CODE_ALARM, { when });
  }

  /**
   * Removes the codes past the retention time. The index's bound (no code older than it) says when
   * one can be due, so the history is read only then, at most once an hour, and the bound is set
   * again from what stays.
   */
  async function sweepCodes(): Promise<void> {
    const days = await deps.codeRetentionDays();
    const now = deps.now();
    const due = sweepDueAt((await store.codeState()).oldestCodeAt, days, now);
    if (due !== undefined && due <= now) {
      await codeLock.exclusive(async () => {
        const jobs = await store.all();
        const expired = jobs.filter((j) => codeExpired(j, now, days)).map((j) => j.id);
        await store.updateMany(expired, (j) => (codeExpired(j, now, days) ? withoutCode(j, now) : j));
        await store.setCodeState({ oldestCodeAt: oldestCode(jobs.filter((j) => hasCode(j) && !codeExpired(j, now, days))) });
      });
      lastSweepAt = now;
    }
    await syncCodeAlarm(days);
  }

  /**
   * One pass over the history's codes after a vault change, alone (no code arrives meanwhile). The
   * index notes the pass while it runs: a worker stopped in the middle finishes it at its next start.
   * `key`: the former code key, when the vault was turned off (opens what is sealed).
   */
  function codePass(pass: CodePass, key?: Uint8Array<ArrayBuffer>): Promise<void> {
    return codeLock.exclusive(async () => {
      await store.setCodeState({ codePass: pass });
      // Locked already (it locked right after the change): the next unlock's resume() finishes it.
      if (await convertCodes(key)) await store.setCodeState({ codePass: undefined });
    });
  }

  /**
   * Brings every code in line with the vault: sealed while it is on and unlocked; while it is off,
   * opened with `formerKey` or, without it (or if it does not open them), dropped. Each job's edit
   * checks that it still holds what was converted, so nothing a step wrote meanwhile is lost.
   */
  async function convertCodes(formerKey?: Uint8Array<ArrayBuffer>): Promise<boolean> {
    const key = await deps.codeKey();
    if (key === 'locked') return false; // the next unlock's resume() finishes the pass
    const jobs = (await store.all()).filter(hasCode);
    const edits = new Map<string, (j: Job) => Job>();
    const now = deps.now();
    for (const job of jobs) {
      const { code, sealedCode } = job;
      if (key !== 'off' && code !== undefined) {
        const sealed = await sealCode(code, job.id, key);
        edits.set(job.id, (j) => withSealedCode(j, code, sealed));
      } else if (key === 'off' && sealedCode) {
        const opened = formerKey && (await openCode(sealedCode, job.id, formerKey).catch(() => undefined));
        edits.set(job.id, (j) => (opened === undefined ? withoutSealedCode(j, sealedCode, now) : withOpenedCode(j, sealedCode, opened)));
      }
    }
    await store.updateMany([...edits.keys()], (j) => edits.get(j.id)?.(j) ?? j);
    return true;
  }

  /** A pass a stopped worker left half-way is finished (once the vault's state allows it). */
  async function finishCodePass(): Promise<void> {
    if (!(await store.codeState()).codePass) return;
    await codeLock.exclusive(async () => {
      const { codePass: pass } = await store.codeState();
      if (pass && (await convertCodes())) await store.setCodeState({ codePass: undefined });
    });
  }

  /**
   * Creates (or joins) pending jobs for normalized domains, all in one storage write. `unlocking`:
   * the domains whose locks a lock task about to be sent turns off (their new jobs wait for it).
   */
  function startJobs(domains: string[], profile: Profile, batchId?: string, unlocking?: ReadonlySet<string>) {
    const now = deps.now();
    return store.create((open) => {
      const out: Array<{ job: Job; joined: boolean }> = [];
      const fresh: Job[] = [];
      const pendingByDomain = new Map(open.filter((j) => isPending(j) && j.profileId === profile.id).map((j) => [j.domain, j]));
      for (const domain of domains) {
        const pending = pendingByDomain.get(domain);
        if (pending) {
          out.push({ job: pending, joined: true });
          continue;
        }
        const job: Job = {
          ...newJob({ id: deps.newId(), domain, site: profile.site, profileId: profile.id }, now),
          ...(batchId ? { batchId } : {}),
          ...(unlocking?.has(domain) ? { unlock: { since: now } } : {}),
        };
        pendingByDomain.set(domain, job);
        fresh.push(job);
        out.push({ job, joined: false });
      }
      return { jobs: fresh, result: out };
    });
  }

  /**
   * A batch's jobs stored, then its lock task sent while they are held back (marked busy, so no
   * timer or alarm of this worker steps them before the answer): its TaskNo goes to the jobs that
   * follow it. A refusal (Alibaba answered) removes the batch and its new jobs again, as if nothing
   * had started. A lost answer keeps them: Alibaba may have turned the locks off.
   */
  async function startHeld(domains: string[], profile: Profile, batchId: string, toUnlock: ReadonlySet<string>, unlock: BatchUnlockPlan) {
    const started = await startJobs(domains, profile, batchId, toUnlock);
    const fresh = started.filter((s) => !s.joined).map((s) => s.job);
    for (const job of fresh) busy.add(job.id);
    try {
      await saveBatchJobs(batchId, started.map((s) => s.job.id));
      const following = fresh.filter((j) => j.unlock);
      const sent = following.length > 0 ? await unlock.turnOff(following.map((j) => j.domain), profile) : undefined;
      if (sent && !sent.ok && !sent.lost) {
        await store.remove(fresh.map((j) => j.id));
        await removeBatches([batchId]);
        return { ok: false as const, reason: 'unlock' as const, failure: sent.failure };
      }
      if (sent?.ok) await store.updateMany(following.map((j) => j.id), (j) => (j.unlock && j.unlock.taskNo === undefined ? { ...j, unlock: { ...j.unlock, taskNo: sent.taskNo } } : j));
    } finally {
      for (const job of fresh) busy.delete(job.id);
    }
    // The jobs as stored now (with the TaskNo), for the first step.
    const stored = await store.getMany(started.map((s) => s.job.id));
    return { ok: true as const, started: started.map((s, i) => ({ job: stored[i] ?? s.job, joined: s.joined })) };
  }

  function kick(started: Array<{ job: Job; joined: boolean }>) {
    for (const { job, joined } of started) if (!joined) void track(step(job.id, { known: job }));
  }

  /**
   * The vault is locked: the job keeps its place and waits (no timer, no alarm) until an unlock
   * calls resume(). The first job to find the vault locked asks the user to unlock.
   */
  async function waitForUnlock(job: Job, edit: (j: Job) => Job = (j) => ({ ...j, waitingForUnlock: true })): Promise<Job | undefined> {
    const first = !(await store.openJobs()).some((j) => j.waitingForUnlock && isPending(j));
    const saved = await store.update(job.id, edit);
    if (first && saved?.waitingForUnlock) await deps.notifyLocked(await deps.lang());
    return saved;
  }

  /** A stored job's code in plain text: opened when sealed ('locked' while the vault is). */
  async function storedCode(job: Job): Promise<string | 'locked' | undefined> {
    if (job.code !== undefined || !job.sealedCode) return job.code;
    const key = await deps.codeKey();
    if (key === 'locked') return 'locked';
    if (key === 'off') return undefined;
    return openCode(job.sealedCode, job.id, key).catch(() => undefined);
  }

  /**
   * The outcome of a call that brought a code, stored as the vault allows: sealed while it is on,
   * plain while it is off; while it is locked the job waits for the unlock instead (the code is
   * kept in memory only for this arrival's notification, never stored). Holds the code lock
   * shared, so no pass over the history's codes reads the jobs between the vault's state and the write.
   */
  async function storeArrival(id: string, outcome: Outcome, code: string): Promise<{ job: Job | undefined; held: boolean }> {
    return codeLock.shared(async () => {
      const key = await deps.codeKey();
      if (key === 'locked') {
        const known = await store.get(id);
        const job = known && (await waitForUnlock(known, (j) => heldForUnlock(j, outcome, deps.now(), deps.random())));
        return { job, held: true };
      }
      const sealed = key === 'off' ? undefined : await sealCode(code, id, key);
      const job = await store.update(id, (j) => {
        const next = applyOutcome(j, outcome, deps.now(), deps.random());
        return next === j ? j : settle(sealed ? withSealedCode(next, code, sealed) : next);
      });
      if (job && hasCode(job)) await noteCodeStored(job);
      return { job, held: false };
    });
  }

  /**
   * The step's API call (or, for the task of an unanswered Save, the lookup's few calls), each
   * through the rate limiter. A Save's marker is written before it leaves, so a worker stopped
   * while it is on the wire leaves the marker behind and the next worker looks for its task first.
   */
  async function call(job: Job, api: DomainApi, lang: ApiLang, probe: boolean): Promise<Outcome | 'parked'> {
    const submitting = job.state === 'submitting' || !job.taskNo;
    let calls = 0;
    // Submissions go before polls, so a batch never polls a task that had no time to finish.
    const gated = async <T>(send: () => Promise<T>): Promise<T> => {
      // A job following its lock task polls: its Save comes after, with the submissions.
      const release = await limiter.acquire(submitting && !job.unlock ? 0 : 1);
      // The circuit may have opened while this call waited for its turn: then it waits for the probe.
      if (circuit && !probe) {
        release();
        throw PARKED;
      }
      calls++;
      const sentAt = deps.now();
      // The circuit learns of the answer before the turn ends: the next call in line sees it.
      return inTurn(release, send, (error) => noteCall(error, probe, sentAt));
    };
    try {
      if (!submitting) return { kind: 'task', task: await gated(() => api.queryTask(job.taskNo ?? '', lang)) };
      const unlock = job.unlock;
      const lockTaskNo = unlock?.taskNo;
      if (lockTaskNo !== undefined) {
        const readPage = (page: number) => gated(() => api.lockTaskPage(lockTaskNo, page, lang));
        return { kind: 'unlock', task: await lockRows.rowOf({ profileId: job.profileId, taskNo: lockTaskNo }, job.domain, readPage), calls };
      }
      // The lock task's answer never came: the domain's own record says whether its lock is off.
      if (unlock) return { kind: 'lock-state', locked: parseDomainInfo(await gated(() => api.queryDomain(job.domain, lang)), job.domain).transferLock, calls };
      if (job.saveUnanswered !== undefined) {
        const search: TaskSearchApi = {
          finishedTasks: (domain, l) => gated(() => api.finishedTasks(domain, l)),
          listTasks: (from, to, page, l) => gated(() => api.listTasks(from, to, page, l)),
          taskDetailFor: (taskNo, domain, l) => gated(() => api.taskDetailFor(taskNo, domain, l)),
        };
        // Tasks this engine holds for its other open jobs are not this one's (a batch makes many).
        const known = new Set((await store.openJobs()).flatMap((j) => (j.taskNo && j.id !== job.id ? [j.taskNo] : [])));
        const found = await findTransferCodeTask(search, job.domain, job.saveUnanswered, deps.now(), lang, known);
        return found ? { kind: 'found', taskNo: found.taskNo, task: found.task, calls } : { kind: 'not-found', calls };
      }
      const taskNo = await gated(async () => {
        await store.update(job.id, (j) => ({ ...j, saveSentAt: deps.now() }));
        return api.requestTransferCode(job.domain, lang);
      });
      return { kind: 'task-no', taskNo, calls };
    } catch (e) {
      return e === PARKED ? 'parked' : toOutcomeError(e, calls);
    }
  }

  /**
   * One API call for a job if it is due; the only place that moves a job forward. `force`: go now
   * even if the job's own backoff has not run out (the circuit closed, "Try now").
   */
  async function step(id: string, options: { known?: Job; force?: boolean } = {}): Promise<void> {
    if (busy.has(id)) return; // a timer and an alarm may both get here: one is enough
    busy.add(id);
    clearTimer(id);
    parked.delete(id);
    let probe = false;
    try {
      let job = options.known ?? (await store.get(id));
      if (!job) return;
      if (isFinished(job)) return await notifyOnce(job);

      const now = deps.now();
      if (isTimedOut(job, now)) {
        job = await store.update(id, (j) => settle(fail(j, { cause: 'timed-out' }, now)));
        if (job) await notifyOnce(job);
        return;
      }
      // A Save was on the wire when an earlier worker stopped: its task is looked for first.
      if (job.saveSentAt !== undefined) job = (await store.update(id, (j) => lostInFlight(j, now))) ?? job;
      if (!isDue(job.nextAttemptAt, now) && !options.force) return setTimer(job);

      // Independent reads go out together: on a cold start each is a round trip to storage.
      const [profile, lang, perSecond, open] = await Promise.all([deps.profile(job.profileId), deps.lang(), deps.requestsPerSecond(), currentCircuit()]);
      const credentials = profile && (await deps.credentials(profile));
      if (credentials === 'locked') {
        await waitForUnlock(job);
        return;
      }
      if (!profile || !credentials) {
        job = await store.update(id, (j) => settle(fail(j, { cause: 'no-credentials' }, deps.now())));
        if (job) await notifyOnce(job);
        return;
      }
      // While the circuit is open one probe goes at a time; the other due jobs wait for its answer.
      if (open) {
        if (probing || !probeDue(open, deps.now())) return park(id);
        probing = true;
        probe = true;
      }
      if (job.waitingForUnlock) job = (await store.update(id, (j) => ({ ...j, waitingForUnlock: false }))) ?? job;

      limiter.setRate(perSecond);
      const before = circuit ?? null;
      const outcome = await call(job, deps.apiFor(profile, credentials), lang, probe);
      if (outcome === 'parked') return park(id);
      const code = arrivedCode(outcome);
      const arrival = code === undefined ? undefined : await storeArrival(id, outcome, code);
      job = arrival ? arrival.job : await store.update(id, (j) => settle(applyOutcome(j, outcome, deps.now(), deps.random())));
      await afterCall(before);
      if (probe) probing = false;
      if (arrival?.held) return; // waits for the unlock: resume() steps it again then
      if (job && circuit && !isFinished(job)) park(id);
      else if (job && isFinished(job)) {
        await notifyOnce(job, code);
        // After the notification, so the code is not held up by it.
        if (job.state === 'done' && code !== undefined) void track(readTransferOut(job, deps.apiFor(profile, credentials), lang));
      } else if (job) setTimer(job);
    } finally {
      if (probe) {
        probing = false;
        scheduleProbe();
      }
      busy.delete(id);
      await syncAlarm();
    }
  }

  /**
   * Where Alibaba also emailed the code (QueryTransferOutInfo), noted with the job. Optional: its
   * RAM permission may be missing, and then it is not asked again for a day (pages say so once);
   * nothing extra goes while the circuit is open, and a failure leaves the job as it is.
   */
  async function readTransferOut(job: Job, api: DomainApi, lang: ApiLang): Promise<void> {
    const denied = await transferOutDeniedItem.getValue();
    if (stillDenied(denied[job.profileId], deps.now()) || circuit) return;
    // After every Save and poll that is waiting: a batch's codes are not held up by these reads.
    const release = await limiter.acquire(2);
    let note: ReturnType<typeof transferOutNote>;
    let refused = false;
    let answered = false;
    try {
      note = transferOutNote(await api.queryTransferOut(job.domain, lang), job.taskNoAt);
      answered = true;
      limiter.succeeded();
    } catch (e) {
      if (isRpcError(e) && e.code.startsWith('Throttling')) limiter.throttled();
      refused = isRpcError(e) && classifyCode(e.code, e.httpStatus).cause === 'permission';
    } finally {
      release();
    }
    await store.update(job.id, (j) => ({ ...j, apiCalls: j.apiCalls + 1, ...(note ? { transferOut: note } : {}) }));
    const { [job.profileId]: before, ...others } = await transferOutDeniedItem.getValue();
    if (refused) await transferOutDeniedItem.setValue({ ...others, [job.profileId]: deps.now() });
    else if (before !== undefined && answered) await transferOutDeniedItem.setValue(others);
  }

  const engine: JobEngine = {
    async request(text) {
      // The profile's read is under way while the name rules parse the text.
      const [profile, name] = await Promise.all([deps.activeProfile(), deps.normalize(text)]);
      if (!name.ok) return { ok: false, reason: name.reason };
      if (!profile) return { ok: false, reason: 'no-credentials' };

      const started = await startJobs([name.domain], profile);
      kick(started);
      // The backstop alarm is set before the answer: a worker stopped right after still wakes.
      await syncAlarm();
      const [first] = started;
      return { ok: true, jobId: first.job.id, joined: first.joined };
    },

    async requestBatch(texts, unlock) {
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

      // Only the batch's own domains are unlocked, and only those not already being fetched.
      const pending = new Set((await store.openJobs()).filter((j) => isPending(j) && j.profileId === profile.id).map((j) => j.domain));
      const toUnlock = new Set((unlock?.domains ?? []).filter((d) => domains.has(d) && !pending.has(d)));

      const batchId = deps.newId();
      // The batch is saved before its jobs, so a job that carries its id always finds it; both
      // before a lock task is sent, so a worker that stops while it is out leaves jobs that finish
      // the work (those following the lock read the domain's lock themselves).
      const now = deps.now();
      const asked = toUnlock.size > 0 ? { unlockAsked: toUnlock.size } : {};
      await updateBatches((batches) => ({ batches: [...batches, { id: batchId, createdAt: now, total: 0, notified: false, ...asked }], result: undefined }));
      let started: Array<{ job: Job; joined: boolean }>;
      if (unlock && toUnlock.size > 0) {
        const held = await startHeld([...domains], profile, batchId, toUnlock, unlock);
        if (!held.ok) return held;
        started = held.started;
      } else {
        started = await startJobs([...domains], profile, batchId);
        await saveBatchJobs(batchId, started.map((s) => s.job.id));
      }
      const jobIds = started.map((s) => s.job.id);
      await updateBatches((batches) => ({ batches: batches.map((b) => (b.id === batchId ? { ...b, total: jobIds.length } : b)), result: undefined }));
      const open = new Set((await store.openJobs()).map((j) => j.id));
      const waiting = new Set(jobIds.filter((id) => open.has(id)));
      if (waiting.size > 0) openInBatch.set(batchId, waiting);
      else await finishBatch(batchId); // every domain joined a job that closed meanwhile
      kick(started);
      await syncAlarm();
      void track(pruneBatches());
      return { ok: true, batchId, jobIds, joined: started.filter((s) => s.joined).length, refused };
    },

    async resume() {
      for (const job of await store.openJobs()) void track(step(job.id));
      await resumeBatches();
      await syncAlarm();
      // Once per worker: the codes due for removal go (and the alarm is set for the next ones).
      started ??= track(sweepCodes()).catch(() => {
        started = undefined; // tried again at the next resume
      });
      // Every resume (an unlock calls it too): a vault pass a stopped worker left half-way.
      void track(finishCodePass().catch(() => undefined));
    },

    async onAlarm(name) {
      if (name === POLL_ALARM) {
        alarmAt = undefined; // it fired: none is set now
        await engine.resume();
      } else if (name === CODE_ALARM) {
        codeAlarmAt = undefined;
        await track(sweepCodes());
      }
    },

    async revealCodes(ids) {
      const now = deps.now();
      const [jobs, days] = await Promise.all([store.getMany(ids), deps.codeRetentionDays()]);
      const shown = jobs.filter((j): j is Job => j !== undefined && hasCode(j) && !codeExpired(j, now, days));
      const key = shown.some((j) => j.code === undefined) ? await deps.codeKey() : 'off';
      if (key === 'locked') return 'locked';
      const codes: Record<string, string> = {};
      for (const job of shown) {
        if (job.code !== undefined) codes[job.id] = job.code;
        else if (job.sealedCode && key !== 'off') {
          const code = await openCode(job.sealedCode, job.id, key).catch(() => undefined);
          if (code !== undefined) codes[job.id] = code;
        }
      }
      return codes;
    },

    sealCodes: () => track(codePass('seal')),
    openCodes: (key) => track(codePass('open', key)),
    dropSealedCodes: () => track(codePass('drop')),
    sweepCodes: () => track(sweepCodes()),

    async retry(id) {
      const now = deps.now();
      const job = await store.update(id, (j) => (j.state === 'failed' ? restart(j, now) : j));
      if (!job || job.state !== 'submitting') return false;
      void track(step(id, { known: job }));
      return true;
    },

    async dismiss(id) {
      clearTimer(id);
      parked.delete(id);
      const removed = (await store.remove([id])) > 0;
      await browser.notifications.clear(id);
      await closed(id);
      await syncAlarm();
      return removed;
    },

    async clearHistory() {
      const removed = await store.clearClosed();
      const finished = (await batchIndexItem.getValue()).filter((b) => b.notified).map((b) => b.id);
      await removeBatches(finished);
      return { jobIds: removed, batchIds: finished };
    },

    async limited(send) {
      limiter.setRate(await deps.requestsPerSecond());
      return inTurn(await limiter.acquire(PAGE_CALL_PRIORITY), send);
    },

    async tryNow() {
      const open = await currentCircuit();
      if (open) await setCircuit(probeNow(open, deps.now()));
      // The first of them goes as the probe; with the circuit closed, each goes now.
      for (const job of await store.openJobs()) {
        if (isPending(job) && (job.fault || parked.has(job.id))) void track(step(job.id, { force: true }));
      }
      await resumeBatches();
      await syncAlarm();
    },

    job: (id) => store.get(id),
    allJobs: () => store.all(),

    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
  return engine;
}
