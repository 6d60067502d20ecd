// Firefox closed while a request waits for its task, and started again on the same profile: the job
// resumes from storage and is notified exactly once. The Firefox twin of the second case of
// ../resilience.e2e.test.ts. It needs the permanent install (harness/firefox.ts): a temporary
// add-on, as puppeteer's installExtension makes, is gone after a restart.
import { describe, expect, test } from 'vitest';
import { notificationsFor, saveKeysInFirefoxOptions, savesFor, submitDomainInFirefox, waitForJob, waitForText } from '../harness/index.ts';
import { report, sleep, useFirefoxSessions } from './fixtures.ts';

describe('Firefox: a pending request survives', () => {
  const session = useFirefoxSessions();

  test('the browser closed mid-wait and reopened on the same profile: the code arrives exactly once', async () => {
    const keys = { accessKeyId: 'LTAI5tFoxRestartKey', accessKeySecret: 'fox-restart-secret' };
    const domain = 'fox-restart-example.com';
    const durationMs = 8_000;
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: durationMs } });
    await (await saveKeysInFirefoxOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    await submitDomainInFirefox(popup, domain);
    await waitForJob(s.ext, domain, (j) => j.state === 'waiting', 10_000);
    const baseUrl = s.ext.url('');
    await s.closeBrowser();
    const closedAt = Date.now();
    expect(notificationsFor(s.notifications, domain)).toHaveLength(0);
    const callsAtClose = s.sim.calls.length;
    await sleep(1_000);
    expect(s.sim.calls.length, 'no API call while Firefox is closed').toBe(callsAtClose);

    // The add-on is back with the same origin (pinned UUID), and the job resumes from storage.
    const ext = await s.relaunch();
    expect(ext.url('')).toBe(baseUrl);
    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 60_000);
    const code = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(n.body).toBe(code);

    const reopened = await ext.openPopup();
    await waitForText(reopened, code!, { within: domain });
    await waitForJob(ext, domain, (j) => j.state === 'done' && j.notified, 10_000);
    await sleep(2_000);
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    report(`Firefox restarted mid-wait (${durationMs / 1000} s task): notified ${((n.at - closedAt) / 1000).toFixed(1)} s after the close`);
  });
});
