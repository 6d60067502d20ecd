// The in-browser half of the benchmark: the built extension in headless Chromium (nothing attached
// to its service worker, so it lives and idles as it does for users), the Domain API simulator
// under the real host names, and a private D-Bus notification server (tests/e2e/harness, used
// as is). Measures popup start-up, delivery delays, API calls per code and the worker's heap.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  launchUnattached,
  QUERY_ACTION,
  removeDir,
  SAVE_ACTION,
  startUnattachedSession,
  type CdpMethod,
  type CdpPage,
  type CdpParams,
  type RecordedNotification,
  type UnattachedBrowser,
  type UnattachedSession,
} from '../e2e/harness/index.ts';
import { fitStepOverhead, jitteredDurations, planStarts, pollTimes, seededRandom, type PlannedJob } from './plan';

const KEYS = { accessKeyId: 'LTAI5tBenchKey0001', accessKeySecret: 'bench-secret-0001' };

export interface PopupOpen {
  /** performance.now() (ms since navigation start) when the "Domain name" field was enabled and focused. */
  interactiveMs: number;
  /** when #root first had content (React's first commit) */
  contentMs?: number;
  firstPaintMs?: number;
  firstContentfulPaintMs?: number;
}

export interface DelayJob {
  domain: string;
  /** the duration the row is for (delay jobs: before the jitter) */
  nominalMs: number;
  /** the poll interval in force at nominalMs, over which the completion was jittered (0: none) */
  intervalMs: number;
  /** the task's real duration in the simulator: nominal + jitter */
  durationMs: number;
  plannedStartMs: number;
  /** Save (simulator clock) -> task EXECUTE_SUCCESS: save.at + durationMs */
  completedAt: number;
  /** the poll that saw the task done (simulator clock) */
  detectedAt: number;
  notifiedAt: number;
  /** completion -> Notify */
  delayMs: number;
  saves: number;
  polls: number;
  /** per poll: its record time minus the time predicted from the schedule and the warm-up (ms) */
  excessMs: number[];
  codeMatches: boolean;
}

export interface BrowserResults {
  chromiumProduct: string;
  popupEmpty: PopupOpen[];
  /** The baseline extension's one-line popup, opened alternately with ours (interactiveMs = its content). */
  popupBaseline: PopupOpen[];
  popupWithHistory: PopupOpen[];
  /** The baseline's popup again, alternating with popupWithHistory. */
  popupBaselineLater: PopupOpen[];
  historyJobs: number;
  /** per browser that ran delay jobs: the warm-up's poll step overhead (ms) */
  stepOverheadMs: number[];
  jobs: DelayJob[];
  finishedJobs: number;
  notifications: number;
  heap?: { usedSize: number; totalSize: number; jobs: number; jobsInStorage: number; workerWasRunning: boolean };
  phaseMs: Record<string, number>;
}

export interface BrowserOptions {
  extensionDir: string;
  /**
   * Nominal durations measured for delay, `runs` jobs each; each job's completion is jittered
   * over the poll interval in force at its nominal duration (tests/bench/plan.ts jitteredDurations).
   */
  durationsMs: number[];
  runs: number;
  /** Seed of the jitter's PRNG: the same seed gives the same task durations. */
  seed: number;
  /** Browsers the delay jobs are shared out to, at once (each has its own request limiter). Default 1. */
  delayBrowsers?: number;
  /** Extra durations (e.g. 60 s) measured for API calls per code only, `callRuns` each. */
  callDurationsMs: number[];
  callRuns: number;
  /** Finished jobs before the heap is read (short jobs are added to reach it). */
  heapAfterJobs: number;
  popupOpens: number;
  /** The baseline build: its popup is opened alternately with ours, in a second browser. */
  baselineDir?: string;
  /** Minimum predicted distance between two API calls (the limiter spaces calls 200 ms apart). */
  separationMs: number;
  log(line: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface MeasuredJob {
  domain: string;
  nominalMs: number;
  intervalMs: number;
  durationMs: number;
}

/** Installed before any page script: records when the "Domain name" field is enabled and focused. */
const POPUP_PROBE = `(() => {
  const state = { interactive: null, content: null };
  Object.defineProperty(window, '__bench', { value: state });
  const isDomainField = (el) => {
    if (!el || el.tagName !== 'INPUT') return false;
    const label = (el.labels && el.labels[0] && el.labels[0].textContent || el.getAttribute('aria-label') || '').trim();
    return label === 'Domain name';
  };
  const check = () => {
    if (state.content === null) {
      const root = document.getElementById('root');
      if (root && root.firstChild) state.content = performance.now();
    }
    if (state.interactive !== null) return;
    const el = document.activeElement;
    if (isDomainField(el) && !el.disabled && el.isConnected) state.interactive = performance.now();
  };
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (...args) {
    const r = focus.apply(this, args);
    check();
    return r;
  };
  document.addEventListener('focusin', check, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

/**
 * Opens chrome-extension://ID/popup.html in a fresh tab and reads the probe's figures. Without
 * `field` (the baseline's popup has none) it waits for the first content instead.
 */
export async function openPopupOnce(b: UnattachedBrowser, field = true): Promise<PopupOpen> {
  const { targetId } = await b.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
  const send = <M extends CdpMethod>(method: M, params?: CdpParams<M>) => b.send(method, params, sessionId);
  try {
    await send('Page.enable');
    await send('Emulation.setFocusEmulationEnabled', { enabled: true });
    await send('Page.addScriptToEvaluateOnNewDocument', { source: POPUP_PROBE });
    await send('Page.navigate', { url: b.url('popup.html') });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await send('Runtime.evaluate', {
        expression: `location.protocol === 'chrome-extension:' && window.__bench && window.__bench${field ? '.interactive' : '.content'} !== null
          ? { interactive: window.__bench${field ? '.interactive' : '.content'}, content: window.__bench.content, paint: performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]) }
          : null`,
        returnByValue: true,
      }).catch(() => undefined);
      const v = r?.result?.value as { interactive: number; content: number | null; paint: Array<[string, number]> } | null | undefined;
      if (v) {
        // Paint entries arrive after the frame: give them a moment when the field was first.
        let paint = v.paint;
        for (let i = 0; i < 10 && !paint.some(([n]) => n === 'first-contentful-paint'); i++) {
          await sleep(30);
          const p = await send('Runtime.evaluate', { expression: `performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])`, returnByValue: true });
          paint = p.result.value;
        }
        const get = (name: string) => paint.find(([n]) => n === name)?.[1];
        return {
          interactiveMs: v.interactive,
          ...(v.content !== null ? { contentMs: v.content } : {}),
          firstPaintMs: get('first-paint'),
          firstContentfulPaintMs: get('first-contentful-paint'),
        };
      }
      if (Date.now() > deadline) throw new Error(`popup: ${field ? 'the "Domain name" field was not enabled and focused' : 'no content'} within 10 s`);
      await sleep(20);
    }
  } finally {
    await b.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

/** `opens` fresh popups; with `baseline`, each followed by one of the baseline's (same conditions). */
export async function measurePopup(b: UnattachedBrowser, opens: number, baseline?: UnattachedBrowser): Promise<{ ours: PopupOpen[]; baseline: PopupOpen[] }> {
  const ours: PopupOpen[] = [];
  const base: PopupOpen[] = [];
  for (let i = 0; i < opens; i++) {
    ours.push(await openPopupOnce(b));
    await sleep(100); // let the closed tab go before the next one opens
    if (baseline) {
      base.push(await openPopupOnce(baseline, false));
      await sleep(100);
    }
  }
  return { ours, baseline: base };
}

/** The baseline extension alone in a second browser (no simulator, no notifications). */
export async function withBaselineBrowser<T>(dir: string | undefined, fn: (b: UnattachedBrowser | undefined) => Promise<T>): Promise<T> {
  if (!dir) return fn(undefined);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'bench-baseline-profile-'));
  const b = await launchUnattached({ userDataDir, extensionDir: dir });
  try {
    return await fn(b);
  } finally {
    await b.close();
    await removeDir(userDataDir);
  }
}

/** Sends the popup's requestCode message from an extension page; resolves with the answer. */
function requestCode(page: CdpPage, text: string): Promise<unknown> {
  const message = JSON.stringify({ id: 1, type: 'requestCode', data: { text } });
  return page.evaluate(`chrome.runtime.sendMessage({ ...${message}, timestamp: Date.now() })`);
}

function checkAnswer(domain: string, answer: unknown): void {
  const res = (answer as { res?: { ok?: boolean } } | undefined)?.res;
  if (!res?.ok) throw new Error(`requestCode(${domain}) was refused: ${JSON.stringify(answer)}`);
}

async function storedJobs(page: CdpPage): Promise<Array<{ domain: string; state: string; notified: boolean }>> {
  return page.evaluate(`chrome.storage.local.get(null).then((r) => Object.keys(r).filter((k) => k.startsWith('job:')).map((k) => r[k]).map((j) => ({ domain: j.domain, state: j.state, notified: j.notified })))`);
}

/** The service worker's heap after a forced garbage collection, through a browser-level CDP session. */
async function workerHeap(b: UnattachedBrowser): Promise<{ usedSize: number; totalSize: number; workerWasRunning: boolean }> {
  const find = async () =>
    (await b.send('Target.getTargets')).targetInfos.find(
      (t) => t.type === 'service_worker' && t.url === b.url('background.js'),
    );
  const target = await find();
  if (!target) throw new Error('the service worker is not running');
  const { sessionId } = await b.send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
  try {
    await b.send('HeapProfiler.collectGarbage', {}, sessionId);
    const heap = await b.send('Runtime.getHeapUsage', {}, sessionId);
    return { usedSize: heap.usedSize, totalSize: heap.totalSize, workerWasRunning: true };
  } finally {
    await b.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

function waitNotification(s: UnattachedSession, domain: string, timeoutMs: number): Promise<RecordedNotification> {
  // Title "Transfer code for <domain>": match the whole word so a.com does not match aa.com.
  return s.notifications.waitFor((n) => n.summary.endsWith(` ${domain}`) || n.summary === domain, timeoutMs);
}

const WARMUP = { domain: 'warmup-bench.com', durationMs: 4_500 };

/** A browser of its own (simulator, notification bus, extension) for some of the delay jobs. */
async function inOwnBrowser<T>(o: BrowserOptions, jobs: MeasuredJob[], fn: (s: UnattachedSession, page: CdpPage) => Promise<T>): Promise<T> {
  const s = await startUnattachedSession({
    extensionDir: o.extensionDir,
    simulator: {
      accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret },
      domains: Object.fromEntries([WARMUP, ...jobs].map((j) => [j.domain, { durationMs: j.durationMs }])),
    },
  });
  try {
    await s.setKeys(KEYS);
    const page = await s.browser.openPage('manifest.json');
    try {
      return await fn(s, page);
    } finally {
      await page.close();
    }
  } finally {
    await s.stop();
  }
}

/**
 * A warm-up job, then `measured` started on a plan that keeps every predicted call `separationMs`
 * away from every other, so the limiter never holds one back; each job's calls and Notify read back.
 */
async function delayPhase(
  s: UnattachedSession,
  page: CdpPage,
  measured: MeasuredJob[],
  o: BrowserOptions,
  label: string,
): Promise<{ jobs: DelayJob[]; stepOverheadMs: number }> {
  // Warm-up job: wakes everything on the way (first normalization, first signed call) and
  // measures the time one poll step takes beyond the schedule (round trip + storage), which the
  // plan needs: the overhead that best predicts its recorded calls.
  checkAnswer(WARMUP.domain, await requestCode(page, WARMUP.domain));
  await waitNotification(s, WARMUP.domain, 30_000);
  const warmCalls = callsOf(s, WARMUP.domain);
  const stepOverheadMs = Math.max(5, fitStepOverhead(warmCalls.map((c) => c.at - warmCalls[0]!.at), WARMUP.durationMs));

  const plan: PlannedJob<MeasuredJob>[] = planStarts(measured, (j) => j.durationMs, {
    separationMs: o.separationMs,
    submitLatencyMs: 50,
    stepOverheadMs,
  });
  const planEnd = Math.max(0, ...plan.map((p) => p.calls.at(-1)!));
  o.log(`${label}: ${measured.length} delay jobs on a ${(planEnd / 1000).toFixed(0)} s plan (poll step overhead ${stepOverheadMs} ms)...`);
  const t0 = Date.now() + 300;
  const answers = plan.map(
    (p) =>
      new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          requestCode(page, p.item.domain)
            .then((a) => resolve(checkAnswer(p.item.domain, a)))
            .catch(reject);
        }, t0 + p.startMs - Date.now());
      }),
  );
  await Promise.all(answers);
  const notes = await Promise.all(plan.map((p) => waitNotification(s, p.item.domain, planEnd + 90_000)));

  const tasks = s.sim.tasks();
  const jobs: DelayJob[] = plan.map((p, i) => {
    const calls = callsOf(s, p.item.domain);
    const save = calls.find((c) => c.action === SAVE_ACTION && c.status === 200);
    if (!save) throw new Error(`no successful Save for ${p.item.domain}`);
    const polls = calls.filter((c) => c.action === QUERY_ACTION);
    const completedAt = save.at + p.item.durationMs;
    const detected = polls.find((c) => c.at >= completedAt);
    const n = notes[i]!;
    const predicted = pollTimes(p.item.durationMs, stepOverheadMs, calls.length);
    return {
      domain: p.item.domain,
      nominalMs: p.item.nominalMs,
      intervalMs: p.item.intervalMs,
      durationMs: p.item.durationMs,
      plannedStartMs: p.startMs,
      completedAt,
      detectedAt: detected?.at ?? NaN,
      notifiedAt: n.at,
      delayMs: n.at - completedAt,
      saves: calls.filter((c) => c.action === SAVE_ACTION).length,
      polls: polls.length,
      excessMs: calls.slice(1).map((c, k) => c.at - save.at - (predicted[k + 1] ?? NaN)),
      codeMatches: n.body === tasks.find((x) => x.domain === p.item.domain)?.code,
    };
  });
  return { jobs, stepOverheadMs };
}

export async function runBrowser(o: BrowserOptions): Promise<BrowserResults> {
  const phaseMs: Record<string, number> = {};
  let t = Date.now();
  const phase = (name: string) => {
    phaseMs[name] = Date.now() - t;
    t = Date.now();
  };
  const measured: MeasuredJob[] = [];
  // Longest first: their dense first polls are placed first, the short jobs fill the gaps.
  for (const d of [...o.callDurationsMs].sort((a, b) => b - a))
    for (let r = 0; r < o.callRuns; r++) measured.push({ domain: `calls-${d / 1000}s-run${r + 1}.com`, nominalMs: d, intervalMs: 0, durationMs: d });
  // The jitter is drawn in the order of o.durationsMs, so a seed gives the same durations whatever the plan.
  const random = seededRandom(o.seed);
  const jittered = new Map(o.durationsMs.map((d) => [d, jitteredDurations(d, o.runs, random)]));
  for (const d of [...o.durationsMs].sort((a, b) => b - a))
    jittered.get(d)!.forEach((j, r) => measured.push({ domain: `delay-${d / 1000}s-run${r + 1}.com`, nominalMs: d, intervalMs: j.intervalMs, durationMs: j.durationMs }));
  measured.sort((a, b) => b.durationMs - a.durationMs);
  // Dealt out to the browsers in turn (each its own extension, limiter and simulator), so each
  // gets the same mix; the first is the main browser.
  const browsers = Math.max(1, o.delayBrowsers ?? 1);
  const groups = Array.from({ length: browsers }, (_, g) => measured.filter((_, i) => i % browsers === g));
  const fillerCount = Math.max(0, o.heapAfterJobs - groups[0]!.length - 1);
  const fillers = Array.from({ length: fillerCount }, (_, i) => ({ domain: `filler-${i + 1}-bench.com`, durationMs: 0 }));

  const s = await startUnattachedSession({
    extensionDir: o.extensionDir,
    simulator: {
      accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret },
      domains: Object.fromEntries([WARMUP, ...groups[0]!, ...fillers].map((j) => [j.domain, { durationMs: j.durationMs }])),
    },
  });
  try {
    const b = s.browser;
    const version = await b.send('Browser.getVersion');
    await s.setKeys(KEYS);
    const page = await b.openPage('manifest.json');
    phase('launch');

    // 4. popup open -> interactive, fresh tab each time, keys saved and no job yet.
    o.log(`popup: ${o.popupOpens} opens...`);
    const { ours: popupEmpty, baseline: popupBaseline } = await withBaselineBrowser(o.baselineDir, (base) => measurePopup(b, o.popupOpens, base));
    phase('popup');

    // 1 + 2. Delay and API calls: the measured jobs in `browsers` browsers at once (the other
    // browsers only for this phase, so nothing else shares the machine with the popup figures).
    const delays = await Promise.all([
      delayPhase(s, page, groups[0]!, o, 'browser 1'),
      ...groups.slice(1).map((group, g) => inOwnBrowser(o, group, (es, ep) => delayPhase(es, ep, group, o, `browser ${g + 2}`))),
    ]);
    const jobs = delays.flatMap((d) => d.jobs);
    const stepOverheadMs = delays.map((d) => d.stepOverheadMs);
    phase('delays');

    // 5. More short jobs until `heapAfterJobs` have finished, then the worker's heap.
    if (fillers.length > 0) o.log(`${fillers.length} more jobs to reach ${o.heapAfterJobs} finished...`);
    for (const f of fillers) {
      checkAnswer(f.domain, await requestCode(page, f.domain));
      await sleep(250);
    }
    await Promise.all(fillers.map((f) => waitNotification(s, f.domain, 60_000)));
    // The last job's "notified" write follows its Notify call.
    let stored = await storedJobs(page);
    for (let i = 0; i < 50 && stored.filter((j) => j.state === 'done' && j.notified).length < o.heapAfterJobs; i++) {
      await sleep(100);
      stored = await storedJobs(page);
    }
    const finishedJobs = stored.filter((j) => j.state === 'done' && j.notified).length;
    let heap: BrowserResults['heap'];
    try {
      const h = await workerHeap(b);
      heap = { ...h, jobs: finishedJobs, jobsInStorage: stored.length };
    } catch (e) {
      o.log(`heap: ${String(e)}`);
    }
    phase('fillers+heap');

    // The popup again, now with every finished job in its list (informational).
    const { ours: popupWithHistory, baseline: popupBaselineLater } = await withBaselineBrowser(o.baselineDir, (base) =>
      measurePopup(b, o.popupOpens, base),
    );
    phase('popup-history');
    await page.close();

    return {
      chromiumProduct: version.product,
      popupEmpty,
      popupBaseline,
      popupWithHistory,
      popupBaselineLater,
      historyJobs: stored.length,
      stepOverheadMs,
      jobs,
      finishedJobs,
      notifications: s.notifications.notifications.length,
      heap,
      phaseMs,
    };
  } finally {
    await s.stop();
  }
}

/** The simulator's calls for one domain: its Saves and the polls of its tasks, in order. */
function callsOf(s: UnattachedSession, domain: string) {
  const taskNos = new Set(s.sim.tasks().filter((t) => t.domain === domain).map((t) => t.taskNo));
  return s.sim.calls.filter(
    (c) => (c.action === SAVE_ACTION && c.params.DomainName === domain) || (c.action === QUERY_ACTION && taskNos.has(c.params.TaskNo ?? '')),
  );
}
