// Chromium with the built extension loaded, talking to the simulator under the real API host names.
//
// Nothing in the build is changed for tests: `--host-resolver-rules` sends domain.aliyuncs.com and
// domain-intl.aliyuncs.com to the simulator's HTTPS port, and the simulator's self-signed
// certificate is accepted by its SPKI hash, in this test browser only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { InPage } from './extension.ts';
import { chromiumPath, installCommand } from './prerequisites.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The build `wxt build` writes; E2E_EXTENSION_DIR points elsewhere. */
export const DEFAULT_EXTENSION_DIR = process.env.E2E_EXTENSION_DIR ?? path.join(REPO_ROOT, '.output/chrome-mv3');
export const API_HOSTS = ['domain.aliyuncs.com', 'domain-intl.aliyuncs.com'];

export interface SimulatorEndpoint {
  httpsPort: number;
  spkiSha256: string;
}

export interface LaunchOptions {
  userDataDir: string;
  /** Where the API host names lead; without it the browser would try the real Alibaba Cloud. */
  simulator?: SimulatorEndpoint;
  /** DBUS_SESSION_BUS_ADDRESS for the browser: where its desktop notifications go. */
  dbusAddress?: string;
  headless?: boolean;
  extensionDir?: string;
  /**
   * 'spki' (default) accepts only the simulator's certificate; 'all' passes
   * --ignore-certificate-errors (a fallback should a Chromium build ignore the SPKI list).
   */
  certificates?: 'spki' | 'all';
  extraArgs?: string[];
  /** Page size of new pages (headful: null = the window's size). */
  viewport?: { width: number; height: number } | null;
  /**
   * false: Ctrl-C is the caller's (the demo closes the browser and cleans up, then exits 0).
   * Playwright's own SIGINT handler (the default) closes the browser and exits the process with 130
   * at once, whatever else listens.
   */
  handleSIGINT?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The last lines of the browser's stderr and the service worker's console, for failure reports. */
  logs: string[];
  extensionId: string;
  /** chrome-extension://ID/ + path */
  url(pathname: string): string;
  /** The running service worker; wakes a stopped one (by a message from an extension page) first. */
  worker(): Promise<Worker>;
  /** Whether a service worker of the extension is running right now. */
  workerRunning(): boolean;
  /** Opens popup.html in a new tab (the toolbar popup cannot be opened by automation). */
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  openPage(pathname: string): Promise<Page>;
  /**
   * A quiet extension page (the manifest, shown as text) with the chrome.* APIs: reads storage and
   * sends messages without waking the worker or running any UI code.
   */
  probe(): Promise<Page>;
  /** Stops every service worker through CDP (ServiceWorker.stopAllWorkers), as Chrome does when idle. */
  stopServiceWorker(): Promise<void>;
  /**
   * The browser's clipboard text. Read from a page of a local http origin that was granted
   * clipboard access: Chromium does not grant clipboard-read to chrome-extension:// origins through
   * CDP (the extension's manifest decides, and this one asks only for clipboardWrite).
   */
  readClipboard(): Promise<string>;
  writeClipboard(text: string): Promise<void>;
  close(): Promise<void>;
}

export function launchArgs(extensionDir: string, options: Pick<LaunchOptions, 'simulator' | 'certificates' | 'extraArgs'>): string[] {
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  const sim = options.simulator;
  if (sim) {
    // Measured: the form without ":443" maps every port of the host; both work with Chromium 156.
    args.push(`--host-resolver-rules=${API_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${sim.httpsPort}`).join(', ')}`);
    args.push(
      options.certificates === 'all'
        ? '--ignore-certificate-errors'
        : `--ignore-certificate-errors-spki-list=${sim.spkiSha256}`,
    );
  }
  return [...args, ...(options.extraArgs ?? [])];
}

export async function launchExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = path.resolve(options.extensionDir ?? DEFAULT_EXTENSION_DIR);
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npx wxt build\` first.`);
  }
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error(
      process.env.CHROMIUM_PATH
        ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`
        : `Chromium not found. Install it with:\n  ${installCommand()}`,
    );
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.NO_AT_BRIDGE = '1';
  if (options.dbusAddress) env.DBUS_SESSION_BUS_ADDRESS = options.dbusAddress;

  const logs: string[] = [];
  const keep = (line: string) => {
    logs.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, 500)}`);
    if (logs.length > 400) logs.splice(0, logs.length - 400);
  };
  const context = await chromium.launchPersistentContext(options.userDataDir, {
    executablePath,
    logger: { isEnabled: (name) => name === 'browser', log: (_name, _severity, message) => keep(String(message)) },
    headless: options.headless ?? true,
    env,
    args: launchArgs(extensionDir, options),
    ...(options.viewport !== undefined ? { viewport: options.viewport } : {}),
    ...(options.handleSIGINT !== undefined ? { handleSIGINT: options.handleSIGINT } : {}),
  });

  try {
    return await wrap(context, logs, keep);
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

async function wrap(context: BrowserContext, logs: string[], keep: (line: string) => void): Promise<ExtensionBrowser> {
  const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://') && w.url().endsWith('/background.js');
  // Playwright keeps one Worker object per service worker across stops and restarts (its DevTools
  // session stays attached), so whether the worker runs is read from the ServiceWorker domain.
  let handle: Worker | undefined;
  const track = (w: Worker) => {
    if (!isOurs(w)) return;
    handle = w;
    w.on('console', (m) => keep(`[worker ${m.type()}] ${m.text()}`));
  };
  context.on('serviceworker', track);
  for (const w of context.serviceWorkers()) track(w);
  if (!handle) track(await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
  const extensionId = new URL(handle!.url()).host;
  const url = (pathname: string) => `chrome-extension://${extensionId}/${pathname.replace(/^\//, '')}`;

  let probePage: Page | undefined;
  const probe = async () => {
    if (probePage && !probePage.isClosed()) return probePage;
    probePage = await context.newPage();
    await probePage.goto(url('manifest.json'));
    return probePage;
  };

  // ServiceWorker.workerVersionUpdated reports every version's runningStatus
  // ('stopped' | 'starting' | 'running' | 'stopping'); keep the latest for our script.
  let status = 'running';
  const statusWaiters = new Set<() => void>();
  const monitorPage = await probe();
  const monitor = await context.newCDPSession(monitorPage);
  monitor.on('ServiceWorker.workerVersionUpdated', (event: { versions: { scriptURL: string; runningStatus: string; versionId: string }[] }) => {
    const ours = event.versions.filter((v) => v.scriptURL === url('background.js'));
    if (ours.length === 0) return;
    const latest = ours.reduce((a, b) => (Number(b.versionId) > Number(a.versionId) ? b : a));
    status = latest.runningStatus;
    for (const w of [...statusWaiters]) w();
  });
  await monitor.send('ServiceWorker.enable');
  const waitForStatus = (wanted: string, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (status === wanted) return resolve();
      const check = () => {
        if (status !== wanted) return;
        statusWaiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        statusWaiters.delete(check);
        reject(new Error(`the service worker did not ${what} within ${timeoutMs} ms (status: ${status})`));
      }, timeoutMs);
      statusWaiters.add(check);
    });

  let clipboardServer: http.Server | undefined;
  let clipboardTab: Page | undefined;
  const clipboardPage = async (): Promise<Page> => {
    if (clipboardTab && !clipboardTab.isClosed()) return clipboardTab;
    if (!clipboardServer) {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>clipboard</title>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      clipboardServer = server;
    }
    // 127.0.0.1 is a secure context, and an ordinary origin that grantPermissions accepts.
    const origin = `http://127.0.0.1:${(clipboardServer.address() as AddressInfo).port}`;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    clipboardTab = await context.newPage();
    await clipboardTab.goto(origin + '/');
    return clipboardTab;
  };

  const openPage = async (pathname: string) => {
    const page = await context.newPage();
    await page.goto(url(pathname));
    return page;
  };

  return {
    context,
    logs,
    extensionId,
    url,
    workerRunning: () => status === 'running',
    async worker() {
      if (status !== 'running') {
        // Any message wakes a stopped worker; this one is answered without side effects.
        const page = await probe();
        await page
          .evaluate(() => (globalThis as unknown as InPage).chrome.runtime.sendMessage({ id: 0, type: 'listJobs', timestamp: Date.now() }))
          .catch(() => undefined);
        await waitForStatus('running', 15_000, 'start');
      }
      return handle!;
    },
    openPopup: () => openPage('popup.html'),
    openOptions: () => openPage('options.html'),
    openPage,
    probe,
    async stopServiceWorker() {
      await monitor.send('ServiceWorker.stopAllWorkers');
      await waitForStatus('stopped', 10_000, 'stop');
    },
    async readClipboard() {
      const page = await clipboardPage();
      await page.bringToFront();
      return page.evaluate(() => navigator.clipboard.readText());
    },
    async writeClipboard(text: string) {
      const page = await clipboardPage();
      await page.bringToFront();
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    },
    async close() {
      context.off('serviceworker', track);
      await monitor.detach().catch(() => undefined);
      // For a persistent context this resolves once the browser process has exited.
      await context.close().catch(() => undefined);
      if (clipboardServer) {
        const server = clipboardServer;
        clipboardServer = undefined;
        await new Promise((r) => {
          server.close(r);
          server.closeAllConnections();
        });
      }
    },
  };
}
