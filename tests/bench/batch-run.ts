// Issue 13: a batch of 1,000 domains through the batch page, in headless Chromium against the
// simulator, on an empty history and on a history of 2,000 finished jobs. Alone:
//
//   npx tsx tests/bench/batch-run.ts [--no-build] [--domains N] [--histories 0,2000] [--no-sim-limit]
//     [--profile-page FROM-TO (s after the click: a CPU profile of the page, its top functions printed)] [--json]
//
// (`npm run bench` runs it as its section 7 through runBatchBench). Per history it measures:
// - the batch time: the click on "Get transfer codes for N domains" -> the last job stored as done,
//   and -> the summary Notify on D-Bus, each over the time its API calls need at the client limit
//   (calls the simulator received / requestsPerSecond);
// - that every domain was Saved once (simulator call log), every job is done, one summary notification;
// - the bytes written to storage.local per API call (chrome.storage.local.set wrapped in the worker
//   through a CDP session attached only to install it; JSON.stringify of each call's items);
// - the page while it runs: every change of the progress bar's value and of the counts (a
//   MutationObserver installed before the page's scripts), and its long tasks (PerformanceObserver);
// - the worker's heap after the batch (HeapProfiler.collectGarbage, Runtime.getHeapUsage).
// Nothing stays attached to the service worker while the batch runs (as for users).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  QUERY_ACTION,
  SAVE_ACTION,
  startUnattachedSession,
  type CdpPage,
  type UnattachedBrowser,
  type UnattachedSession,
} from '../e2e/harness/index.ts';
import { fromLegacy, layoutItems } from '../../lib/jobs/layout';
import type { Job } from '../../lib/jobs/types';
import type { LegacyBatch } from '../../lib/storage';
import { percentile } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEYS = { accessKeyId: 'LTAI5tBatchBench01', accessKeySecret: 'batch-bench-secret' };
const PROFILE_ID = 'e2e-' + KEYS.accessKeyId;

export const BATCH_BUDGET = {
  /** batch time / (API calls / rate) */
  ratio: 1.1,
  /** the progress bar changes at least this often while the batch runs */
  progressGapMs: 1_000,
  /** no long task on the batch page longer than this */
  longTaskMs: 200,
};

export const BATCH_DEFAULTS = { domains: 1_000, histories: [0, 2_000], rate: 20, taskMs: 2_000 };

export interface BatchRunOptions {
  extensionDir: string;
  domains?: number;
  /** finished jobs already in the history, one run each */
  histories?: number[];
  /** settings.requestsPerSecond */
  rate?: number;
  /** the simulator's task duration */
  taskMs?: number;
  /** the simulator's own flow control at `rate` (default true) */
  simulatorLimit?: boolean;
  /** diagnosis: a CPU profile of the batch page from `fromMs` to `toMs` after the click, written to `file` */
  profilePage?: { fromMs: number; toMs: number; file: string };
  log(line: string): void;
}

export interface StorageStats {
  /** chrome.storage.local.set calls in the worker during the batch */
  sets: number;
  /** JSON.stringify(items).length summed */
  bytes: number;
  /** per key kind (job:, jobPage:, jobIndex, batchIndex, ...): items written and their bytes */
  byKind: Record<string, { items: number; bytes: number; maxBytes: number }>;
}

export interface BatchFigures {
  history: number;
  domains: number;
  rate: number;
  taskMs: number;
  simulatorLimit: boolean;
  /** load average (1 min) at the start and at the end of the run */
  load: [number, number];
  clickToFirstCallMs: number;
  clickToLastCallMs: number;
  clickToLastDoneMs: number;
  clickToNotifyMs: number;
  /** every call the simulator received from the click on */
  calls: number;
  saves: number;
  okSaves: number;
  polls: number;
  /** answers other than 200 */
  refused: Record<string, number>;
  throttled: number;
  /** calls / rate */
  allowedMs: number;
  ratioDone: number;
  ratioNotify: number;
  /** time spent beyond the limiter's spacing: sum over consecutive calls of max(0, gap - 1000/rate) */
  deadMs: number;
  /** the longest gap between two consecutive calls */
  maxCallGapMs: number;
  /** spacing of consecutive calls: p50, p99 */
  callGapP50Ms: number;
  callGapP99Ms: number;
  /** Saves phase and polls phase: calls a second achieved */
  saveRate: number;
  pollRate: number;
  domainsSavedOnce: number;
  domainsSavedTwice: number;
  domainsNotSaved: number;
  jobs: number;
  jobsDone: number;
  summaryNotifications: number;
  otherNotifications: number;
  summaryText: string;
  storage?: StorageStats;
  bytesPerCall?: number;
  workerRestarted: boolean;
  heap?: { usedSize: number; totalSize: number };
  page: PageFigures;
}

export interface PageFigures {
  visibility: string;
  /** progress bar value changes after the click */
  progressUpdates: number;
  /** the longest time the bar's value stood still between the click and the last job done */
  progressLongestGapMs: number;
  /** where it was (ms after the click) */
  progressLongestGapFromMs: number;
  /** the click -> the bar's first move (no job finishes before its poll) */
  progressFirstMoveMs: number;
  /** the same, counting only after the bar first moved */
  progressLongestGapAfterFirstMs: number;
  /** any change of the counts line (Waiting/Done/Failed) or the bar, longest gap while running */
  viewLongestGapMs: number;
  /** Ctrl+V of the list -> the button "Get transfer codes for N domains" enabled (as read over CDP) */
  pasteToButtonMs: number;
  /** click -> the heading "Batch of N domains" in the DOM */
  headingMs: number;
  longTasksRunning: { count50: number; count200: number; maxMs: number; totalMs: number; top: Array<[number, number]> };
  longTasksBeforeClick: { count50: number; maxMs: number };
  longTaskObserver: boolean;
  /** long animation frames (over 50 ms) while running: where their time went */
  longFrames: { count: number; maxMs: number; totalMs: number; scriptMs: number; renderMs: number; styleLayoutMs: number; forcedLayoutMs: number };
}

export interface BatchBenchResult {
  runs: BatchFigures[];
  /** the floor: 1 Save + 1 poll per domain at the rate */
  minimumMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined && v !== null && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---- the history to preload -----------------------------------------------------------------

/**
 * `count` finished, notified jobs in the index layout, as the storage.local items that hold them
 * (lib/jobs/layout.ts: fromLegacy + layoutItems, the very records the worker's store writes; keys
 * without the "local:" area prefix). A quarter of them in each of two earlier batches.
 */
export function historyItems(count: number, profileId = PROFILE_ID): Record<string, unknown> {
  const start = Date.now() - 3 * 24 * 3600_000;
  const quarter = Math.floor(count / 4);
  const batches: LegacyBatch[] = [
    { id: randomUUID(), createdAt: start + quarter * 0 * 60_000, jobIds: [], notified: true },
    { id: randomUUID(), createdAt: start + quarter * 2 * 60_000, jobIds: [], notified: true },
  ];
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789#&<>';
  const code = () => Array.from({ length: 12 }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = start + i * 60_000;
    const batch = i < quarter ? batches[0] : i >= 2 * quarter && i < 3 * quarter ? batches[1] : undefined;
    const job: Job = {
      id: randomUUID(),
      domain: `past${i}-example.com`,
      site: 'cn',
      profileId,
      state: 'done',
      taskNo: randomUUID(),
      apiCalls: 2,
      polls: 1,
      retries: 0,
      createdAt,
      updatedAt: createdAt + 3_100,
      nextAttemptAt: createdAt + 3_050,
      taskNoAt: createdAt + 60,
      finishedAt: createdAt + 3_100,
      code: code(),
      notified: true,
      ...(batch ? { batchId: batch.id } : {}),
    };
    batch?.jobIds.push(job.id);
    jobs.push(job);
  }
  for (const b of batches) b.finishedAt = Math.max(...jobs.filter((j) => j.batchId === b.id).map((j) => j.finishedAt ?? 0));
  const items: Record<string, unknown> = {};
  for (const { key, value } of layoutItems(fromLegacy(jobs, batches.filter((b) => b.jobIds.length > 0)))) items[key.replace(/^local:/, '')] = value;
  return items;
}

// ---- what runs in the browser ---------------------------------------------------------------

/** Installed before any script of the batch page: the bar's and the counts' changes, long tasks. */
const PAGE_PROBE = `(() => {
  const s = { progress: [], views: [], longtasks: [], observer: true, heading: null };
  Object.defineProperty(window, '__batchBench', { value: s });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) s.longtasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    s.observer = false;
  }
  s.frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts || []).map((x) => x.duration);
        s.frames.push([performance.timeOrigin + e.startTime, e.duration, e.renderStart ? e.startTime + e.duration - e.renderStart : 0, e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0, scripts.reduce((a, b) => a + b, 0), (e.scripts || []).reduce((a, x) => a + (x.forcedStyleAndLayoutDuration || 0), 0)]);
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {}
  let value = null;
  let view = null;
  const check = () => {
    const bar = document.getElementById('batch-progress');
    if (bar && bar.value !== value) {
      value = bar.value;
      s.progress.push([Date.now(), bar.value, bar.max]);
    }
    const counts = document.querySelector('.batch-view .counts');
    const text = (counts ? counts.textContent : '') + '|' + (bar ? bar.value : '');
    if (counts && text !== view) {
      view = text;
      s.views.push(Date.now());
    }
    if (s.heading === null) {
      const h = document.getElementById('batch-heading');
      if (h) s.heading = [Date.now(), h.textContent];
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

/** Wraps chrome.storage.local.set in the worker (once per worker): counts calls and bytes. */
const WORKER_PROBE = `(() => {
  const area = chrome.storage.local;
  if (!globalThis.__benchStorage) {
    const stats = { sets: 0, bytes: 0, byKind: {}, counting: false };
    globalThis.__benchStorage = stats;
    const original = area.set;
    area.set = function (items, ...rest) {
      if (stats.counting) {
        try {
          stats.sets++;
          stats.bytes += JSON.stringify(items).length;
          for (const [key, value] of Object.entries(items)) {
            const kind = key.includes(':') ? key.slice(0, key.indexOf(':') + 1) : key;
            const bytes = key.length + JSON.stringify(value === undefined ? null : value).length;
            const k = (stats.byKind[kind] ??= { items: 0, bytes: 0, maxBytes: 0 });
            k.items++;
            k.bytes += bytes;
            if (bytes > k.maxBytes) k.maxBytes = bytes;
          }
        } catch {}
      }
      return original.call(this, items, ...rest);
    };
  }
  return performance.timeOrigin;
})()`;

async function openProbedPage(b: UnattachedBrowser, pathname: string, probe: string): Promise<CdpPage> {
  const { targetId } = await b.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
  const page: CdpPage = {
    sessionId,
    targetId,
    send: (method, params) => b.send(method, params, sessionId),
    async evaluate<T>(expression: string): Promise<T> {
      const r = await b.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
      if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    close: async () => {
      await b.send('Target.closeTarget', { targetId }).catch(() => undefined);
    },
  };
  await page.send('Page.enable');
  await page.send('Emulation.setFocusEmulationEnabled', { enabled: true });
  await page.send('Page.addScriptToEvaluateOnNewDocument', { source: probe });
  await page.send('Page.navigate', { url: b.url(pathname) });
  return page;
}

async function stopWorker(b: UnattachedBrowser, page: CdpPage): Promise<void> {
  await page.send('ServiceWorker.enable');
  await page.send('ServiceWorker.stopAllWorkers');
  await until('the service worker to stop', async () => !(await b.workerRunning()), 10_000);
  await page.send('ServiceWorker.disable').catch(() => undefined);
}

interface PageRecord {
  progress: Array<[number, number, number]>;
  views: number[];
  longtasks: Array<[number, number]>;
  /** long animation frames: [start, duration, render part, style+layout part, scripts, forced style+layout in scripts] */
  frames: Array<[number, number, number, number, number, number]>;
  observer: boolean;
  heading: [number, string] | null;
  visibility: string;
}

function pageFigures(rec: PageRecord, clickAt: number, endAt: number): Omit<PageFigures, 'pasteToButtonMs'> {
  const inRun = (t: number) => t >= clickAt && t <= endAt;
  // The bar's value over the run: the times it changed, with the click and the end as bounds.
  const moves = rec.progress.filter(([t]) => inRun(t)).map(([t]) => t);
  const firstMove = rec.progress.find(([t, v]) => t >= clickAt && v > 0)?.[0] ?? endAt;
  const longestGap = (times: number[], from: number) => {
    const ts = [from, ...times.filter((t) => t > from && t <= endAt), endAt];
    let best = 0;
    let at = from;
    for (let i = 1; i < ts.length; i++) {
      if (ts[i]! - ts[i - 1]! > best) {
        best = ts[i]! - ts[i - 1]!;
        at = ts[i - 1]!;
      }
    }
    return { best, at };
  };
  const gap = longestGap(moves, clickAt);
  const after = longestGap(moves, firstMove);
  const view = longestGap(rec.views, clickAt);
  const running = rec.longtasks.filter(([t]) => t >= clickAt && t <= endAt);
  const before = rec.longtasks.filter(([t]) => t < clickAt);
  return {
    visibility: rec.visibility,
    progressUpdates: moves.length,
    progressLongestGapMs: gap.best,
    progressLongestGapFromMs: gap.at - clickAt,
    progressFirstMoveMs: firstMove - clickAt,
    progressLongestGapAfterFirstMs: after.best,
    viewLongestGapMs: view.best,
    headingMs: rec.heading ? rec.heading[0] - clickAt : NaN,
    longTasksRunning: {
      count50: running.length,
      count200: running.filter(([, d]) => d > 200).length,
      maxMs: Math.max(0, ...running.map(([, d]) => d)),
      totalMs: running.reduce((s, [, d]) => s + d, 0),
      top: running
        .slice()
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([t, d]) => [round(t - clickAt), round(d)]),
    },
    longTasksBeforeClick: { count50: before.length, maxMs: Math.max(0, ...before.map(([, d]) => d)) },
    longTaskObserver: rec.observer,
    longFrames: (() => {
      const fs = (rec.frames ?? []).filter(([t]) => t >= clickAt && t <= endAt);
      const sum = (i: number) => round(fs.reduce((a, f) => a + f[i]!, 0));
      return { count: fs.length, maxMs: round(Math.max(0, ...fs.map((f) => f[1]))), totalMs: sum(1), scriptMs: sum(4), renderMs: sum(2), styleLayoutMs: sum(3), forcedLayoutMs: sum(5) };
    })(),
  };
}

/** A sampling CPU profile of the page over a window of the run; prints the functions with the most self time. */
async function profileLater(page: CdpPage, clickAt: number, p: { fromMs: number; toMs: number; file: string }, log: (l: string) => void): Promise<void> {
  await sleep(Math.max(0, clickAt + p.fromMs - Date.now()));
  await page.send('Profiler.enable');
  await page.send('Profiler.setSamplingInterval', { interval: 500 });
  await page.send('Profiler.start');
  await sleep(Math.max(0, clickAt + p.toMs - Date.now()));
  const { profile } = await page.send('Profiler.stop');
  writeFileSync(p.file, JSON.stringify(profile));
  const self = new Map<number, number>();
  profile.samples?.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    byFn.set(name, (byFn.get(name) ?? 0) + (self.get(n.id) ?? 0));
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  log(`page profile ${p.fromMs / 1000}-${p.toMs / 1000} s after the click (${p.file}), ${Math.round(total)} ms sampled; most self time:`);
  for (const [name, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${Math.round(ms).toString().padStart(6)} ms  ${name}`);
}

async function setUp(s: UnattachedSession, rate: number, history: number, log: (l: string) => void): Promise<void> {
  await s.setKeys(KEYS);
  const quiet = await s.browser.openPage('manifest.json');
  try {
    await quiet.evaluate(`chrome.storage.local.set(${JSON.stringify({ settings: { language: 'en', requestsPerSecond: rate }, settings$: { v: 1 } })}).then(() => true)`);
    if (history > 0) {
      const items = historyItems(history);
      log(`history: ${history} finished jobs, ${Object.keys(items).length} storage items, ${(JSON.stringify(items).length / 1e6).toFixed(2)} MB`);
      await quiet.evaluate(`chrome.storage.local.set(${JSON.stringify(items)}).then(() => true)`);
      const index = await quiet.evaluate<{ pages: unknown[] }>(`chrome.storage.local.get('jobIndex').then((r) => r.jobIndex)`);
      if (index.pages.length !== Math.ceil(history / 50)) throw new Error(`the seeded index has ${index.pages.length} pages`);
    }
    // The worker read the (empty) index at its start and keeps it in memory: a fresh worker reads
    // the seeded one. The batch page wakes it (it asks for the vault's state).
    await stopWorker(s.browser, quiet);
  } finally {
    await quiet.close();
  }
}

async function oneRun(o: BatchRunOptions, history: number): Promise<BatchFigures> {
  const domains = o.domains ?? BATCH_DEFAULTS.domains;
  const rate = o.rate ?? BATCH_DEFAULTS.rate;
  const taskMs = o.taskMs ?? BATCH_DEFAULTS.taskMs;
  const simulatorLimit = o.simulatorLimit ?? true;
  const loadStart = os.loadavg()[0]!;
  const s = await startUnattachedSession({
    extensionDir: o.extensionDir,
    simulator: {
      accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret },
      taskDurationMs: taskMs,
      ...(simulatorLimit ? { rateLimitPerSecond: rate } : {}),
    },
  });
  try {
    const b = s.browser;
    await setUp(s, rate, history, o.log);
    const page = await openProbedPage(b, 'batch.html', PAGE_PROBE);
    const list = Array.from({ length: domains }, (_, i) => `shop${i}-batch-example.com`);
    const label = `Get transfer codes for ${domains} domains`;
    await until('the batch page', () => page.evaluate<boolean>(`!!document.getElementById('batch-domains')`), 15_000);

    // The worker woke for the page; wrap its storage writes (attached only for this).
    await until('the service worker', () => b.workerRunning(), 10_000);
    const w = await b.attachToWorker();
    let workerOrigin: number;
    try {
      workerOrigin = await w.evaluate<number>(WORKER_PROBE);
    } finally {
      await w.detach();
    }

    // Paste the list as a user does: the clipboard, then Ctrl+V into the focused text area (one
    // ReplaceSelection; Input.insertText would type it line by line, 2 s of editing commands).
    // The batch itself is measured: the readiness check before it starts is one call per domain more.
    await page.evaluate(`(() => { const box = document.getElementById('batch-check-first'); if (box.checked) box.click(); return true; })()`);
    await page.evaluate(`document.getElementById('batch-domains').focus()`);
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(list.join('\n'))}).then(() => true)`);
    const pasteAt = Date.now();
    await page.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'v', code: 'KeyV', windowsVirtualKeyCode: 86, modifiers: 2, commands: ['paste'] });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'v', code: 'KeyV', windowsVirtualKeyCode: 86, modifiers: 2 });
    const point = await until(
      `the button "${label}"`,
      () =>
        page.evaluate<{ x: number; y: number } | null>(`(() => {
          const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === ${JSON.stringify(label)} && !x.disabled);
          if (!b) return null;
          b.scrollIntoView({ block: 'center' });
          const r = b.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        })()`),
      30_000,
    );
    const pasteToButtonMs = Date.now() - pasteAt;
    await sleep(1_000); // the preview settles (its long tasks are before the click, counted apart)
    // Count from here: the writes of the batch only.
    const w2 = await b.attachToWorker();
    try {
      const origin = await w2.evaluate<number>(`(globalThis.__benchStorage.counting = true, performance.timeOrigin)`);
      if (origin !== workerOrigin) throw new Error('the worker restarted before the batch');
    } finally {
      await w2.detach();
    }
    const callsBefore = s.sim.calls.length;
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: point.x, y: point.y });
    const clickAt = Date.now();
    await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: point.x, y: point.y, button: 'left', clickCount: 1 });
    await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: point.x, y: point.y, button: 'left', clickCount: 1 });
    o.log(`history ${history}: clicked "${label}"`);
    const batchId = await until(
      'the batch in the URL',
      () => page.evaluate<string>(`decodeURIComponent((/#batch=([^&]+)/.exec(location.hash) || [])[1] || '')`).then((x) => x || undefined),
      30_000,
    );

    // The summary notification; progress logged meanwhile.
    const expectMs = ((2 * domains) / rate) * 1000;
    const ticker = setInterval(() => {
      const done = s.sim.callsTo(QUERY_ACTION).length;
      o.log(`history ${history}: ${s.sim.calls.length - callsBefore} calls (${s.sim.callsTo(SAVE_ACTION).length} Saves, ${done} polls), throttled ${s.sim.throttled}`);
    }, 20_000);
    const profiled = o.profilePage ? profileLater(page, clickAt, o.profilePage, o.log) : Promise.resolve();
    let note;
    try {
      note = await s.notifications.waitFor((n) => n.summary.startsWith('Batch finished'), 3 * expectMs + 60_000);
    } finally {
      clearInterval(ticker);
    }
    await profiled;
    await sleep(2_000); // a second summary would come now

    // Storage: the batch's jobs.
    const quiet = await b.openPage('manifest.json');
    let jobs: Job[];
    try {
      jobs = await quiet.evaluate<Job[]>(`(async () => {
        const ids = (await chrome.storage.local.get('batchJobs:' + ${JSON.stringify(batchId)}))['batchJobs:' + ${JSON.stringify(batchId)}] || [];
        const got = await chrome.storage.local.get(ids.map((id) => 'job:' + id));
        return ids.map((id) => got['job:' + id]).filter(Boolean);
      })()`);
    } finally {
      await quiet.close();
    }
    const lastDoneAt = Math.max(...jobs.map((j) => j.finishedAt ?? 0));

    // The page's record.
    const rec = await page.evaluate<PageRecord>(`({ ...window.__batchBench, visibility: document.visibilityState })`);
    await page.close();

    // The worker: its storage writes, whether it is the one wrapped, its heap.
    let storage: StorageStats | undefined;
    let heap: BatchFigures['heap'];
    let workerRestarted = true;
    if (await b.workerRunning()) {
      const w3 = await b.attachToWorker();
      try {
        const got = await w3.evaluate<{ origin: number; stats: (StorageStats & { counting: boolean }) | null }>(`({ origin: performance.timeOrigin, stats: globalThis.__benchStorage || null })`);
        workerRestarted = got.origin !== workerOrigin;
        if (got.stats && !workerRestarted) storage = { sets: got.stats.sets, bytes: got.stats.bytes, byKind: got.stats.byKind };
        await w3.send('HeapProfiler.collectGarbage');
        const h = await w3.send('Runtime.getHeapUsage');
        heap = { usedSize: h.usedSize, totalSize: h.totalSize };
      } finally {
        await w3.detach();
      }
    }

    // The simulator's view.
    const calls = s.sim.calls.slice(callsBefore);
    const saves = calls.filter((c) => c.action === SAVE_ACTION);
    const okSaves = saves.filter((c) => c.status === 200);
    const perDomain = new Map<string, number>();
    for (const c of okSaves) perDomain.set(c.params.DomainName ?? '', (perDomain.get(c.params.DomainName ?? '') ?? 0) + 1);
    const refused: Record<string, number> = {};
    for (const c of calls) if (c.status !== 200) refused[c.code ?? String(c.status)] = (refused[c.code ?? String(c.status)] ?? 0) + 1;
    const spacing = 1000 / rate;
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    const phaseRate = (xs: typeof calls) => (xs.length > 1 ? ((xs.length - 1) * 1000) / (xs.at(-1)!.at - xs[0]!.at) : NaN);
    const lastSaveAt = saves.at(-1)?.at ?? clickAt;
    const allowedMs = (calls.length / rate) * 1000;
    const summaries = s.notifications.notifications.filter((n) => n.summary.startsWith('Batch finished'));
    const storageBytesPerCall = storage ? storage.bytes / calls.length : undefined;
    return {
      history,
      domains,
      rate,
      taskMs,
      simulatorLimit,
      load: [loadStart, os.loadavg()[0]!],
      clickToFirstCallMs: (calls[0]?.at ?? NaN) - clickAt,
      clickToLastCallMs: (calls.at(-1)?.at ?? NaN) - clickAt,
      clickToLastDoneMs: lastDoneAt - clickAt,
      clickToNotifyMs: note.at - clickAt,
      calls: calls.length,
      saves: saves.length,
      okSaves: okSaves.length,
      polls: calls.filter((c) => c.action === QUERY_ACTION).length,
      refused,
      throttled: s.sim.throttled,
      allowedMs,
      ratioDone: (lastDoneAt - clickAt) / allowedMs,
      ratioNotify: (note.at - clickAt) / allowedMs,
      deadMs: gaps.reduce((sum, g) => sum + Math.max(0, g - spacing), 0),
      maxCallGapMs: Math.max(0, ...gaps),
      callGapP50Ms: gaps.length ? percentile(gaps, 50) : NaN,
      callGapP99Ms: gaps.length ? percentile(gaps, 99) : NaN,
      saveRate: phaseRate(saves),
      pollRate: phaseRate(calls.filter((c) => c.action === QUERY_ACTION && c.at >= lastSaveAt)),
      domainsSavedOnce: list.filter((d) => perDomain.get(d) === 1).length,
      domainsSavedTwice: [...perDomain.values()].filter((n) => n > 1).length,
      domainsNotSaved: list.filter((d) => !perDomain.has(d)).length,
      jobs: jobs.length,
      jobsDone: jobs.filter((j) => j.state === 'done' && j.code).length,
      summaryNotifications: summaries.length,
      otherNotifications: s.notifications.notifications.length - summaries.length,
      summaryText: `${note.summary} / ${note.body}`,
      ...(storage ? { storage } : {}),
      ...(storageBytesPerCall !== undefined ? { bytesPerCall: storageBytesPerCall } : {}),
      workerRestarted,
      ...(heap ? { heap } : {}),
      page: { ...pageFigures(rec, clickAt, lastDoneAt), pasteToButtonMs },
    };
  } finally {
    await s.stop();
  }
}

export async function runBatchBench(o: BatchRunOptions): Promise<BatchBenchResult> {
  const runs: BatchFigures[] = [];
  for (const history of o.histories ?? BATCH_DEFAULTS.histories) {
    o.log(`batch of ${o.domains ?? BATCH_DEFAULTS.domains} on a history of ${history}...`);
    runs.push(await oneRun(o, history));
  }
  const domains = o.domains ?? BATCH_DEFAULTS.domains;
  return { runs, minimumMs: ((2 * domains) / (o.rate ?? BATCH_DEFAULTS.rate)) * 1000 };
}

// ---- the figures as rows ----------------------------------------------------------------------

export interface BatchRow {
  what: string;
  figure: string;
  budget: string;
  result: string;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function batchRows(r: BatchBenchResult): BatchRow[] {
  const rows: BatchRow[] = [];
  const first = r.runs[0];
  if (first) {
    rows.push({
      what: `Batch of ${first.domains}: the floor (1 Save + 1 poll each at ${first.rate}/s)`,
      figure: `${first.domains * 2} calls = ${s1(r.minimumMs)}`,
      budget: 'reference',
      result: 'info',
    });
  }
  for (const x of r.runs) {
    const h = `history ${x.history}`;
    rows.push({
      what: `Batch of ${x.domains}, ${h}: click -> last job done / (calls / ${x.rate} per s)`,
      figure: `${s1(x.clickToLastDoneMs)} / ${s1(x.allowedMs)} (${x.calls} calls) = ${x.ratioDone.toFixed(3)}x`,
      budget: `<= ${BATCH_BUDGET.ratio}x`,
      result: verdict(x.ratioDone <= BATCH_BUDGET.ratio),
    });
    rows.push({
      what: `Batch of ${x.domains}, ${h}: click -> summary Notify / (calls / ${x.rate} per s)`,
      figure: `${s1(x.clickToNotifyMs)} / ${s1(x.allowedMs)} = ${x.ratioNotify.toFixed(3)}x`,
      budget: `<= ${BATCH_BUDGET.ratio}x`,
      result: verdict(x.ratioNotify <= BATCH_BUDGET.ratio),
    });
    const once = x.domainsSavedOnce === x.domains && x.jobsDone === x.domains && x.jobs === x.domains && x.summaryNotifications === 1 && x.otherNotifications === 0;
    rows.push({
      what: `Batch of ${x.domains}, ${h}: Saved once / jobs done / summary notifications`,
      figure: `${x.domainsSavedOnce} / ${x.jobsDone} / ${x.summaryNotifications} (+${x.otherNotifications} other); throttled ${x.throttled}`,
      budget: `${x.domains} / ${x.domains} / 1`,
      result: verdict(once),
    });
    rows.push({
      what: `Batch of ${x.domains}, ${h}: storage.local bytes written per API call`,
      figure: x.bytesPerCall !== undefined && x.storage ? `${Math.round(x.bytesPerCall)} B (${(x.storage.bytes / 1e6).toFixed(2)} MB in ${x.storage.sets} writes)` : 'not measured',
      budget: 'flat in the history',
      result: 'info',
    });
    rows.push({
      what: `Batch of ${x.domains}, ${h}: longest stand-still of the progress bar while running`,
      figure: `${s1(x.page.progressLongestGapMs)} (from ${s1(x.page.progressLongestGapFromMs)}; after its first move ${s1(x.page.progressLongestGapAfterFirstMs)})`,
      budget: `<= ${s1(BATCH_BUDGET.progressGapMs)}`,
      result: verdict(x.page.progressLongestGapMs <= BATCH_BUDGET.progressGapMs),
    });
    rows.push({
      what: `Batch of ${x.domains}, ${h}: longest task on the batch page while running`,
      figure: `${Math.round(x.page.longTasksRunning.maxMs)} ms (${x.page.longTasksRunning.count50} over 50 ms)`,
      budget: `<= ${BATCH_BUDGET.longTaskMs} ms`,
      result: verdict(x.page.longTaskObserver && x.page.longTasksRunning.maxMs <= BATCH_BUDGET.longTaskMs),
    });
    rows.push({
      what: `Batch of ${x.domains}, ${h}: service worker heap after the batch`,
      figure: x.heap ? `${(x.heap.usedSize / 1e6).toFixed(2)} MB used (${(x.heap.totalSize / 1e6).toFixed(2)} MB allocated)` : 'not measured',
      budget: 'none',
      result: 'info',
    });
  }
  if (r.runs.length >= 2) {
    const [a, b] = [r.runs[0]!, r.runs[r.runs.length - 1]!];
    if (a.bytesPerCall !== undefined && b.bytesPerCall !== undefined) {
      const growth = b.bytesPerCall / a.bytesPerCall;
      rows.push({
        what: `Batch: storage bytes per call, history ${b.history} vs ${a.history}`,
        figure: `${growth.toFixed(2)}x`,
        budget: '<= 1.10x (flat)',
        result: verdict(growth <= 1.1),
      });
    }
  }
  return rows;
}

/** Lines for the details under the table: what explains the figures. */
export function batchDetails(r: BatchBenchResult): string[] {
  const lines: string[] = [];
  for (const x of r.runs) {
    const kinds = x.storage
      ? Object.entries(x.storage.byKind)
          .sort((p, q) => q[1].bytes - p[1].bytes)
          .map(([k, v]) => `${k} ${v.items} items ${(v.bytes / 1e3).toFixed(0)} KB (largest ${v.maxBytes} B)`)
          .join(', ')
      : 'not measured';
    lines.push(
      `- History ${x.history} (load ${x.load[0].toFixed(1)} -> ${x.load[1].toFixed(1)}; simulator flow control ${x.simulatorLimit ? `${x.rate}/s` : 'off'}, tasks ${x.taskMs / 1000} s): ` +
        `click -> first call ${Math.round(x.clickToFirstCallMs)} ms, -> last call ${s1(x.clickToLastCallMs)}, -> last job done ${s1(x.clickToLastDoneMs)}, -> summary Notify ${s1(x.clickToNotifyMs)}. ` +
        `Calls ${x.calls} (${x.saves} Saves, ${x.okSaves} answered 200; ${x.polls} polls); refused ${JSON.stringify(x.refused)}. ` +
        `Spacing of consecutive calls p50 ${x.callGapP50Ms} ms, p99 ${x.callGapP99Ms} ms, max ${x.maxCallGapMs} ms; time beyond ${1000 / x.rate} ms a call ${s1(x.deadMs)}; ` +
        `Saves at ${x.saveRate.toFixed(2)}/s, polls after the last Save at ${x.pollRate.toFixed(2)}/s. ` +
        `Domains Saved twice ${x.domainsSavedTwice}, never ${x.domainsNotSaved}. Summary "${x.summaryText}".`,
    );
    lines.push(
      `  Storage writes: ${x.storage ? `${x.storage.sets} set() calls, ${(x.storage.bytes / 1e6).toFixed(2)} MB` : 'not measured'}${x.workerRestarted ? ' (the worker restarted during the batch: figures incomplete)' : ''}; by key: ${kinds}.`,
    );
    const p = x.page;
    lines.push(
      `  Page (${p.visibility}): heading ${Math.round(p.headingMs)} ms after the click; the bar moved ${p.progressUpdates} times, first at ${s1(p.progressFirstMoveMs)}; ` +
        `longest stand-still ${s1(p.progressLongestGapMs)} (from ${s1(p.progressLongestGapFromMs)}), ${s1(p.progressLongestGapAfterFirstMs)} after its first move; counts line longest unchanged ${s1(p.viewLongestGapMs)}. ` +
        `Long tasks while running: ${p.longTasksRunning.count50} over 50 ms, ${p.longTasksRunning.count200} over 200 ms, longest ${Math.round(p.longTasksRunning.maxMs)} ms, ${Math.round(p.longTasksRunning.totalMs)} ms in all; ` +
        `largest [ms after the click, duration]: ${JSON.stringify(p.longTasksRunning.top)}. Paste (Ctrl+V) -> button enabled ${Math.round(p.pasteToButtonMs)} ms; before the click (page load, paste, preview): ${p.longTasksBeforeClick.count50} over 50 ms, longest ${Math.round(p.longTasksBeforeClick.maxMs)} ms.` +
        (p.longTaskObserver ? '' : ' (no longtask observer in this browser)') +
        ` Long animation frames while running: ${p.longFrames.count}, longest ${Math.round(p.longFrames.maxMs)} ms, ${Math.round(p.longFrames.totalMs)} ms in all: scripts ${Math.round(p.longFrames.scriptMs)} ms (forced style+layout in them ${Math.round(p.longFrames.forcedLayoutMs)} ms), rendering ${Math.round(p.longFrames.renderMs)} ms of which style+layout ${Math.round(p.longFrames.styleLayoutMs)} ms.`,
    );
  }
  return lines;
}

// ---- alone ------------------------------------------------------------------------------------

function tableOf(rows: BatchRow[]): string {
  const all = [{ what: 'Measure', figure: 'Figure', budget: 'Budget', result: 'Result' }, ...rows];
  const keys = ['what', 'figure', 'budget', 'result'] as const;
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((r) => r[k].length))])) as Record<(typeof keys)[number], number>;
  const line = (r: BatchRow) => `| ${keys.map((k) => r[k].padEnd(width[k])).join(' | ')} |`;
  return [line(all[0]!), `| ${keys.map((k) => '-'.repeat(width[k])).join(' | ')} |`, ...rows.map(line)].join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  const value = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const started = Date.now();
  const log = (line: string) => console.error(`[batch ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  if (!argv.includes('--no-build')) {
    log('npx wxt build...');
    execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const out = value('--extension') ?? path.join(ROOT, '.output/chrome-mv3');
  if (!existsSync(path.join(out, 'manifest.json'))) throw new Error(`no build in ${out}`);
  // A snapshot, as bench.ts does, so a rebuild during the run cannot change the extension.
  const snapshot = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-batch-extension-')), 'chrome-mv3');
  cpSync(out, snapshot, { recursive: true });
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join('/');
  const loadAtStart = load();
  try {
    const r = await runBatchBench({
      extensionDir: snapshot,
      domains: Number(value('--domains') ?? BATCH_DEFAULTS.domains),
      histories: (value('--histories') ?? BATCH_DEFAULTS.histories.join(',')).split(',').map(Number),
      simulatorLimit: !argv.includes('--no-sim-limit'),
      ...(value('--profile-page')
        ? (() => {
            const [from, to] = value('--profile-page')!.split('-').map((x) => Number(x) * 1000);
            return { profilePage: { fromMs: from!, toMs: to!, file: path.join(os.tmpdir(), `batch-page-${Date.now()}.cpuprofile`) } };
          })()
        : {}),
      log,
    });
    console.log(`\n${os.cpus().length} cores; load average (1/5/15 min) at the start ${loadAtStart}, at the end ${load()}; ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
    console.log(tableOf(batchRows(r)));
    console.log('');
    for (const l of batchDetails(r)) console.log(l);
    if (argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  } finally {
    rmSync(path.dirname(snapshot), { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
