// One end-to-end set-up: simulator + private notification bus + Chromium with the extension,
// torn down together. Used by the e2e tests, the demo and the benchmarks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../simulator/server.ts';
import type { CallRecord, Simulator, SimulatorOptions } from '../../simulator/types.ts';
import { launchExtension, type ExtensionBrowser, type LaunchOptions } from './browser.ts';
import { launchUnattached, type UnattachedBrowser } from './unattached.ts';
import { startNotificationServer, type NotificationServer, type RecordedNotification } from './notifications.ts';

/** Best effort: a browser's helper processes may still write to the profile for a moment. */
export async function removeDir(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const SAVE_ACTION = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
export const QUERY_ACTION = 'QueryTaskDetailList';

export interface SessionOptions {
  simulator?: SimulatorOptions;
  headless?: boolean;
  /** A fresh temporary profile when absent (removed by stop()). */
  userDataDir?: string;
  launch?: Partial<Omit<LaunchOptions, 'userDataDir' | 'simulator' | 'dbusAddress' | 'headless'>>;
  verboseDbus?: boolean;
}

export interface E2eSession {
  sim: Simulator;
  notifications: NotificationServer;
  ext: ExtensionBrowser;
  userDataDir: string;
  /** Closes the browser and launches it again on the same profile (the simulator and bus stay). */
  relaunch(): Promise<ExtensionBrowser>;
  /** Closes the browser only. */
  closeBrowser(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSession(options: SessionOptions = {}): Promise<E2eSession> {
  const ownDir = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(path.join(tmpdir(), 'e2e-profile-'));
  const sim = await startSimulator(options.simulator ?? {});
  let notifications: NotificationServer | undefined;
  let ext: ExtensionBrowser | undefined;
  const launch = () =>
    launchExtension({
      ...options.launch,
      userDataDir,
      simulator: sim,
      dbusAddress: notifications!.address,
      headless: options.headless ?? true,
    });
  const stop = async () => {
    await ext?.close().catch(() => undefined);
    await notifications?.stop().catch(() => undefined);
    await sim.close().catch(() => undefined);
    if (ownDir) await removeDir(userDataDir);
  };
  try {
    notifications = await startNotificationServer({ verbose: options.verboseDbus ?? false });
    ext = await launch();
  } catch (e) {
    await stop();
    throw e;
  }
  const session: E2eSession = {
    sim,
    notifications,
    get ext() {
      return ext!;
    },
    userDataDir,
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
  return session;
}

export interface UnattachedSession {
  sim: Simulator;
  notifications: NotificationServer;
  browser: UnattachedBrowser;
  userDataDir: string;
  /** Stores an AccessKey profile (storage format of lib/credentials/profiles.ts) from an extension page. */
  setKeys(keys: { accessKeyId: string; accessKeySecret: string; site?: 'cn' | 'intl' }): Promise<void>;
  /** Sends the popup's requestCode message from an extension page; resolves with the answer. */
  requestCode(text: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Like startSession, but nothing is attached to the service worker, so Chromium stops it when idle
 * as it does for users (see unattached.ts). No Playwright: pages are driven over raw CDP.
 */
export async function startUnattachedSession(
  options: { simulator?: SimulatorOptions; headless?: boolean; extensionDir?: string } = {},
): Promise<UnattachedSession> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'e2e-profile-'));
  const sim = await startSimulator(options.simulator ?? {});
  let notifications: NotificationServer | undefined;
  let browser: UnattachedBrowser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    await notifications?.stop().catch(() => undefined);
    await sim.close().catch(() => undefined);
    await removeDir(userDataDir);
  };
  try {
    notifications = await startNotificationServer();
    browser = await launchUnattached({
      userDataDir,
      simulator: sim,
      dbusAddress: notifications.address,
      headless: options.headless ?? true,
      ...(options.extensionDir ? { extensionDir: options.extensionDir } : {}),
    });
  } catch (e) {
    await stop();
    throw e;
  }
  const b = browser;
  // One quiet extension page (the manifest as text) for storage and messages; closed when done.
  const inPage = async <T>(expression: string): Promise<T> => {
    const page = await b.openPage('manifest.json');
    try {
      return await page.evaluate<T>(expression);
    } finally {
      await page.close();
    }
  };
  return {
    sim,
    notifications,
    browser: b,
    userDataDir,
    async setKeys(keys) {
      const profile = { id: 'e2e-' + keys.accessKeyId, name: 'default', site: keys.site ?? 'cn', ...keys };
      const value = JSON.stringify({ profiles: { activeId: profile.id, profiles: [profile] }, profiles$: { v: 1 } });
      await inPage(`chrome.storage.local.set(${value}).then(() => true)`);
    },
    requestCode(text) {
      const message = JSON.stringify({ id: 1, type: 'requestCode', data: { text } });
      return inPage(`chrome.runtime.sendMessage({ ...${message}, timestamp: Date.now() })`);
    },
    stop,
  };
}

/** The successful Save calls for a domain, in order. */
export function savesFor(sim: Simulator, domain: string): CallRecord[] {
  return sim.callsTo(SAVE_ACTION).filter((c) => c.params.DomainName === domain);
}

/**
 * When the simulator completed the domain's task, on its clock: the successful Save's time plus
 * the task's duration (the simulator creates the task in the same tick it records the call).
 */
export function taskCompletedAt(sim: Simulator, domain: string, durationMs: number): number {
  const save = savesFor(sim, domain).find((c) => c.status === 200);
  if (!save) throw new Error(`no successful Save for ${domain}`);
  return save.at + durationMs;
}

/** Delay from the task's completion (simulator clock) to the Notify call (same machine clock). */
export function deliveryDelayMs(sim: Simulator, domain: string, durationMs: number, n: RecordedNotification): number {
  return n.at - taskCompletedAt(sim, domain, durationMs);
}

/** Notifications whose title names the domain. */
export function notificationsFor(server: NotificationServer, domain: string): RecordedNotification[] {
  return server.notifications.filter((n) => n.summary.includes(domain));
}
