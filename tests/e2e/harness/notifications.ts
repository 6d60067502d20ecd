// A desktop notification server on a private D-Bus session bus.
//
// Chromium on Linux sends chrome.notifications to `org.freedesktop.Notifications` on the session
// bus named by DBUS_SESSION_BUS_ADDRESS. This module starts its own `dbus-daemon` (so nothing on
// the machine's real desktop is touched), owns that name with dbus-next, and records every
// Notify call, so a test can assert on the notifications the browser really sent and "click" their
// buttons (ActionInvoked) or close them (NotificationClosed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dbus from 'dbus-next';
import { findExecutable } from './prerequisites.ts';

export const NOTIFICATIONS_NAME = 'org.freedesktop.Notifications';
export const NOTIFICATIONS_PATH = '/org/freedesktop/Notifications';

export interface RecordedNotification {
  /** The id Notify returned (increasing from 1). */
  id: number;
  appName: string;
  replacesId: number;
  icon: string;
  /** Chromium puts the notification's title here. */
  summary: string;
  /** Chromium puts the message here (contextMessage, if any, in front of it). */
  body: string;
  /** Flat list as on the wire: [key, label, key, label, ...]. */
  actions: string[];
  /** Hint values unwrapped from their variants; byte arrays (image data) reduced to their length. */
  hints: Record<string, unknown>;
  timeout: number;
  /** Date.now() when Notify arrived. */
  at: number;
  /** Set when the notification was closed (by CloseNotification or closeNotification()). */
  closed?: { reason: number; at: number };
}

export interface NotificationServer {
  /** The bus address to give Chromium as DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  /** Every Notify call, in order. */
  notifications: RecordedNotification[];
  /** Every method call and emitted signal, for failure reports: "GetCapabilities", "Notify #3", ... */
  log: { at: number; what: string }[];
  /** Resolves with the first (already recorded or future) notification matching `predicate`. */
  waitFor(predicate: (n: RecordedNotification) => boolean, timeoutMs?: number): Promise<RecordedNotification>;
  /** The pairs (key, label) of a notification's actions. */
  actionsOf(n: RecordedNotification): { key: string; label: string }[];
  /** Emits ActionInvoked(id, key): what a desktop does when a notification button is pressed. */
  invokeAction(id: number, key: string): void;
  /** Emits NotificationClosed(id, reason); reason 2 = dismissed by the user. */
  closeNotification(id: number, reason?: number): void;
  stop(): Promise<void>;
}

export interface NotificationServerOptions {
  /** Log the D-Bus calls to stderr. */
  verbose?: boolean;
  /** Capabilities answered to GetCapabilities; must contain 'body' and 'actions' for Chromium to use the server. */
  capabilities?: string[];
}

const { Interface } = dbus.interface;

function unwrapHints(hints: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(hints ?? {})) {
    const value = raw instanceof dbus.Variant ? raw.value : raw;
    if (Buffer.isBuffer(value)) out[key] = { bytes: value.length };
    else if (Array.isArray(value) && value.some((v) => Buffer.isBuffer(v))) out[key] = { structure: value.length };
    else out[key] = value;
  }
  return out;
}

/** Starts `dbus-daemon --session` on a socket in a fresh temporary directory; resolves with its address. */
async function startBus(): Promise<{ address: string; daemon: ChildProcess; dir: string }> {
  const daemonPath = findExecutable('dbus-daemon');
  if (!daemonPath) throw new Error('dbus-daemon not found: apt-get install -y dbus');
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-dbus-'));
  const socket = path.join(dir, 'bus');
  // stdin and stderr are not inherited: the daemon must not hold the test runner's pipes open.
  const daemon = spawn(daemonPath, ['--session', '--nofork', `--address=unix:path=${socket}`, '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  daemon.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dbus-daemon gave no address in 10 s: ${stderr}`)), 10_000);
    daemon.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    daemon.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${code}: ${stderr}`));
    });
    daemon.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
  });
  daemon.removeAllListeners('exit');
  daemon.stdout!.resume();
  return { address, daemon, dir };
}

export async function startNotificationServer(options: NotificationServerOptions = {}): Promise<NotificationServer> {
  const events: { at: number; what: string }[] = [];
  const log = (...a: unknown[]) => {
    events.push({ at: Date.now(), what: a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ').slice(0, 300) });
    if (options.verbose) console.error('[dbus]', ...a);
  };
  // No 'body-markup': with it Chromium escapes the body as markup (`<` -> `&lt;`), and tests compare
  // the body with the message verbatim.
  const capabilities = options.capabilities ?? ['body', 'actions'];
  const { address, daemon, dir } = await startBus();
  const killDaemon = () => {
    if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGTERM');
  };
  // If the runner dies without calling stop(), do not leave a daemon behind.
  process.once('exit', killDaemon);

  const notifications: RecordedNotification[] = [];
  const waiters = new Set<{ predicate: (n: RecordedNotification) => boolean; resolve: (n: RecordedNotification) => void }>();
  let nextId = 1;

  class NotificationsInterface extends Interface {
    GetCapabilities(): string[] {
      log('GetCapabilities');
      return capabilities;
    }
    GetServerInformation(): [string, string, string, string] {
      log('GetServerInformation');
      return ['e2e-notifications', 'transfer-code-tests', '1.0', '1.2'];
    }
    Notify(
      appName: string,
      replacesId: number,
      icon: string,
      summary: string,
      body: string,
      actions: string[],
      hints: Record<string, unknown>,
      timeout: number,
    ): number {
      const id = nextId++;
      const n: RecordedNotification = {
        id,
        appName,
        replacesId,
        icon,
        summary,
        body,
        actions,
        hints: unwrapHints(hints),
        timeout,
        at: Date.now(),
      };
      notifications.push(n);
      log('Notify', JSON.stringify({ ...n, hints: Object.keys(n.hints) }));
      for (const w of [...waiters]) {
        if (w.predicate(n)) {
          waiters.delete(w);
          w.resolve(n);
        }
      }
      return id;
    }
    CloseNotification(id: number): void {
      log('CloseNotification', id);
      const n = notifications.find((x) => x.id === id);
      if (n && !n.closed) n.closed = { reason: 3, at: Date.now() };
      // The spec: the server emits NotificationClosed with reason 3 (closed by CloseNotification).
      setImmediate(() => iface.NotificationClosed(id, 3));
    }
    NotificationClosed(id: number, reason: number): [number, number] {
      return [id, reason];
    }
    ActionInvoked(id: number, key: string): [number, string] {
      return [id, key];
    }
  }
  NotificationsInterface.configureMembers({
    methods: {
      GetCapabilities: { inSignature: '', outSignature: 'as' },
      GetServerInformation: { inSignature: '', outSignature: 'ssss' },
      Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
      CloseNotification: { inSignature: 'u', outSignature: '' },
    },
    signals: {
      NotificationClosed: { signature: 'uu' },
      ActionInvoked: { signature: 'us' },
    },
  });

  const iface = new NotificationsInterface(NOTIFICATIONS_NAME);
  const bus = dbus.sessionBus({ busAddress: address });
  try {
    bus.export(NOTIFICATIONS_PATH, iface);
    const reply = await bus.requestName(NOTIFICATIONS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
    if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) throw new Error(`could not own ${NOTIFICATIONS_NAME}: ${reply}`);
  } catch (e) {
    bus.disconnect();
    killDaemon();
    throw e;
  }

  let stopped = false;
  return {
    address,
    notifications,
    log: events,
    waitFor(predicate, timeoutMs = 30_000) {
      const found = notifications.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (n: RecordedNotification) => {
            clearTimeout(timer);
            resolve(n);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = notifications.map((n) => `#${n.id} "${n.summary}": "${n.body}"`).join('; ') || 'none';
          reject(new Error(`no matching notification within ${timeoutMs} ms (seen: ${seen})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    actionsOf(n) {
      const pairs: { key: string; label: string }[] = [];
      for (let i = 0; i + 1 < n.actions.length; i += 2) pairs.push({ key: n.actions[i], label: n.actions[i + 1] });
      return pairs;
    },
    invokeAction(id, key) {
      log('ActionInvoked', id, key);
      iface.ActionInvoked(id, key);
    },
    closeNotification(id, reason = 2) {
      const n = notifications.find((x) => x.id === id);
      if (n && !n.closed) n.closed = { reason, at: Date.now() };
      iface.NotificationClosed(id, reason);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        bus.disconnect();
      } catch {
        // already gone
      }
      killDaemon();
      process.removeListener('exit', killDaemon);
      await new Promise<void>((resolve) => {
        if (daemon.exitCode !== null || daemon.signalCode !== null) return resolve();
        const t = setTimeout(() => {
          daemon.kill('SIGKILL');
          resolve();
        }, 2000);
        daemon.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
