// Chromium with the extension, driven WITHOUT attaching a debugger to its service worker.
//
// Why: Playwright attaches a DevTools session to every service worker (context.serviceWorkers()),
// and Chromium never stops an idle worker that has DevTools attached. Measured here: under
// Playwright the extension's idle worker was still running after 45 s; launched with only a
// debugging pipe and no session on the worker, the same worker was gone after about 30 s. So any
// timing that depends on the worker being stopped when idle (a task longer than the idle limit,
// the backstop alarm) must be measured in this mode.
//
// This speaks the Chrome DevTools Protocol itself over --remote-debugging-pipe (fd 3 in, fd 4 out,
// NUL-terminated JSON) and attaches to page targets only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Writable, Readable } from 'node:stream';
import type { Protocol } from 'devtools-protocol';
import type { ProtocolMapping } from 'devtools-protocol/types/protocol-mapping';
import { DEFAULT_EXTENSION_DIR, launchArgs, type SimulatorEndpoint } from './browser.ts';
import { chromiumPath } from './prerequisites.ts';

/** A CDP command name, e.g. 'Runtime.evaluate' (typed by the devtools-protocol package). */
export type CdpMethod = keyof ProtocolMapping.Commands;
/** The parameters of a command; `{}` for a command that takes none. */
export type CdpParams<M extends CdpMethod> = ProtocolMapping.Commands[M]['paramsType'] extends []
  ? Record<string, never>
  : ProtocolMapping.Commands[M]['paramsType'] extends [(infer P)?]
    ? P
    : never;
/** What a command resolves with. */
export type CdpResult<M extends CdpMethod> = ProtocolMapping.Commands[M]['returnType'];

/** A message from the browser: a command's response (`id`) or an event (`method`). */
interface CdpMessage {
  id?: number;
  result?: unknown;
  error?: { code?: number; message: string };
  method?: string;
  params?: unknown;
  sessionId?: string;
}

export interface CdpPage {
  sessionId: string;
  targetId: string;
  /** Runs an expression (awaiting a returned promise) in the page; returns its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  send<M extends CdpMethod>(method: M, params?: CdpParams<M>): Promise<CdpResult<M>>;
  close(): Promise<void>;
}

export interface CdpWorker {
  sessionId: string;
  evaluate<T = unknown>(expression: string): Promise<T>;
  send<M extends CdpMethod>(method: M, params?: CdpParams<M>): Promise<CdpResult<M>>;
  detach(): Promise<void>;
}

export interface UnattachedBrowser {
  process: ChildProcess;
  extensionId: string;
  url(pathname: string): string;
  /** Browser-level CDP command. */
  send<M extends CdpMethod>(method: M, params?: CdpParams<M>, sessionId?: string): Promise<CdpResult<M>>;
  /** Opens an extension page in a new tab and attaches to that page only. */
  openPage(pathname: string): Promise<CdpPage>;
  /**
   * Attaches to the running service worker (e.g. Runtime.getHeapUsage, or evaluate in it). While
   * attached the worker is kept alive, as under Playwright: detach() when done.
   */
  attachToWorker(): Promise<CdpWorker>;
  /** Whether the extension's service worker is running (Target.getTargets; nothing is attached). */
  workerRunning(): Promise<boolean>;
  /** Records, every `intervalMs`, whether the worker runs; returns a stop function giving the transitions. */
  watchWorker(intervalMs?: number): () => { at: number; running: boolean }[];
  close(): Promise<void>;
}

export interface UnattachedOptions {
  userDataDir: string;
  simulator?: SimulatorEndpoint;
  dbusAddress?: string;
  headless?: boolean;
  extensionDir?: string;
}

export async function launchUnattached(options: UnattachedOptions): Promise<UnattachedBrowser> {
  const extensionDir = path.resolve(options.extensionDir ?? DEFAULT_EXTENSION_DIR);
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error(`No built extension in ${extensionDir}`);
  const executable = chromiumPath();
  if (!executable) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_AT_BRIDGE: '1' };
  if (options.dbusAddress) env.DBUS_SESSION_BUS_ADDRESS = options.dbusAddress;
  const args = [
    ...(options.headless === false ? [] : ['--headless']),
    '--remote-debugging-pipe',
    `--user-data-dir=${options.userDataDir}`,
    ...launchArgs(extensionDir, { simulator: options.simulator }),
    'about:blank',
  ];
  const child = spawn(executable, args, { env, stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;

  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  const listeners = new Set<(msg: CdpMessage) => void>();
  let buffer = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const msg = JSON.parse(text) as CdpMessage;
      if (typeof msg.id === 'number' && pending.has(msg.id)) {
        const p = pending.get(msg.id)!;
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else {
        for (const l of listeners) l(msg);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const p of pending.values()) p.reject(new Error(`browser exited during ${p.method}`));
    pending.clear();
  });
  toBrowser.on('error', () => undefined);

  const send = <M extends CdpMethod>(method: M, params: CdpParams<M> | Record<string, never> = {}, sessionId?: string): Promise<CdpResult<M>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      // The browser answers a command with that command's result type.
      pending.set(id, { resolve: (v) => resolve(v as CdpResult<M>), reject, method });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });

  const targets = async (): Promise<Protocol.Target.TargetInfo[]> => (await send('Target.getTargets')).targetInfos;
  const isWorker = (t: Protocol.Target.TargetInfo) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://');

  // The extension id: from the worker's URL once the extension has loaded.
  let extensionId = '';
  try {
    const deadline = Date.now() + 15_000;
    while (!extensionId) {
      const w = (await targets()).find(isWorker);
      if (w) extensionId = new URL(w.url).host;
      else if (Date.now() > deadline) throw new Error('the extension service worker did not start');
      else await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  const url = (pathname: string) => `chrome-extension://${extensionId}/${pathname.replace(/^\//, '')}`;

  async function openPage(pathname: string): Promise<CdpPage> {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const page: CdpPage = {
      sessionId,
      targetId,
      send: (method, params) => send(method, params, sessionId),
      async evaluate<T>(expression: string): Promise<T> {
        const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
        if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      async close() {
        await send('Target.closeTarget', { targetId }).catch(() => undefined);
      },
    };
    await page.send('Page.enable');
    const loaded = new Promise<void>((resolve) => {
      const l = (msg: CdpMessage) => {
        if (msg.sessionId === sessionId && msg.method === 'Page.loadEventFired') {
          listeners.delete(l);
          resolve();
        }
      };
      listeners.add(l);
    });
    await page.send('Page.navigate', { url: url(pathname) });
    await Promise.race([loaded, new Promise((r) => setTimeout(r, 10_000))]);
    return page;
  }

  const workerRunning = async () => (await targets()).some(isWorker);

  async function attachToWorker(): Promise<CdpWorker> {
    const target = (await targets()).find(isWorker);
    if (!target) throw new Error('the service worker is not running: wake it first (e.g. a message from a page)');
    const { sessionId } = await send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    const run = <M extends CdpMethod>(method: M, params?: CdpParams<M>) => send(method, params, sessionId);
    // A worker attached while it runs does not wait for the debugger; this is harmless if it does.
    await run('Runtime.runIfWaitingForDebugger').catch(() => undefined);
    return {
      sessionId,
      send: run,
      async evaluate<T>(expression: string): Promise<T> {
        const r = await run('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) throw new Error(`evaluate failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      async detach() {
        await send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      },
    };
  }

  return {
    process: child,
    extensionId,
    url,
    send,
    openPage,
    attachToWorker,
    workerRunning,
    watchWorker(intervalMs = 500) {
      const changes: { at: number; running: boolean }[] = [];
      let last: boolean | undefined;
      let stopped = false;
      const tick = async () => {
        while (!stopped) {
          const running = await workerRunning().catch(() => last ?? false);
          if (running !== last) changes.push({ at: Date.now(), running });
          last = running;
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      };
      void tick();
      return () => {
        stopped = true;
        return changes;
      };
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([send('Browser.close').catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
