// Vitest glue for the Firefox e2e files: sessions always torn down, and on failure a record of what
// Firefox showed (screenshots, notifications, API calls, proxy refusals, stored jobs) in
// test-results/e2e/firefox-<test>/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, inject, type TestContext } from 'vitest';
import { type FirefoxSession, type FirefoxSessionOptions, readJobs, startFirefoxSession } from '../harness/index.ts';
import { RESULTS_DIR } from '../fixtures.ts';

async function recordFailure(name: string, s: FirefoxSession): Promise<void> {
  const dir = path.join(RESULTS_DIR, `firefox-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}`);
  mkdirSync(dir, { recursive: true });
  const pages = await s.ext.pages().catch(() => []);
  for (const [i, page] of pages.entries()) {
    await page.screenshot({ path: path.join(dir, `page-${i}.png`) as `${string}.png` }).catch(() => undefined);
  }
  const jobs = await s.ext
    .probe()
    .then((p) => readJobs(p))
    .catch((e) => `unreadable: ${String(e)}`);
  const report = {
    notifications: s.notifications.notifications,
    dbus: s.notifications.log,
    calls: s.sim.calls.map((c) => ({ at: c.at, action: c.action, status: c.status, code: c.code, key: c.params.AccessKeyId, domain: c.params.DomainName })),
    refusedByProxy: [...new Set(s.proxy.refused)],
    jobs,
    browserLog: s.ext.logs,
  };
  writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report, null, 2));
  console.log(`e2e failure record: ${dir}`);
}

/** The snapshot of the Firefox build made by global-setup.ts. */
export function firefoxExtensionDir(): string {
  return inject('firefoxExtensionDir');
}

/** Returns a starter of Firefox sessions that are stopped after each test (and recorded when it failed). */
export function useFirefoxSessions(): (options?: FirefoxSessionOptions) => Promise<FirefoxSession> {
  const open: FirefoxSession[] = [];
  afterEach(async (ctx: TestContext) => {
    const failed = ctx.task.result?.state === 'fail';
    for (const s of open.splice(0)) {
      if (failed) await recordFailure(ctx.task.name, s).catch((e) => console.log('could not record failure:', e));
      await s.stop();
    }
  });
  return async (options = {}) => {
    const s = await startFirefoxSession({ extensionDir: firefoxExtensionDir(), ...options });
    open.push(s);
    return s;
  };
}

export { report, sleep, useGrantedBuilds } from '../fixtures.ts';
