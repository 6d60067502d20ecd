// A wrong secret: the cause is shown, and the extension does not keep hammering the API.
import { describe, expect, test } from 'vitest';
import { jobItem, notificationsFor, saveKeysInOptions, savesFor, submitDomain, waitForJob } from './harness/index.ts';
import { sleep, useSessions } from './fixtures.ts';

describe('refused requests', () => {
  const session = useSessions();

  test('wrong secret: the cause is shown in the popup, one Save call, no retry storm', async () => {
    const accessKeyId = 'LTAI5tWrongSecretKey';
    const domain = 'wrong-secret-example.com';
    const s = await session({ simulator: { accessKeys: { [accessKeyId]: 'the-right-secret' }, taskDurationMs: 2_000 } });
    await (await saveKeysInOptions(s.ext, { accessKeyId, accessKeySecret: 'a-wrong-secret' })).close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, domain);
    const submittedAt = Date.now();

    const item = jobItem(popup, domain);
    await item.getByText('SignatureDoesNotMatch').waitFor({ state: 'visible', timeout: 15_000 });
    const job = await waitForJob(s.ext, domain, (j) => j.state === 'failed', 5_000);
    expect(job.failure?.apiCode).toBe('SignatureDoesNotMatch');

    // The failure notification names the domain and carries the reason, once.
    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 10_000);
    expect(n.body).toContain('SignatureDoesNotMatch');

    // Watch for ~10 s after the request: a fatal error is not retried.
    await sleep(Math.max(0, submittedAt + 10_000 - Date.now()));
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    expect(s.sim.calls.filter((c) => c.params.AccessKeyId === accessKeyId)).toHaveLength(1);
    expect(s.sim.calls[0]?.code).toBe('SignatureDoesNotMatch');
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    // The secret never reaches the page.
    expect(await popup.content()).not.toContain('a-wrong-secret');
  });
});
