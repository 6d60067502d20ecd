// A request survives its service worker being stopped, and the browser being closed and reopened,
// and is still notified exactly once.
import { describe, expect, test } from 'vitest';
import {
  jobItem,
  notificationsFor,
  QUERY_ACTION,
  saveKeysInOptions,
  savesFor,
  submitDomain,
  waitForJob,
} from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

describe('a pending request survives', () => {
  const session = useSessions();

  test('the service worker stopped mid-wait: still exactly one notification', async () => {
    const keys = { accessKeyId: 'LTAI5tStopKey', accessKeySecret: 'stop-secret' };
    const domain = 'worker-stop-example.com';
    const durationMs = 8_000;
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: durationMs } });
    await (await saveKeysInOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, domain);
    // Stop it once the task is submitted and the job waits for its result.
    await waitForJob(s.ext, domain, (j) => j.state === 'waiting', 10_000);
    await s.ext.stopServiceWorker();
    const stoppedAt = Date.now();
    expect(s.ext.workerRunning()).toBe(false);
    const queriesBefore = s.sim.callsTo(QUERY_ACTION).length;

    // Nothing but the backstop alarm (at most 30 s away) can wake the worker now.
    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 60_000);
    const code = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(n.body).toBe(code);
    await jobItem(popup, domain).getByText(code!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await waitForJob(s.ext, domain, (j) => j.state === 'done' && j.notified, 10_000);
    await sleep(3_000);
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    report(
      `worker stopped mid-wait (${durationMs / 1000} s task): notified ${((n.at - stoppedAt) / 1000).toFixed(1)} s after the stop; ` +
        `queries before the stop ${queriesBefore}, after ${s.sim.callsTo(QUERY_ACTION).length - queriesBefore}`,
    );
  });

  test('the browser closed mid-wait and reopened on the same profile: the code arrives exactly once', async () => {
    const keys = { accessKeyId: 'LTAI5tRestartKey', accessKeySecret: 'restart-secret' };
    const domain = 'restart-example.com';
    const durationMs = 8_000;
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: durationMs } });
    await (await saveKeysInOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, domain);
    await waitForJob(s.ext, domain, (j) => j.state === 'waiting', 10_000);
    const idBefore = s.ext.extensionId;
    await s.closeBrowser();
    const closedAt = Date.now();
    expect(notificationsFor(s.notifications, domain)).toHaveLength(0);
    await sleep(1_000);

    // A relaunch fires onInstalled again and has no alarms left: the start-up code must resume.
    const ext = await s.relaunch();
    expect(ext.extensionId).toBe(idBefore);
    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 60_000);
    const code = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(n.body).toBe(code);

    const reopened = await ext.openPopup();
    await jobItem(reopened, domain).getByText(code!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await waitForJob(ext, domain, (j) => j.state === 'done' && j.notified, 10_000);
    await sleep(3_000);
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    report(`browser restarted mid-wait (${durationMs / 1000} s task): notified ${((n.at - closedAt) / 1000).toFixed(1)} s after the close`);
  });
});
