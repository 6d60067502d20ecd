// Firefox ESR with the built Firefox extension, driven by puppeteer-core over WebDriver BiDi,
// talking to the simulator under the real API host names. Facts this relies on were measured on
// these machines (/work/shared/BROWSER-TESTING.md, "Firefox ESR end to end"):
//
// - The build is installed permanently and unsigned: the xpi in <profile>/extensions/<gecko id>.xpi
//   with xpinstall.signatures.required false. Unlike a temporary add-on it survives a restart,
//   which the restart and vault cases need; every case uses the same install.
// - The page origin is pinned with extensions.webextensions.uuids, so pages are
//   moz-extension://<EXTENSION_UUID>/popup.html across launches.
// - page.goto() never returns for moz-extension:// pages: navigation is the raw BiDi command
//   browsingContext.navigate with wait 'complete' (allowed by -remote-allow-system-access).
// - Firefox has no host-resolver flag: HTTPS goes through a small CONNECT proxy (network.proxy.*
//   prefs) that tunnels only the two API host names to the simulator and refuses everything else.
//   The simulator's self-signed certificate is accepted with acceptInsecureCerts (this browser only).
// - Desktop notifications go to DBUS_SESSION_BUS_ADDRESS (the private bus of notifications.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { startSimulator } from '../../simulator/server.ts';
import type { Simulator, SimulatorOptions } from '../../simulator/types.ts';
import { API_HOSTS, REPO_ROOT, type SimulatorEndpoint } from './browser.ts';
import { type Keys, LABELS, readProfiles, waitUntil } from './extension.ts';
import { startNotificationServer, type NotificationServer } from './notifications.ts';
import { firefoxPath, installCommand } from './prerequisites.ts';
import { removeDir } from './session.ts';

/** The build `wxt build -b firefox` (and so `wxt zip -b firefox`, and `npm run lint:firefox`) writes. */
export const DEFAULT_FIREFOX_EXTENSION_DIR = process.env.E2E_FIREFOX_EXTENSION_DIR ?? path.join(REPO_ROOT, '.output/firefox-mv2');
/** Any fixed UUID: the moz-extension:// host of the extension's pages in the test profile. */
export const EXTENSION_UUID = '6d1c3f0e-5b7a-4c2e-9f1d-2a8b4e6c0d3f';

/** The gecko id of a build (browser_specific_settings.gecko.id): the xpi's file name. */
export function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id: not a Firefox build`);
  return id;
}

/** Zips a build into an xpi (the files at the archive's root, as `wxt zip` does). */
export function packXpi(extensionDir: string, xpiFile: string): void {
  rmSync(xpiFile, { force: true });
  mkdirSync(path.dirname(xpiFile), { recursive: true });
  execFileSync('zip', ['-q', '-r', '-X', xpiFile, '.'], { cwd: extensionDir });
}

export interface ConnectProxy {
  port: number;
  /** host:port of every CONNECT the proxy refused (anything but the API hosts), for failure reports. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * An HTTP CONNECT proxy on 127.0.0.1 that tunnels the API host names (any port) to the
 * simulator's HTTPS port, and answers 403 to any other host: the test browser reaches nothing else.
 */
export async function startConnectProxy(simulator: SimulatorEndpoint): Promise<ConnectProxy> {
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    // Plain HTTP is never proxied here (only network.proxy.ssl points at this proxy).
    res.writeHead(403).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const target = req.url ?? '';
    const host = target.replace(/:\d+$/, '').toLowerCase();
    if (!API_HOSTS.includes(host)) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(simulator.httpsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    refused,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface FirefoxLaunchOptions {
  /** The Firefox profile; the build is installed into it on the first launch. */
  profileDir: string;
  /** Where the API host names lead (through the CONNECT proxy); without it Firefox reaches nothing. */
  proxyPort?: number;
  dbusAddress?: string;
  extensionDir?: string;
  headless?: boolean;
}

export interface FirefoxExtension {
  browser: Browser;
  /** Browser console lines and page errors, for failure reports. */
  logs: string[];
  /** moz-extension://EXTENSION_UUID/ + path */
  url(pathname: string): string;
  /** A new tab on an extension page, navigated through BiDi (page.goto never returns for these). */
  openPage(pathname: string): Promise<Page>;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Navigates an open tab to an extension page. */
  navigate(page: Page, pathname: string): Promise<void>;
  /** A quiet extension page for storage reads and messages (kept open, reused). */
  probe(): Promise<Page>;
  pages(): Promise<Page[]>;
  close(): Promise<void>;
}

/** Sends the raw BiDi browsingContext.navigate, which returns once the page has loaded. */
async function bidiNavigate(browser: Browser, page: Page, url: string): Promise<void> {
  const connection = (browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await connection.send('browsingContext.navigate', { context, url, wait: 'complete' });
}

export async function launchFirefox(options: FirefoxLaunchOptions): Promise<FirefoxExtension> {
  const extensionDir = path.resolve(options.extensionDir ?? DEFAULT_FIREFOX_EXTENSION_DIR);
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${extensionDir}: run \`npx wxt build -b firefox\` first.`);
  }
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error(`Firefox ESR not found. Install it with:\n  ${installCommand()}`);
  const id = geckoId(extensionDir);
  const xpi = path.join(options.profileDir, 'extensions', `${id}.xpi`);
  if (!existsSync(xpi)) packXpi(extensionDir, xpi);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.NO_AT_BRIDGE = '1';
  if (options.dbusAddress) env.DBUS_SESSION_BUS_ADDRESS = options.dbusAddress;

  const prefs: Record<string, unknown> = {
    'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
    // The permanent unsigned install (Debian's ESR honours this pref).
    'xpinstall.signatures.required': false,
    'extensions.autoDisableScopes': 0,
    'extensions.enabledScopes': 5,
    // No network of its own: no updates, no telemetry, no captive portal or connectivity checks.
    'app.update.enabled': false,
    'extensions.update.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
  };
  if (options.proxyPort) {
    Object.assign(prefs, {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': options.proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    });
  }

  const logs: string[] = [];
  const keep = (line: string) => {
    logs.push(`${new Date().toISOString().slice(11, 23)} ${line.slice(0, 500)}`);
    if (logs.length > 400) logs.splice(0, logs.length - 400);
  };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    userDataDir: options.profileDir,
    args: ['-remote-allow-system-access'],
    env,
    extraPrefsFirefox: prefs,
    protocolTimeout: 30_000,
  });
  browser.process()?.stderr?.on('data', (d: Buffer) => {
    for (const line of String(d).split('\n')) if (line.trim()) keep(line);
  });

  const url = (pathname: string) => `moz-extension://${EXTENSION_UUID}/${pathname.replace(/^\//, '')}`;
  const watch = (page: Page) => {
    page.on('console', (m) => keep(`[page ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => keep(`[page error] ${String(e)}`));
  };
  const navigate = async (page: Page, pathname: string) => {
    await bidiNavigate(browser, page, url(pathname));
  };
  const openPage = async (pathname: string) => {
    const page = await browser.newPage();
    watch(page);
    await navigate(page, pathname);
    return page;
  };
  let probePage: Page | undefined;
  const ext: FirefoxExtension = {
    browser,
    logs,
    url,
    openPage,
    openPopup: () => openPage('popup.html'),
    openOptions: () => openPage('options.html'),
    navigate,
    async probe() {
      if (probePage && !probePage.isClosed()) return probePage;
      // The offscreen page of the build answers only the offscreen clipboard messages (which the
      // Firefox background never sends: it copies itself): a page with the extension's APIs that
      // runs no UI and no job code.
      probePage = await openPage('offscreen.html');
      return probePage;
    },
    pages: () => browser.pages(),
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
  try {
    // The add-on is installed at start-up: wait for its pages to load with the extension's APIs.
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const probe = await ext.probe();
        const ready = await probe.evaluate(() => typeof (globalThis as unknown as { browser?: { runtime?: { id?: string } } }).browser?.runtime?.id === 'string');
        if (ready) break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      if (Date.now() > deadline) throw new Error(`the extension's pages did not load within 15 s (is ${xpi} installed?)`);
      await probePage?.close().catch(() => undefined);
      probePage = undefined;
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
  return ext;
}

// ---- Driving the Firefox pages (puppeteer's ARIA selectors: the same accessible names as LABELS)

/** Puppeteer's ARIA query for a control of `role` named exactly `name`. */
export function aria(role: string, name: string): string {
  return `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`;
}

/**
 * Fills the field labelled `label` (a <label> or aria-label, as the accessible name; by the DOM:
 * puppeteer's ARIA role of a password field differs between browsers), typing as a user does so
 * React sees every input event; what the field held before is replaced.
 */
export async function fillField(page: Page, label: string, value: string): Promise<void> {
  const handle = await page.waitForFunction(
    (wanted: string) => {
      const byLabel = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === wanted)?.control;
      const field = byLabel ?? document.querySelector(`input[aria-label="${CSS.escape(wanted)}"], textarea[aria-label="${CSS.escape(wanted)}"]`);
      return field instanceof HTMLElement && field.offsetParent !== null && !(field as HTMLInputElement).disabled ? field : false;
    },
    { timeout: 10_000, polling: 100 },
    label,
  );
  const field = handle.asElement() as ElementHandle<HTMLInputElement>;
  await field.evaluate((el) => {
    el.focus();
    el.select();
  });
  if (value === '') await field.press('Backspace');
  else await field.type(value);
  await handle.dispose();
}

export async function clickButton(page: Page, name: string): Promise<void> {
  await page.locator(aria('button', name)).setTimeout(10_000).click();
}

/** Whether a visible element of the page shows exactly `text` (within the list item of `within`, if given). */
export async function waitForText(page: Page, text: string, options: { within?: string; timeoutMs?: number } = {}): Promise<void> {
  await page.waitForFunction(
    (wanted: string, within: string | null) => {
      const roots = within ? Array.from(document.querySelectorAll('li')).filter((li) => li.textContent?.includes(within)) : [document.body];
      return roots.some((root) =>
        Array.from(root.querySelectorAll('*')).some((el) => el.textContent === wanted && (el as HTMLElement).offsetParent !== null),
      );
    },
    { timeout: options.timeoutMs ?? 10_000, polling: 100 },
    text,
    options.within ?? null,
  );
}

/**
 * The options page as a first-time user meets it (the Firefox twin of saveKeysInOptions): the two
 * fields, Save, "Save without passphrase" when the page offers a passphrase first, then "Saved"
 * and the profile in storage.
 */
export async function saveKeysInFirefoxOptions(ext: FirefoxExtension, keys: Keys, page?: Page): Promise<Page> {
  const options = page ?? (await ext.openOptions());
  await fillField(options, LABELS.accessKeyId, keys.accessKeyId);
  await fillField(options, LABELS.accessKeySecret, keys.accessKeySecret);
  await clickButton(options, LABELS.save);
  const next = await waitUntil(
    () =>
      options.evaluate((saved: string, skip: string) => {
        if (Array.from(document.querySelectorAll('button')).some((b) => b.textContent?.trim() === skip)) return 'skip';
        if (Array.from(document.querySelectorAll('body *')).some((el) => el.textContent?.trim() === saved && el.children.length === 0)) return 'saved';
        return false;
      }, LABELS.saved, LABELS.saveWithoutPassphrase),
    10_000,
    '"Saved" or the passphrase offer',
  );
  if (next === 'skip') await clickButton(options, LABELS.saveWithoutPassphrase);
  await waitForText(options, LABELS.saved);
  await waitUntil(
    async () => (await readProfiles(options)).profiles.some((p) => p.accessKeyId === keys.accessKeyId),
    5_000,
    'the saved profile in storage',
  );
  return options;
}

/** Types the domain into "Domain name" and presses "Get transfer code" (the Firefox twin of submitDomain). */
export async function submitDomainInFirefox(popup: Page, domain: string): Promise<void> {
  await fillField(popup, LABELS.domain, domain);
  await clickButton(popup, LABELS.getCode);
}

// ---- A whole Firefox session: simulator, CONNECT proxy, notification bus, Firefox

export interface FirefoxSessionOptions {
  simulator?: SimulatorOptions;
  headless?: boolean;
  extensionDir?: string;
}

export interface FirefoxSession {
  sim: Simulator;
  proxy: ConnectProxy;
  notifications: NotificationServer;
  ext: FirefoxExtension;
  profileDir: string;
  /** Closes Firefox and starts it again on the same profile (simulator, proxy and bus stay). */
  relaunch(): Promise<FirefoxExtension>;
  closeBrowser(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFirefoxSession(options: FirefoxSessionOptions = {}): Promise<FirefoxSession> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'e2e-firefox-profile-'));
  const sim = await startSimulator(options.simulator ?? {});
  let proxy: ConnectProxy | undefined;
  let notifications: NotificationServer | undefined;
  let ext: FirefoxExtension | undefined;
  const launch = () =>
    launchFirefox({
      profileDir,
      proxyPort: proxy!.port,
      dbusAddress: notifications!.address,
      headless: options.headless ?? true,
      ...(options.extensionDir ? { extensionDir: options.extensionDir } : {}),
    });
  const stop = async () => {
    await ext?.close().catch(() => undefined);
    await notifications?.stop().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
    await removeDir(profileDir);
  };
  try {
    proxy = await startConnectProxy(sim);
    notifications = await startNotificationServer();
    ext = await launch();
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    sim,
    proxy,
    notifications,
    get ext() {
      return ext!;
    },
    profileDir,
    async relaunch() {
      await ext?.close();
      ext = await launch();
      return ext;
    },
    async closeBrowser() {
      await ext?.close();
    },
    stop,
  };
}
