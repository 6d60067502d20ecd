// Submit -> Save on the wire: how long from the user's action to the moment the simulator
// receives the SaveSingleTaskForQueryingTransferAuthorizationCode request, with the service worker
// running (warm) and stopped right before the action (cold).
//
// One clock: the start is Date.now() in the page (the popup's Enter keydown) or in this process
// (the context-menu key written to the X input tool); the end is the simulator's call record
// (`at`, Date.now() in this process). Same machine, same wall clock, 1 ms resolution.
//
// 1. Popup, headless Chromium: popup.html in a fresh tab, ready (React took over the first screen,
//    the "Domain name" field focused, the submit button enabled, no resource loaded for 300 ms),
//    the domain typed with Input.insertText, then Enter (Input.dispatchKeyEvent, as a key press
//    reaches the page). A capture listener records the keydown's Date.now().
// 2. Context menu: Chromium's real native menu, which headless mode does not show. So a headed
//    Chromium runs under Xvfb: a page with the domain selected, a right-click (CDP mouse event into
//    the page; Chromium then opens its own menu), Up Up (the last entry is "Inspect", the one above
//    it is ours, alone between separators) and Return sent as real X keyboard input (XTEST, through
//    a long-running `xdotool -`), so Chromium's own menu code picks the entry and fires
//    contextMenus.onClicked. The start is when the Return line is written to xdotool; the lag from
//    that write to a page's keydown is measured beforehand (same path) and reported, since it is
//    included in the figure (it bounds how much of the figure is the X tool rather than the extension).
//
// Cold: ServiceWorker.stopAllWorkers from a session on a quiet extension page (manifest.json,
// not the page under test), then wait until the worker's target is gone, and check it is still
// gone just before the action. Every run uses its own domain (no job is joined) and waits for its
// job to finish (notification) before the next, so no poll or limiter wait of an earlier job can
// meet the Save. Warm and cold runs alternate, so both see the same machine load.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  findExecutable,
  SAVE_ACTION,
  startUnattachedSession,
  type CdpMethod,
  type CdpParams,
  type CdpResult,
  type UnattachedBrowser,
  type UnattachedSession,
} from '../e2e/harness/index.ts';
import { percentile } from './stats';

export type WorkerState = 'running' | 'stopped';

export interface SubmitSample {
  domain: string;
  worker: WorkerState;
  /** Date.now() of the user's action (popup: the Enter keydown in the page; menu: the Return key sent) */
  startAt: number;
  /** the simulator's record of the Save (Date.now() in this process) */
  saveAt: number;
  latencyMs: number;
  /** popup only: the form's submit event (Date.now() in the page), for a check */
  submitEventAt?: number;
  /** stopped runs: from stopAllWorkers to the worker's target gone */
  stopWaitMs?: number;
  /** performance.timeOrigin of the worker that sent the Save (read after the job finished) */
  workerStartAt: number;
}

export interface SubmitLatencyResult {
  popup: { running: SubmitSample[]; stopped: SubmitSample[] };
  /** Absent with `skipped` when the context menu could not be driven here (why). */
  menu?: { running: SubmitSample[]; stopped: SubmitSample[]; keyLagMs: number[] };
  menuSkipped?: string;
}

export interface SubmitOptions {
  /** runs of each case (running and stopped) */
  runs: number;
  log(line: string): void;
  /** distinguishes the domains of several measurements in one simulator */
  prefix?: string;
}

const KEYS = { accessKeyId: 'LTAI5tBenchSubmit001', accessKeySecret: 'bench-submit-secret-001' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A CDP session on one target, over the unattached browser's pipe. */
interface Target {
  targetId: string;
  send<M extends CdpMethod>(method: M, params?: CdpParams<M>): Promise<CdpResult<M>>;
  /** Runs an expression in the page (a returned promise is awaited); its JSON value. */
  value<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

async function newTarget(b: UnattachedBrowser, url: string, background = false): Promise<Target> {
  const { targetId } = await b.send('Target.createTarget', { url, background });
  const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
  const send = <M extends CdpMethod>(method: M, params?: CdpParams<M>) => b.send(method, params, sessionId);
  return {
    targetId,
    send,
    async value<T>(expression: string): Promise<T> {
      const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      return r.result.value as T;
    },
    close: async () => {
      await b.send('Target.closeTarget', { targetId }).catch(() => undefined);
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Controls the worker from a quiet extension page (the manifest as text: no script of ours runs
 * there, so it never wakes the worker itself).
 */
async function workerControl(b: UnattachedBrowser) {
  const page = await newTarget(b, b.url('manifest.json'), true);
  await until('control page', () => page.value<boolean>(`location.protocol === 'chrome-extension:' && document.readyState === 'complete'`).catch(() => false), 10_000);
  await page.send('ServiceWorker.enable');
  return {
    /** Stops the worker; resolves once its target is gone, with how long that took. */
    async stop(): Promise<number> {
      const t = Date.now();
      await page.send('ServiceWorker.stopAllWorkers');
      await until('the service worker to stop', async () => !(await b.workerRunning()), 5_000);
      return Date.now() - t;
    },
    /** Wakes a stopped worker with a message (any message starts it) and waits for its target. */
    async wake(): Promise<void> {
      if (await b.workerRunning()) return;
      await page.value(`chrome.runtime.sendMessage({ id: 1, type: 'listJobs', data: undefined, timestamp: Date.now() }).then(() => true, () => true)`);
      await until('the service worker to start', () => b.workerRunning(), 5_000);
    },
    close: () => page.close(),
  };
}

function waitJobDone(s: UnattachedSession, domain: string): Promise<unknown> {
  // The notification's title ends with the domain ("Transfer code for <domain>").
  return s.notifications.waitFor((n) => n.summary.endsWith(` ${domain}`) || n.summary === domain, 20_000);
}

function saveOf(s: UnattachedSession, domain: string): number {
  const saves = s.sim.callsTo(SAVE_ACTION).filter((c) => c.params.DomainName === domain);
  if (saves.length !== 1) throw new Error(`${domain}: ${saves.length} Save calls, expected 1`);
  return saves[0]!.at;
}

/**
 * When the worker that sent the Save started (its performance.timeOrigin), read after the job is
 * done (attaching keeps a worker alive, so never during a run). Proves the case: a stopped run's
 * worker started after the stop, a running run's before the action.
 */
async function checkWorker(b: UnattachedBrowser, domain: string, worker: WorkerState, stoppedAt: number, startAt: number): Promise<number> {
  const w = await b.attachToWorker();
  let origin: number;
  try {
    origin = await w.evaluate<number>('performance.timeOrigin');
  } finally {
    await w.detach();
  }
  const ok = worker === 'stopped' ? origin > stoppedAt : origin < startAt;
  if (!ok) throw new Error(`${domain}: the worker (started ${Math.round(origin - startAt)} ms from the action) was not ${worker} at the action`);
  return origin;
}

// ---------------------------------------------------------------- popup

/** Installed before the popup's own scripts: the Enter keydown's and the submit event's Date.now(). */
const PRESS_PROBE = `(() => {
  const state = { press: null, submit: null };
  Object.defineProperty(window, '__submitBench', { value: state });
  window.addEventListener('keydown', (e) => { if (e.key === 'Enter' && state.press === null) state.press = Date.now(); }, true);
  window.addEventListener('submit', () => { if (state.submit === null) state.submit = Date.now(); }, true);
})();`;

/** React's form in place, its field focused and its button enabled. */
const POPUP_READY = `(() => {
  const root = document.getElementById('root');
  const el = document.activeElement;
  if (!root || !el || el.tagName !== 'INPUT' || !root.contains(el) || el.disabled) return false;
  const label = (el.labels && el.labels[0] && el.labels[0].textContent || '').trim();
  const button = el.form && el.form.querySelector('button[type=submit]');
  return label === 'Domain name' && !!button && !button.disabled;
})()`;

async function openReadyPopup(b: UnattachedBrowser): Promise<Target> {
  const page = await newTarget(b, 'about:blank');
  try {
    await page.send('Page.enable');
    await page.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: PRESS_PROBE });
    await page.send('Page.navigate', { url: b.url('popup.html') });
    await until('popup ready', () => page.value<boolean>(`location.protocol === 'chrome-extension:' && ${POPUP_READY}`).catch(() => false), 10_000, 20);
    // Lazy modules (the name rules) still loading: wait until nothing new loaded for 300 ms.
    let count = -1;
    await until(
      'popup resources settled',
      async () => {
        const n = await page.value<number>(`performance.getEntriesByType('resource').length`);
        const same = n === count;
        count = n;
        return same;
      },
      5_000,
      300,
    );
    return page;
  } catch (e) {
    await page.close();
    throw e;
  }
}

async function popupRun(s: UnattachedSession, control: Awaited<ReturnType<typeof workerControl>>, domain: string, worker: WorkerState): Promise<SubmitSample> {
  const b = s.browser;
  const page = await openReadyPopup(b);
  try {
    let stopWaitMs: number | undefined;
    const stoppedAt = Date.now();
    if (worker === 'stopped') stopWaitMs = await control.stop();
    else await control.wake(); // the popup's start-up messages woke it already; this only checks
    await page.send('Input.insertText', { text: domain });
    await until('typed text in the field', () => page.value<boolean>(`document.activeElement && document.activeElement.value === ${JSON.stringify(domain)}`), 2_000);
    if ((await b.workerRunning()) !== (worker === 'running')) throw new Error(`${domain}: the worker was not ${worker} right before the submit`);
    // Enter as Chromium delivers a key press (keydown with text -> keypress -> implicit submission).
    const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await page.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: '\r', unmodifiedText: '\r' });
    await page.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    await waitJobDone(s, domain);
    const at = await page.value<{ press: number | null; submit: number | null }>(`({ ...window.__submitBench })`);
    if (at.press === null) throw new Error(`${domain}: the page saw no Enter keydown`);
    const saveAt = saveOf(s, domain);
    const workerStartAt = await checkWorker(b, domain, worker, stoppedAt, at.press);
    return {
      domain,
      worker,
      startAt: at.press,
      saveAt,
      latencyMs: saveAt - at.press,
      workerStartAt,
      ...(at.submit !== null ? { submitEventAt: at.submit } : {}),
      ...(stopWaitMs !== undefined ? { stopWaitMs } : {}),
    };
  } finally {
    await page.close();
    await sleep(200); // let the closed tab go
  }
}

/** Popup submits in an existing session (keys saved): `runs` with the worker running and `runs` stopped, alternating. */
export async function measurePopupSubmits(s: UnattachedSession, o: SubmitOptions): Promise<{ running: SubmitSample[]; stopped: SubmitSample[] }> {
  const control = await workerControl(s.browser);
  const prefix = o.prefix ?? 'submit-popup';
  const running: SubmitSample[] = [];
  const stopped: SubmitSample[] = [];
  try {
    // Unmeasured: the first submit of a browser also starts the offscreen document and fills caches.
    await popupRun(s, control, `${prefix}-warmup.com`, 'running');
    for (let i = 0; i < o.runs; i++) {
      // Alternate which case goes first, so neither always follows the other.
      const order: WorkerState[] = i % 2 === 0 ? ['running', 'stopped'] : ['stopped', 'running'];
      for (const w of order) {
        const sample = await popupRun(s, control, `${prefix}-${w}-${i + 1}.com`, w);
        (w === 'running' ? running : stopped).push(sample);
        o.log(`popup ${w} ${i + 1}/${o.runs}: ${sample.latencyMs} ms`);
      }
    }
  } finally {
    await control.close();
  }
  return { running, stopped };
}

// ---------------------------------------------------------------- context menu

/** Xvfb on a free display (-displayfd), and one `xdotool -` reading commands line by line. */
async function startX(): Promise<{ display: string; key(keys: string): number; stop(): Promise<void> }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 10_000);
    xvfb.stdio[3]!.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    xvfb.once('exit', () => reject(new Error('Xvfb exited')));
  });
  const xdotool: ChildProcess = spawn('xdotool', ['-'], { env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'ignore', 'ignore'] });
  const stop = async () => {
    xdotool.stdin?.end();
    xdotool.kill();
    xvfb.kill();
    await new Promise((r) => (xvfb.exitCode !== null ? r(undefined) : xvfb.once('exit', r)));
  };
  return {
    display,
    /** Sends X key strokes (xdotool key syntax); returns Date.now() at the write. */
    key(keys: string) {
      const at = Date.now();
      xdotool.stdin!.write(`key --delay 0 ${keys}\n`);
      return at;
    },
    stop,
  };
}

/** A page with the domain as selected text and a text field (for the key-lag check). */
const menuPage = (domain: string) =>
  'data:text/html,' +
  encodeURIComponent(
    `<!doctype html><body style="margin:0"><p style="font:32px sans-serif;margin:80px"><span id="d">${domain}</span></p><input id="k">` +
      `<script>window.__keys = []; addEventListener('keydown', (e) => __keys.push(Date.now()), true);</script>`,
  );

async function menuRun(
  s: UnattachedSession,
  x: Awaited<ReturnType<typeof startX>>,
  control: Awaited<ReturnType<typeof workerControl>>,
  domain: string,
  worker: WorkerState,
): Promise<SubmitSample> {
  const b = s.browser;
  const page = await newTarget(b, menuPage(domain));
  try {
    await until('menu page', () => page.value<boolean>(`document.readyState === 'complete' && !!document.getElementById('d')`).catch(() => false), 10_000);
    const box = await page.value<{ x: number; y: number }>(
      `(() => { const d = document.getElementById('d'); getSelection().selectAllChildren(d); const r = d.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
    );
    let stopWaitMs: number | undefined;
    const stoppedAt = Date.now();
    if (worker === 'stopped') stopWaitMs = await control.stop();
    else await control.wake();
    // Right-click into the page: Chromium answers with its native menu (opening it wakes nothing).
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
    await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: box.x, y: box.y, button: 'right', clickCount: 1 });
    await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: box.x, y: box.y, button: 'right', clickCount: 1 });
    await sleep(400);
    x.key('Up Up');
    await sleep(200);
    if ((await b.workerRunning()) !== (worker === 'running')) throw new Error(`${domain}: the worker was not ${worker} right before the click`);
    const startAt = x.key('Return');
    try {
      await waitJobDone(s, domain);
    } catch {
      throw new Error(`${domain}: no job after the menu click (did Chromium's menu put another entry above "Inspect"?)`);
    }
    const saveAt = saveOf(s, domain);
    const workerStartAt = await checkWorker(b, domain, worker, stoppedAt, startAt);
    return { domain, worker, startAt, saveAt, latencyMs: saveAt - startAt, workerStartAt, ...(stopWaitMs !== undefined ? { stopWaitMs } : {}) };
  } finally {
    await page.close();
    await sleep(200);
  }
}

/** Write -> keydown in a focused field of a page, for the same xdotool path the menu key takes. */
async function keyLag(b: UnattachedBrowser, x: Awaited<ReturnType<typeof startX>>, times: number): Promise<number[]> {
  const page = await newTarget(b, menuPage('key-lag.com'));
  try {
    await until('key-lag page', () => page.value<boolean>(`document.readyState === 'complete' && !!document.getElementById('k')`).catch(() => false), 10_000);
    // The field gets the page's focus; X sends keys to Chromium's window (under the pointer: no window manager).
    const field = await page.value<{ x: number; y: number }>(`(() => { const r = document.getElementById('k').getBoundingClientRect(); return { x: r.left + 5, y: r.top + 5 }; })()`);
    await page.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: field.x, y: field.y, button: 'left', clickCount: 1 });
    await page.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: field.x, y: field.y, button: 'left', clickCount: 1 });
    const lags: number[] = [];
    // One more than asked, the first dropped: xdotool's first key also loads the keyboard map.
    for (let i = 0; i <= times; i++) {
      const before = await page.value<number>('__keys.length');
      const at = x.key('a');
      await until('a key in the page', async () => (await page.value<number>('__keys.length')) > before, 2_000, 2).catch(() => undefined);
      const keys = await page.value<number[]>('__keys');
      if (keys.length > before && i > 0) lags.push(keys[before]! - at);
      await sleep(100);
    }
    return lags;
  } finally {
    await page.close();
  }
}

/** Why the context menu cannot be driven here, or undefined when it can. */
export function menuPrerequisites(): string | undefined {
  const missing = ['Xvfb', 'xdotool'].filter((t) => !findExecutable(t));
  return missing.length ? `${missing.join(' and ')} not installed (apt-get install xvfb xdotool)` : undefined;
}

/**
 * Context-menu clicks in a headed Chromium under its own Xvfb (the headless one shows no menu):
 * `runs` with the worker running and `runs` stopped, alternating.
 */
export async function measureMenuClicks(extensionDir: string, o: SubmitOptions): Promise<NonNullable<SubmitLatencyResult['menu']>> {
  const x = await startX();
  // The harness launches Chromium with this process's environment: DISPLAY only for that launch.
  const display = process.env.DISPLAY;
  process.env.DISPLAY = x.display;
  let s: UnattachedSession | undefined;
  try {
    s = await startUnattachedSession({ extensionDir, headless: false, simulator: { accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret }, taskDurationMs: 0 } });
  } finally {
    if (display === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = display;
  }
  const prefix = o.prefix ?? 'submit-menu';
  const running: SubmitSample[] = [];
  const stopped: SubmitSample[] = [];
  try {
    await s.setKeys(KEYS);
    const control = await workerControl(s.browser);
    try {
      const keyLagMs = await keyLag(s.browser, x, 5);
      await menuRun(s, x, control, `${prefix}-warmup.com`, 'running');
      for (let i = 0; i < o.runs; i++) {
        const order: WorkerState[] = i % 2 === 0 ? ['running', 'stopped'] : ['stopped', 'running'];
        for (const w of order) {
          const sample = await menuRun(s, x, control, `${prefix}-${w}-${i + 1}.com`, w);
          (w === 'running' ? running : stopped).push(sample);
          o.log(`menu ${w} ${i + 1}/${o.runs}: ${sample.latencyMs} ms`);
        }
      }
      return { running, stopped, keyLagMs };
    } finally {
      await control.close();
    }
  } finally {
    await s.stop();
    await x.stop();
  }
}

/** Both measurements, each in its own browser and simulator (tasks finish at once: durationMs 0). */
export async function runSubmitLatency(o: SubmitOptions & { extensionDir: string; menu: boolean }): Promise<SubmitLatencyResult> {
  const s = await startUnattachedSession({
    extensionDir: o.extensionDir,
    simulator: { accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret }, taskDurationMs: 0 },
  });
  let popup: SubmitLatencyResult['popup'];
  try {
    await s.setKeys(KEYS);
    o.log(`popup submit -> Save: ${o.runs} runs worker running, ${o.runs} stopped...`);
    popup = await measurePopupSubmits(s, o);
  } finally {
    await s.stop();
  }
  if (!o.menu) return { popup, menuSkipped: 'not asked for' };
  const missing = menuPrerequisites();
  if (missing) return { popup, menuSkipped: missing };
  o.log(`context-menu click -> Save (headed Chromium under Xvfb): ${o.runs} + ${o.runs} runs...`);
  return { popup, menu: await measureMenuClicks(o.extensionDir, o) };
}

// ---------------------------------------------------------------- reporting

const figure = (xs: number[]) => `p50 ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms`;
const list = (samples: SubmitSample[]) => samples.map((x) => x.latencyMs).join(', ');

/** Table rows (measure, figure): no budget yet. */
/** Issue 13's budgets for the p50, with the worker running and from a stopped worker. */
export const SUBMIT_BUDGET_MS = { running: 30, stopped: 120 } as const;

export function submitRows(r: SubmitLatencyResult): Array<{ what: string; figure: string; budgetMs?: number; ok?: boolean }> {
  const row = (what: string, xs: number[], budgetMs: number, extra = '') => ({ what, figure: figure(xs) + extra, budgetMs, ok: percentile(xs, 50) <= budgetMs });
  const rows: Array<{ what: string; figure: string; budgetMs?: number; ok?: boolean }> = [
    row(`Popup submit -> Save on the wire, worker running (${r.popup.running.length} runs)`, r.popup.running.map((x) => x.latencyMs), SUBMIT_BUDGET_MS.running),
    row(`Popup submit -> Save on the wire, from a stopped worker (${r.popup.stopped.length} runs)`, r.popup.stopped.map((x) => x.latencyMs), SUBMIT_BUDGET_MS.stopped),
  ];
  if (r.menu) {
    const lag = r.menu.keyLagMs.length ? `; key path ${percentile(r.menu.keyLagMs, 50)} ms included` : '';
    rows.push(
      row(`Context-menu click -> Save on the wire, worker running (${r.menu.running.length} runs, headed under Xvfb)`, r.menu.running.map((x) => x.latencyMs), SUBMIT_BUDGET_MS.running, lag),
      row(`Context-menu click -> Save on the wire, from a stopped worker (${r.menu.stopped.length} runs, headed under Xvfb)`, r.menu.stopped.map((x) => x.latencyMs), SUBMIT_BUDGET_MS.stopped, lag),
    );
  } else {
    rows.push({ what: 'Context-menu click -> Save on the wire', figure: `not measured: ${r.menuSkipped ?? 'unknown'}` });
  }
  return rows;
}

/** Per-run lines and checks, for the details section. */
export function submitDetails(r: SubmitLatencyResult): string[] {
  const stopWait = (xs: SubmitSample[]) => xs.map((x) => x.stopWaitMs ?? 0);
  // For a stopped worker: the action -> the new worker's timeOrigin (the rest of the figure runs in it).
  const boot = (xs: SubmitSample[]) => xs.map((x) => Math.round(x.workerStartAt - x.startAt)).join(', ');
  const submitGap = r.popup.running.concat(r.popup.stopped).map((x) => (x.submitEventAt ?? x.startAt) - x.startAt);
  const lines = [
    `- Popup, worker running: ${list(r.popup.running)} ms.`,
    `- Popup, from a stopped worker: ${list(r.popup.stopped)} ms (stopAllWorkers -> worker target gone: p50 ${percentile(stopWait(r.popup.stopped), 50)} ms; Enter -> new worker's timeOrigin: ${boot(r.popup.stopped)} ms).`,
    `- Popup: Enter keydown -> form submit event at most ${Math.max(...submitGap)} ms; the start is the keydown.`,
    '- Every run: one Save for its own domain; after the job finished, the worker that sent it was read (performance.timeOrigin, through a session attached then and detached at once): in every stopped run it started after the stop, in every running run before the action.',
  ];
  if (r.menu) {
    lines.push(
      `- Context menu, worker running: ${list(r.menu.running)} ms.`,
      `- Context menu, from a stopped worker: ${list(r.menu.stopped)} ms (stopAllWorkers -> worker target gone: p50 ${percentile(stopWait(r.menu.stopped), 50)} ms; click -> new worker's timeOrigin: ${boot(r.menu.stopped)} ms).`,
      `- Context menu: Chromium's own menu in a headed browser under Xvfb (headless shows none), entry chosen with real X keys (xdotool: Up Up Return); the start is the write of Return to xdotool. That key path (write -> keydown in a page) took ${r.menu.keyLagMs.join(', ')} ms and is included in the figures.`,
    );
  }
  return lines;
}
