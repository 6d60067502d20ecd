// "Leave no trace" in real Chromium: after a copy of codes (a row's Copy, "Copy all", "Copy for the
// new registrar"), the worker keeps only the copied text's SHA-256 and an alarm 60 s later; the
// alarm wakes even a stopped worker, whose offscreen document reads the real clipboard and clears
// it only if it still holds that text. The unit tests give the offscreen document a memory
// clipboard: this file is where the real one is read, pasted and emptied.
//
// The optional clipboardRead permission is granted through Chrome's own prompt, browser UI that no
// automation reaches. So this file loads a copy of the build whose manifest lists clipboardRead
// among the permissions granted at install; the code is the build's, unchanged. The options page
// then reads the grant through the real permissions API. The 60 s wait itself is not sat out: the
// test checks the alarm's time, then moves the same alarm (by name) to a second from now.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { type InPage, readJobs, waitUntil, writeProfile } from './harness/index.ts';
import { extensionDir, report, useGrantedBuilds, useSessions } from './fixtures.ts';

const ALARM = 'clipboard-clear';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');


interface Watch {
  sha256?: string;
  copiedAt?: number;
  skippedAt?: number;
}

async function clipboardWatch(probe: Page): Promise<Watch> {
  const got = await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.session.get('clipboard'));
  return (got.clipboard ?? {}) as Watch;
}

async function alarmTime(probe: Page): Promise<number | undefined> {
  return probe.evaluate(async (name) => (await (globalThis as unknown as InPage).chrome.alarms.get(name))?.scheduledTime, ALARM);
}

/** The worker's own alarm, moved to a second from now (same name, so the same handler runs). */
async function ringAlarmSoon(probe: Page): Promise<void> {
  await probe.evaluate((name) => (globalThis as unknown as InPage).chrome.alarms.create(name, { when: Date.now() + 1_000 }), ALARM);
}

describe('the clipboard cleared 60 s after a copy, in real Chromium', () => {
  const session = useSessions();
  const granted = useGrantedBuilds();

  test('a row’s Copy and Copy all are cleared (the second by a stopped worker the alarm wakes); a text copied since is kept', async () => {
    const dir = granted(extensionDir(), 'clipboardRead');
    const keys = { accessKeyId: 'LTAI5tClipKey', accessKeySecret: 'clip-secret' };
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_000 }, launch: { extensionDir: dir } });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.set({ settings: { language: 'en' }, settings$: { v: 1 } }));

    // The options page reads the grant through the real permissions API.
    const options = await s.ext.openOptions();
    await options.getByText('Reading the clipboard: allowed.', { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await options.close();

    // A batch of two, without the readiness check (account.e2e covers it).
    const domains = ['clip-a-example.com', 'clip-b-example.com'];
    const page = await s.ext.openPage('batch.html');
    await page.getByLabel('Domains', { exact: true }).fill(domains.join('\n'));
    await page.getByLabel('Check readiness first', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Get transfer codes for 2 domains', exact: true }).click();
    const jobs = await waitUntil(
      async () => {
        const all = (await readJobs(probe)).filter((j) => domains.includes(j.domain));
        return all.length === 2 && all.every((j) => j.state === 'done' && j.code) ? all : undefined;
      },
      30_000,
      'both codes',
    );
    const codeOf = (d: string) => jobs.find((j) => j.domain === d)!.code!;
    const table = page.getByRole('table', { name: 'Results' });
    await table.getByText(codeOf(domains[1]!), { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });

    // 1. A row's Copy: the page copies, the worker is named the job (never sent the code).
    await s.ext.writeClipboard('nothing yet');
    await page.bringToFront();
    const firstRow = table.getByRole('row').filter({ hasText: domains[0]! });
    const copiedAt = Date.now();
    await firstRow.getByRole('button', { name: 'Copy', exact: true }).click();
    await waitUntil(async () => (await s.ext.readClipboard()) === codeOf(domains[0]!), 5_000, 'the code on the clipboard');
    const watch = await waitUntil(async () => ((await clipboardWatch(probe)).sha256 ? clipboardWatch(probe) : undefined), 5_000, 'the copy noted');
    expect(watch.sha256).toBe(sha256(codeOf(domains[0]!)));
    expect(JSON.stringify(await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.session.get(null)))).not.toContain(codeOf(domains[0]!));
    const due = await alarmTime(probe);
    expect(due! - copiedAt).toBeGreaterThan(55_000);
    expect(due! - copiedAt).toBeLessThan(65_000);
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await s.ext.readClipboard()) === '', 10_000, 'the clipboard emptied by the offscreen document');
    expect(await clipboardWatch(probe)).toEqual({});

    // 2. Copy all: domain<TAB>code lines, named by their hash; the worker stopped before the alarm.
    await page.bringToFront();
    await page.getByRole('button', { name: 'Copy all', exact: true }).click();
    const all = domains.map((d) => `${d}\t${codeOf(d)}`).join('\n');
    await waitUntil(async () => (await s.ext.readClipboard()) === all, 5_000, 'Copy all on the clipboard');
    await waitUntil(async () => (await clipboardWatch(probe)).sha256 === sha256(all), 5_000, 'Copy all noted by its hash');
    expect(JSON.stringify(await clipboardWatch(probe))).not.toContain(codeOf(domains[1]!));
    await s.ext.stopServiceWorker();
    await waitUntil(async () => !s.ext.workerRunning(), 5_000, 'the worker stopped');
    const clearStartedAt = Date.now();
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await s.ext.readClipboard()) === '', 15_000, 'Copy all cleared by the woken worker');
    report(`clipboard: Copy all cleared ${Date.now() - clearStartedAt} ms after its alarm was moved to 1 s, by a worker it woke`);

    // 3. "Copy for the new registrar", then the user copies something else: that stays.
    await page.bringToFront();
    await page.getByRole('button', { name: 'Copy for the new registrar', exact: true }).click();
    await page.getByText('Lines copied: 2.', { exact: true }).waitFor({ state: 'visible', timeout: 5_000 });
    await waitUntil(async () => (await clipboardWatch(probe)).sha256 === sha256(all), 5_000, 'the hand-off noted by its hash');
    expect(await s.ext.readClipboard()).toBe(all); // Tab, the default separator: the same lines
    await s.ext.writeClipboard('a shopping list');
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await clipboardWatch(probe)).sha256 === undefined, 10_000, 'the alarm handled');
    expect(await clipboardWatch(probe)).toEqual({}); // read and compared, not skipped
    expect(await s.ext.readClipboard()).toBe('a shopping list');
  });
});
