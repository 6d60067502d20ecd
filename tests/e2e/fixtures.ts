// Vitest glue for the e2e files: sessions that are always torn down, and on failure a record of
// what the browser showed (screenshots, notifications, API calls, stored jobs) in test-results/e2e/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, inject, type TestContext } from 'vitest';
import {
  buildWithGranted, type GrantedBuild, type InPage, REPO_ROOT, readJobs, startSession, type E2eSession, type SessionOptions } from './harness/index.ts';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results/e2e');

async function recordFailure(name: string, s: E2eSession): Promise<void> {
  const dir = path.join(RESULTS_DIR, name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80));
  mkdirSync(dir, { recursive: true });
  const pages = s.ext.context.pages();
  for (const [i, page] of pages.entries()) {
    await page.screenshot({ path: path.join(dir, `page-${i}.png`), timeout: 5_000 }).catch(() => undefined);
  }
  const jobs = await s.ext
    .probe()
    .then((p) => readJobs(p))
    .catch((e) => `unreadable: ${String(e)}`);
  // What Chromium itself holds as shown: a notification here but not in `notifications` means it
  // never reached D-Bus.
  const shown = await s.ext
    .probe()
    .then((p) => p.evaluate(() => (globalThis as unknown as InPage).chrome.notifications.getAll()))
    .catch((e) => `unreadable: ${String(e)}`);
  const report = {
    chromeNotifications: shown,
    pages: pages.map((p) => p.url()),
    notifications: s.notifications.notifications,
    dbus: s.notifications.log,
    calls: s.sim.calls.map((c) => ({ at: c.at, action: c.action, status: c.status, code: c.code, key: c.params.AccessKeyId, domain: c.params.DomainName })),
    jobs,
    browserLog: s.ext.logs,
  };
  writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2));
  console.log(`e2e failure record: ${dir}`);
}

/** The snapshot of the build made by global-setup.ts. */
export function extensionDir(): string {
  return inject('extensionDir');
}

/** Returns a starter of sessions that are stopped after each test (and recorded when it failed). */
export function useSessions(): (options?: SessionOptions) => Promise<E2eSession> {
  const open: E2eSession[] = [];
  afterEach(async (ctx: TestContext) => {
    const failed = ctx.task.result?.state === 'fail';
    for (const s of open.splice(0)) {
      if (failed) await recordFailure(ctx.task.name, s).catch((e) => console.log('could not record failure:', e));
      await s.stop();
    }
  });
  return async (options = {}) => {
    const s = await startSession({ ...options, launch: { extensionDir: extensionDir(), ...options.launch } });
    open.push(s);
    return s;
  };
}

/**
 * Returns a maker of build copies that grant an optional permission at install (harness
 * granted-build.ts), removed after the file's tests: it answers the copy's directory.
 */
export function useGrantedBuilds(): (sourceDir: string, permission: string) => string {
  const builds: GrantedBuild[] = [];
  afterAll(() => {
    for (const build of builds.splice(0)) build.remove();
  });
  return (sourceDir, permission) => {
    const build = buildWithGranted(sourceDir, permission);
    builds.push(build);
    return build.dir;
  };
}

/** Measured figures printed at the end of a file, for the closing notes. */
export function report(line: string): void {
  console.log(`[e2e figure] ${line}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
