// Where the browser and the D-Bus daemon are, and what to do when they are missing.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

// firefox-esr with libnotify4 (Firefox's notifications reach D-Bus only through it) and zip (the
// xpi the Firefox suite installs) are for tests/e2e/firefox.
export const APT_PACKAGES = ['chromium', 'firefox-esr', 'libnotify4', 'zip', 'dbus', 'fonts-liberation', 'fonts-noto-cjk'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `name` on PATH (or in the usual system folders), or undefined. */
export function findExecutable(name: string): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/** CHROMIUM_PATH if set (it must exist), else Debian's /usr/bin/chromium or a chromium on PATH. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return findExecutable('/usr/bin/chromium') ?? findExecutable('chromium') ?? findExecutable('chromium-browser');
}

/** FIREFOX_PATH if set (it must exist), else Debian's /usr/bin/firefox-esr or a firefox-esr on PATH. */
export function firefoxPath(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return findExecutable('/usr/bin/firefox-esr') ?? findExecutable('firefox-esr');
}

/** What the Firefox suite needs and this machine lacks: Firefox ESR, dbus-daemon, libnotify, zip. */
export function firefoxMissing(): string[] {
  const missing: string[] = [];
  if (!firefoxPath()) missing.push(process.env.FIREFOX_PATH ? `FIREFOX_PATH=${process.env.FIREFOX_PATH}` : 'Firefox ESR');
  if (!findExecutable('dbus-daemon')) missing.push('dbus-daemon');
  // Firefox loads libnotify at run time to send notifications over D-Bus; without it Firefox shows
  // them nowhere (measured: no Notify call at all) and the notification promise still resolves.
  const libnotify = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((d) =>
    isFile(path.join(d, 'libnotify.so.4')),
  );
  if (!libnotify) missing.push('libnotify (libnotify.so.4)');
  if (!findExecutable('zip')) missing.push('zip');
  return missing;
}

function isFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

export interface Missing {
  chromium: boolean;
  dbus: boolean;
}

export function missingPrerequisites(): Missing {
  return { chromium: !chromiumPath(), dbus: !findExecutable('dbus-daemon') };
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The exact command that installs what is missing on Debian/Ubuntu. */
export function installCommand(): string {
  const sudo = isRoot() ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${APT_PACKAGES.join(' ')}`;
}

/**
 * Makes sure Chromium and dbus-daemon are there. As root with apt-get available, installs them
 * (like .ci/run); otherwise throws with the command to run. CHROMIUM_PATH pointing at a missing
 * file is never "fixed" by installing: that is the caller's choice of browser.
 */
export function ensurePrerequisites(options: { install: boolean; log?: (line: string) => void }): void {
  const log = options.log ?? ((line: string) => console.log(line));
  let missing = missingPrerequisites();
  if (!missing.chromium && !missing.dbus) return;
  if (process.env.CHROMIUM_PATH && missing.chromium) {
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
  }
  const what = [missing.chromium ? 'Chromium' : '', missing.dbus ? 'dbus-daemon' : ''].filter(Boolean).join(' and ');
  if (options.install && isRoot() && findExecutable('apt-get')) {
    log(`${what} missing: installing with apt-get (${APT_PACKAGES.join(', ')})...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...APT_PACKAGES]]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status}). Run: ${installCommand()}`);
    }
    missing = missingPrerequisites();
    if (!missing.chromium && !missing.dbus) return;
  }
  throw new Error(
    `${what} not found. Install with:\n  ${installCommand()}\n` +
      `(or point CHROMIUM_PATH at another Chromium build).`,
  );
}
