// The main path in Firefox ESR, through the UI: keys on the options page, a domain in the popup,
// the code in a desktop notification (read off the private D-Bus) and in the popup; and a code full
// of markup shown as text. The Firefox twin of ../flow.e2e.test.ts.
import { describe, expect, test } from 'vitest';
import {
  aria,
  LABELS,
  notificationsFor,
  saveKeysInFirefoxOptions,
  savesFor,
  submitDomainInFirefox,
  waitForJob,
  waitForText,
} from '../harness/index.ts';
import { report, sleep, useFirefoxSessions } from './fixtures.ts';

describe('Firefox: getting a transfer code', () => {
  const session = useFirefoxSessions();

  test('options -> keys saved; popup -> domain submitted; notification and popup show the code', async () => {
    const keys = { accessKeyId: 'LTAI5tFoxFlowKey', accessKeySecret: 'fox-flow-secret' };
    const domain = 'fox-flow-example.com';
    const durationMs = 2_000;
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: durationMs } });

    const options = await saveKeysInFirefoxOptions(s.ext, keys);
    await options.close();

    const popup = await s.ext.openPopup();
    const submittedAt = Date.now();
    await submitDomainInFirefox(popup, domain);

    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 30_000);
    const expected = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(expected).toBeTruthy();
    expect(n.summary).toBe(`Transfer code for ${domain}`);
    expect(n.body).toBe(expected);
    expect(n.appName).toBe('Firefox');
    // Differs from Chromium: Firefox's notifications have no buttons (the extension leaves out the
    // "Copy code" button Firefox would reject), so the desktop offers only the default action.
    expect(s.notifications.actionsOf(n)).toEqual([{ key: 'default', label: 'Activate' }]);

    // The popup shows it too, as text, next to a Copy button.
    await waitForText(popup, expected!, { within: domain });
    expect(await popup.$$eval('li', (items, d, label) =>
      items.filter((li) => li.textContent?.includes(d)).flatMap((li) => Array.from(li.querySelectorAll('button'), (b) => b.textContent?.trim())).includes(label),
      domain, LABELS.copy)).toBe(true);

    const job = await waitForJob(s.ext, domain, (j) => j.state === 'done' && j.notified, 10_000);
    expect(job.code).toBe(expected);
    await sleep(1_500);
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    // Nothing but the two API hosts went through the proxy to the simulator.
    // The code's two actions, and the one read of where Alibaba emailed it.
    expect(new Set(s.sim.calls.map((c) => c.action))).toEqual(new Set(['SaveSingleTaskForQueryingTransferAuthorizationCode', 'QueryTaskDetailList', 'QueryTransferOutInfo']));
    report(`Firefox UI flow, ${durationMs / 1000} s task: submit -> Notify ${((n.at - submittedAt) / 1000).toFixed(1)} s`);
  });

  test('a code full of markup is shown literally in the popup and verbatim in the notification', async () => {
    const code = `<img src=x onerror=alert(1)>&"'`;
    const keys = { accessKeyId: 'LTAI5tFoxMarkupKey', accessKeySecret: 'fox-markup-secret' };
    const domain = 'fox-markup-example.com';
    const s = await session({
      simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_500, domains: { [domain]: { code } } },
    });
    await (await saveKeysInFirefoxOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    const dialogs: string[] = [];
    popup.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await submitDomainInFirefox(popup, domain);

    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 30_000);
    expect(n.body).toBe(code);

    await waitForText(popup, code, { within: domain });
    const shown = await popup.evaluate((d: string, c: string) => {
      const item = Array.from(document.querySelectorAll('li')).find((li) => li.textContent?.includes(d))!;
      const el = Array.from(item.querySelectorAll('*')).find((x) => x.textContent === c)!;
      return { text: el.textContent, children: el.children.length, imagesInItem: item.querySelectorAll('img').length, images: Array.from(document.images, (i) => i.src) };
    }, domain, code);
    expect(shown.text).toBe(code);
    expect(shown.children).toBe(0);
    expect(shown.imagesInItem).toBe(0);
    // The only images are the extension's own (the header's icon).
    expect(shown.images.filter((src) => !src.startsWith(s.ext.url('')))).toEqual([]);
    // The Copy button is there for this code too.
    expect(await popup.$(aria('button', LABELS.copy))).not.toBeNull();
    await sleep(500);
    expect(dialogs).toEqual([]);
  });
});
