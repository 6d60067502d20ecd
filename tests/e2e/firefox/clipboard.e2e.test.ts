// The clipboard in Firefox ESR: the batch page's Copy all and "Copy for the new registrar" put the
// lines on the real clipboard, and 60 s later Firefox's background page (it has a DOM: no offscreen
// document) clears it if it still holds them, and leaves what the user copied since. The Firefox
// twin of ../clipboard.e2e.test.ts: the unit tests give the background a memory clipboard.
//
// As there, the optional clipboardRead permission (Firefox asks for it in its own doorhanger, which
// no automation reaches) is granted at install by a copy of the build whose manifest lists it among
// the permissions; the code is the build's, unchanged. The alarm's 60 s are not sat out: the test
// checks its time, then moves the same alarm (by name) to a second from now.
import { createHash } from 'node:crypto';
import type { ElementHandle, Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import { clickButton, fillField, type InPage, LABELS, readJobs, submitDomainInFirefox, waitForJob, waitForText, waitUntil, writeProfile } from '../harness/index.ts';
import { firefoxExtensionDir, report, useFirefoxSessions, useGrantedBuilds } from './fixtures.ts';

const ALARM = 'clipboard-clear';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');


/** The clipboard's text, read from the probe (an extension page that may read it now). */
const readClipboard = (probe: Page) => probe.evaluate(() => navigator.clipboard.readText());
const writeClipboard = (probe: Page, text: string) => probe.evaluate((t) => navigator.clipboard.writeText(t), text);

/** What the background keeps of the last copy (storage.session): the hash, or when it last could not read. */
async function watch(probe: Page): Promise<{ sha256?: string; skippedAt?: number }> {
  return probe.evaluate(async () => {
    const got = await (globalThis as unknown as InPage).browser!.storage.session.get('clipboard');
    return (got.clipboard ?? {}) as { sha256?: string; skippedAt?: number };
  });
}
const watchedHash = async (probe: Page) => (await watch(probe)).sha256;

const alarmTime = (probe: Page) => probe.evaluate(async (name) => (await (globalThis as unknown as InPage).browser!.alarms.get(name))?.scheduledTime, ALARM);
const ringAlarmSoon = (probe: Page) => probe.evaluate((name) => (globalThis as unknown as InPage).browser!.alarms.create(name, { when: Date.now() + 1_000 }), ALARM);

describe('Firefox: the clipboard cleared 60 s after a copy of codes', () => {
  const session = useFirefoxSessions();
  const granted = useGrantedBuilds();

  test('Copy all and the popup’s Copy are cleared by the background page; the hand-off, once the user copied something else, is kept', async () => {
    const dir = granted(firefoxExtensionDir(), 'clipboardRead');
    const keys = { accessKeyId: 'LTAI5tFoxClipKey', accessKeySecret: 'fox-clip-secret' };
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_000 }, extensionDir: dir });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(() => (globalThis as unknown as InPage).browser!.storage.local.set({ settings: { language: 'en' }, settings$: { v: 1 } }));

    const domains = ['fox-clip-a-example.com', 'fox-clip-b-example.com'];
    const page = await s.ext.openPage('batch.html');
    await fillField(page, 'Domains', domains.join('\n'));
    await clickButton(page, 'Get transfer codes for 2 domains');
    const jobs = await waitUntil(
      async () => {
        const all = (await readJobs(probe)).filter((j) => domains.includes(j.domain));
        return all.length === 2 && all.every((j) => j.state === 'done' && j.code) ? all : undefined;
      },
      30_000,
      'both codes',
    );
    const all = domains.map((d) => `${d}\t${jobs.find((j) => j.domain === d)!.code!}`).join('\n');
    await waitForText(page, 'Done: 2');

    // Copy all: the lines on the clipboard, named to the background by their hash only.
    await writeClipboard(probe, 'nothing yet');
    const copiedAt = Date.now();
    await clickButton(page, 'Copy all');
    await waitUntil(async () => (await readClipboard(probe)) === all, 5_000, 'Copy all on the clipboard');
    await waitUntil(async () => (await watchedHash(probe)) === sha256(all), 5_000, 'Copy all noted by its hash');
    const due = await alarmTime(probe);
    expect(due! - copiedAt).toBeGreaterThan(55_000);
    expect(due! - copiedAt).toBeLessThan(65_000);
    const movedAt = Date.now();
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await readClipboard(probe)) === '', 10_000, 'the clipboard emptied by the background page');
    expect(await watch(probe)).toEqual({});
    report(`Firefox clipboard: Copy all cleared ${Date.now() - movedAt} ms after its alarm was moved to 1 s`);

    // The hand-off, then the user copies something else: that stays.
    await clickButton(page, 'Copy for the new registrar');
    await waitForText(page, 'Lines copied: 2.');
    await waitUntil(async () => (await watchedHash(probe)) === sha256(all), 5_000, 'the hand-off noted by its hash');
    expect(await readClipboard(probe)).toBe(all);
    await writeClipboard(probe, 'a shopping list');
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await watchedHash(probe)) === undefined, 10_000, 'the alarm handled');
    expect(await watch(probe)).toEqual({}); // read and compared, not skipped
    expect(await readClipboard(probe)).toBe('a shopping list');

    // The popup's Copy of one code: the page copies, the background is named the job, and clears it.
    const one = 'fox-clip-one-example.com';
    const popup = await s.ext.openPopup();
    await submitDomainInFirefox(popup, one);
    const code = (await waitForJob(s.ext, one, (j) => j.state === 'done' && j.code !== undefined, 30_000)).code!;
    await waitForText(popup, code, { within: one });
    const copy = await popup.evaluateHandle(
      (d: string, label: string) =>
        Array.from(Array.from(document.querySelectorAll('li')).find((li) => li.textContent?.includes(d))!.querySelectorAll('button')).find(
          (b) => b.textContent?.trim() === label,
        )!,
      one,
      LABELS.copy,
    );
    await (copy.asElement() as ElementHandle<HTMLButtonElement>).click();
    await waitUntil(async () => (await readClipboard(probe)) === code, 5_000, 'the code on the clipboard after Copy');
    await waitUntil(async () => (await watchedHash(probe)) === sha256(code), 5_000, 'the copy noted by its hash');
    await ringAlarmSoon(probe);
    await waitUntil(async () => (await readClipboard(probe)) === '', 10_000, 'the code cleared from the clipboard');
  });
});
