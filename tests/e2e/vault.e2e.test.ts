// The vault in real Chromium, as a careful user meets it: a passphrase set before the first key,
// a code fetched, the browser closed and reopened (locked): the popup shows the job without its
// code and one unlock form; a domain asked for while locked sends nothing until the unlock, then
// arrives once; the old code shows again. Then the profile's files on disk are searched byte by
// byte for the secret, the passphrase and every code: none of them may be there in the clear.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { jobItem, notificationsFor, saveKeysInOptions, savesFor, submitDomain, waitForJob } from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

/** Every file under `dir` (the browser's profile), with its bytes. */
function filesUnder(dir: string): Array<{ file: string; bytes: Buffer }> {
  const out: Array<{ file: string; bytes: Buffer }> = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      continue; // a lock or socket that went away
    }
    if (stat.isDirectory()) out.push(...filesUnder(file));
    else if (stat.isFile()) out.push({ file, bytes: readFileSync(file) });
  }
  return out;
}

/** The files holding `text` as UTF-8 or as UTF-16 (how Chromium keeps some strings). */
function filesHolding(files: Array<{ file: string; bytes: Buffer }>, text: string): string[] {
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return files.filter(({ bytes }) => forms.some((form) => bytes.includes(form))).map(({ file }) => file);
}

/** The one unlock form of a page: its passphrase field and its button, counted. */
async function unlockForms(page: Page): Promise<{ fields: number; buttons: number }> {
  return {
    fields: await page.getByLabel('Passphrase', { exact: true }).count(),
    buttons: await page.getByRole('button', { name: 'Unlock', exact: true }).count(),
  };
}

describe('the vault', () => {
  const session = useSessions();

  test('set before the first key: codes hidden while locked, a request while locked waits for the unlock, nothing secret on disk', async () => {
    const keys = { accessKeyId: 'LTAI5tVaultDiskKey', accessKeySecret: 'vault-disk-secret-Zq8Xw2' };
    const passphrase = 'Umber falcon, quietly ninety-seven lanterns';
    const first = 'vault-first-example.com';
    const second = 'vault-second-example.com';
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 2_000 } });

    // The passphrase first, then the key: the secret is sealed before it is ever written.
    const options = await s.ext.openOptions();
    await options.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await options.getByLabel('Repeat passphrase', { exact: true }).fill(passphrase);
    await options.getByRole('button', { name: 'Encrypt with passphrase', exact: true }).click();
    await options.getByRole('button', { name: 'Lock now', exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await (await saveKeysInOptions(s.ext, keys, options)).close();

    const popup = await s.ext.openPopup();
    await submitDomain(popup, first);
    const n1 = await s.notifications.waitFor((x) => x.summary.includes(first), 30_000);
    const code1 = s.sim.tasks().find((t) => t.domain === first)?.code;
    expect(code1).toBeTruthy();
    expect(n1.body).toBe(code1);
    await jobItem(popup, first).getByText(code1!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await waitForJob(s.ext, first, (j) => j.state === 'done' && j.notified, 10_000);

    // Closed and reopened: storage.session is gone, so the vault is locked.
    const ext = await s.relaunch();
    const locked = await ext.openPopup();
    await jobItem(locked, first).waitFor({ state: 'visible', timeout: 10_000 });
    await locked.getByLabel('Passphrase', { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await unlockForms(locked)).toEqual({ fields: 1, buttons: 1 });
    expect(await locked.locator('body').innerText()).not.toContain(code1!);

    // Asked for while locked: nothing leaves until the unlock.
    await submitDomain(locked, second);
    await waitForJob(ext, second, (j) => j.waitingForUnlock === true, 10_000);
    await sleep(3_000);
    expect(savesFor(s.sim, second)).toHaveLength(0);
    expect(await unlockForms(locked)).toEqual({ fields: 1, buttons: 1 });

    const unlockedAt = Date.now();
    await locked.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await locked.getByRole('button', { name: 'Unlock', exact: true }).click();
    const n2 = await s.notifications.waitFor((x) => x.summary.includes(second), 30_000);
    const code2 = s.sim.tasks().find((t) => t.domain === second)?.code;
    expect(n2.body).toBe(code2);
    await jobItem(locked, first).getByText(code1!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await jobItem(locked, second).getByText(code2!, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await waitForJob(ext, second, (j) => j.state === 'done' && j.notified, 10_000);
    await sleep(2_000);
    expect(savesFor(s.sim, second)).toHaveLength(1);
    expect(notificationsFor(s.notifications, second)).toHaveLength(1);

    // The profile on disk, after the browser has written and closed it.
    await s.closeBrowser();
    const files = filesUnder(s.userDataDir);
    const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
    // The search finds what is stored in the clear (the control: without it, 0 hits proves nothing).
    expect(filesHolding(files, keys.accessKeyId).length).toBeGreaterThan(0);
    expect(filesHolding(files, first).length).toBeGreaterThan(0);
    const hits = {
      secret: filesHolding(files, keys.accessKeySecret),
      passphrase: filesHolding(files, passphrase),
      [first]: filesHolding(files, code1!),
      [second]: filesHolding(files, code2!),
    };
    expect(hits).toEqual({ secret: [], passphrase: [], [first]: [], [second]: [] });
    report(
      `vault: ${files.length} profile files (${(bytes / 1e6).toFixed(1)} MB) searched for the secret, the passphrase and 2 codes: 0 hits; ` +
        `the request made while locked was notified ${((n2.at - unlockedAt) / 1000).toFixed(1)} s after the unlock`,
    );
  });
});
