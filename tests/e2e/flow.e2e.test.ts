// The main path, through the UI: keys on the options page, a domain in the popup, the code in a
// desktop notification and in the popup; the code shown as text whatever it contains; copying;
// the popup's static first screen (popup.html's markup) and React's takeover of it.
import { describe, expect, test } from 'vitest';
import {
  type InPage,
  deliveryDelayMs,
  jobItem,
  LABELS,
  notificationsFor,
  saveKeysInOptions,
  savesFor,
  submitDomain,
  waitForJob,
  waitUntil,
} from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

describe('getting a transfer code', () => {
  const session = useSessions();

  test('options -> keys saved; popup -> domain submitted; notification and popup show the code', async () => {
    const keys = { accessKeyId: 'LTAI5tFlowKey', accessKeySecret: 'flow-secret' };
    const domain = 'flow-example.com';
    const durationMs = 5_000;
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: durationMs } });

    const options = await saveKeysInOptions(s.ext, keys);
    await options.close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, domain);

    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 30_000);
    const expected = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(expected).toBeTruthy();
    expect(n.summary).toContain(domain);
    expect(n.body).toBe(expected);
    // Chromium offers the extension's button as the first action.
    expect(s.notifications.actionsOf(n)[0]).toEqual({ key: '0', label: 'Copy code' });

    // The popup shows it too, as text, next to a Copy button.
    const item = jobItem(popup, domain);
    await item.getByText(expected!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await item.getByRole('button', { name: LABELS.copy, exact: true }).waitFor({ state: 'visible' });

    const job = await waitForJob(s.ext, domain, (j) => j.state === 'done' && j.notified, 10_000);
    expect(job.code).toBe(expected);
    await sleep(2_000);
    expect(notificationsFor(s.notifications, domain)).toHaveLength(1);
    expect(savesFor(s.sim, domain)).toHaveLength(1);
    report(`UI flow, ${durationMs / 1000} s task (Playwright attached to the worker): task completion -> Notify ${deliveryDelayMs(s.sim, domain, durationMs, n)} ms`);
  });

  test('a code full of markup is shown literally in the popup and verbatim in the notification', async () => {
    const code = `<img src=x onerror=alert(1)>&"'`;
    const keys = { accessKeyId: 'LTAI5tMarkupKey', accessKeySecret: 'markup-secret' };
    const domain = 'markup-example.com';
    const s = await session({
      simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_500, domains: { [domain]: { code } } },
    });
    await (await saveKeysInOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    const dialogs: string[] = [];
    popup.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await submitDomain(popup, domain);

    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 30_000);
    expect(n.body).toBe(code);

    const shown = jobItem(popup, domain).getByText(code, { exact: true });
    await shown.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await shown.evaluate((el) => el.textContent)).toBe(code);
    expect(await shown.evaluate((el) => el.children.length)).toBe(0);
    expect(await jobItem(popup, domain).locator('img').count()).toBe(0);
    // The only images are the extension's own (the header's icon).
    const sources = await popup.evaluate(() => Array.from(document.images, (i) => i.src));
    expect(sources.filter((src) => !src.startsWith(s.ext.url('')))).toEqual([]);
    await sleep(500);
    expect(dialogs).toEqual([]);
  });

  test('Copy in the popup and "Copy code" on the notification put the code on the clipboard', async () => {
    const keys = { accessKeyId: 'LTAI5tCopyKey', accessKeySecret: 'copy-secret' };
    const domain = 'copy-example.com';
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_500 } });
    await (await saveKeysInOptions(s.ext, keys)).close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, domain);
    const n = await s.notifications.waitFor((x) => x.summary.includes(domain), 30_000);
    const code = n.body;

    // The popup's button.
    await s.ext.writeClipboard('nothing yet');
    const item = jobItem(popup, domain);
    await item.getByText(code, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await popup.bringToFront();
    await item.getByRole('button', { name: LABELS.copy, exact: true }).click();
    await waitUntil(async () => (await s.ext.readClipboard()) === code, 5_000, 'the code on the clipboard after Copy');

    // The notification's button: the desktop reports ActionInvoked with the button's key; the
    // background copies through its offscreen document.
    await s.ext.writeClipboard('nothing yet');
    const copyAction = s.notifications.actionsOf(n).find((a) => a.label === 'Copy code');
    expect(copyAction).toBeDefined();
    s.notifications.invokeAction(n.id, copyAction!.key);
    await waitUntil(async () => (await s.ext.readClipboard()) === code, 10_000, 'the code on the clipboard after the notification button');
  });
  test("the popup's first screen: in the last language before any module runs, and what is typed there is kept", async () => {
    const s = await session();
    // Runs in the popup before its own scripts: when the parser reaches #root (right after the
    // classic first-screen script), records the static screen as the user sees it and types into
    // its field, as a user could before the modules have run.
    const early = `(() => {
      const seen = {};
      Object.defineProperty(window, '__early', { value: seen });
      new MutationObserver((changes, observer) => {
        if (!document.getElementById('root')) return;
        observer.disconnect();
        const screen = document.getElementById('first-screen');
        const field = document.getElementById('first-screen-domain');
        seen.present = !!screen;
        seen.hidden = screen ? screen.hidden : null;
        seen.label = screen ? screen.querySelector('label').textContent : null;
        seen.button = screen ? screen.querySelector('button').textContent : null;
        seen.lang = document.documentElement.lang;
        seen.reactYet = document.querySelectorAll('#domain').length;
        seen.focused = !!field && document.activeElement === field;
        if (field) {
          field.value = 'typed-early.com';
          field.focus();
          field.setSelectionRange(2, 6);
        }
      }).observe(document, { childList: true, subtree: true });
    })();`;
    const open = async () => {
      const page = await s.ext.context.newPage();
      await page.addInitScript(early);
      await page.goto(s.ext.url('popup.html'));
      await page.locator('#domain').waitFor({ state: 'visible' });
      await page.waitForFunction(() => !document.getElementById('first-screen'));
      const seen = await page.evaluate(() => (window as unknown as { __early: Record<string, unknown> }).__early);
      const after = await page.evaluate(() => {
        const input = document.getElementById('domain') as HTMLInputElement;
        return {
          value: input.value,
          focused: document.activeElement === input,
          selection: [input.selectionStart, input.selectionEnd],
          label: input.labels?.[0]?.textContent,
          fields: document.querySelectorAll('input[type=text]').length,
        };
      });
      return { page, seen, after };
    };

    // First open, English: the markup as it is, then React with the typed text, caret and focus.
    const first = await open();
    expect(first.seen).toEqual({ present: true, hidden: false, label: 'Domain name', button: 'Get transfer code', lang: 'en', reactYet: 0, focused: true });
    expect(first.after).toEqual({ value: 'typed-early.com', focused: true, selection: [2, 6], label: 'Domain name', fields: 1 });
    await first.page.close();

    // Chinese chosen: the next open shows it in English once more at most (no words yet)...
    const probe = await s.ext.probe();
    await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.set({ settings: { language: 'zh' }, settings$: { v: 1 } }));
    const second = await open();
    expect(second.after.label).toBe('域名');
    await second.page.close();
    // ...and every open after that is Chinese from the first paint.
    const third = await open();
    expect(third.seen).toMatchObject({ present: true, hidden: false, label: '域名', button: '获取转移密码', lang: 'zh-CN', reactYet: 0, focused: true });
    expect(third.after).toEqual({ value: 'typed-early.com', focused: true, selection: [2, 6], label: '域名', fields: 1 });
    await third.page.close();
  });
});
