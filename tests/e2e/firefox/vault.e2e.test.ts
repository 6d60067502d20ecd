// The vault in Firefox ESR: a passphrase set in the options page before the first key, a code
// fetched, Firefox closed and started again (locked): the popup shows the job without its code and
// one unlock form; a domain asked for while locked sends nothing until the unlock; after the unlock
// in the popup both codes show. The Firefox twin of ../vault.e2e.test.ts (without its search of
// the profile's files: Firefox keeps storage.local in IndexedDB with its values compressed, so a
// byte search there would prove nothing either way).
import { describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  clickButton,
  type InPage,
  fillField,
  notificationsFor,
  saveKeysInFirefoxOptions,
  savesFor,
  submitDomainInFirefox,
  waitForJob,
  waitForText,
} from '../harness/index.ts';
import { report, sleep, useFirefoxSessions } from './fixtures.ts';

/** The page's unlock forms: fields labelled "Passphrase" and "Unlock" buttons, counted. */
function unlockForms(page: Page): Promise<{ fields: number; buttons: number }> {
  return page.evaluate(() => ({
    fields: Array.from(document.querySelectorAll('label')).filter((l) => l.textContent?.trim() === 'Passphrase' && l.control).length,
    buttons: Array.from(document.querySelectorAll('button')).filter((b) => b.textContent?.trim() === 'Unlock').length,
  }));
}

describe('Firefox: the vault', () => {
  const session = useFirefoxSessions();

  test('set before the first key: locked after a restart, codes hidden, unlocked in the popup, a request made while locked waits for it', async () => {
    const keys = { accessKeyId: 'LTAI5tFoxVaultKey', accessKeySecret: 'fox-vault-secret-Zq8Xw2' };
    const passphrase = 'Umber falcon, quietly ninety-seven lanterns';
    const first = 'fox-vault-first-example.com';
    const second = 'fox-vault-second-example.com';
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_500 } });

    // The passphrase first (Security section), then the key: sealed before it is ever written.
    const options = await s.ext.openOptions();
    await fillField(options, 'Passphrase', passphrase);
    await fillField(options, 'Repeat passphrase', passphrase);
    await clickButton(options, 'Encrypt with passphrase');
    await options.waitForFunction(() => Array.from(document.querySelectorAll('button')).some((b) => b.textContent?.trim() === 'Lock now'), { timeout: 15_000 });
    await (await saveKeysInFirefoxOptions(s.ext, keys, options)).close();
    const stored = JSON.stringify(await (await s.ext.probe()).evaluate(() => (globalThis as unknown as InPage).browser!.storage.local.get(null)));
    expect(stored).toContain(keys.accessKeyId);
    expect(stored).not.toContain(keys.accessKeySecret);

    const popup = await s.ext.openPopup();
    await submitDomainInFirefox(popup, first);
    const n1 = await s.notifications.waitFor((x) => x.summary.includes(first), 30_000);
    const code1 = s.sim.tasks().find((t) => t.domain === first)?.code;
    expect(code1).toBeTruthy();
    expect(n1.body).toBe(code1);
    await waitForText(popup, code1!, { within: first });
    await waitForJob(s.ext, first, (j) => j.state === 'done' && j.notified, 10_000);

    // Closed and started again: storage.session is gone, so the vault is locked.
    const ext = await s.relaunch();
    const locked = await ext.openPopup();
    await waitForText(locked, first, { timeoutMs: 10_000 });
    await locked.waitForFunction(() => Array.from(document.querySelectorAll('label')).some((l) => l.textContent?.trim() === 'Passphrase'), { timeout: 10_000 });
    expect(await unlockForms(locked)).toEqual({ fields: 1, buttons: 1 });
    expect(await locked.evaluate(() => document.body.innerText)).not.toContain(code1!);

    // Asked for while locked: nothing leaves until the unlock.
    await submitDomainInFirefox(locked, second);
    await waitForJob(ext, second, (j) => j.waitingForUnlock === true, 10_000);
    await sleep(2_000);
    expect(savesFor(s.sim, second)).toHaveLength(0);
    expect(await unlockForms(locked)).toEqual({ fields: 1, buttons: 1 });

    const unlockedAt = Date.now();
    await fillField(locked, 'Passphrase', passphrase);
    await clickButton(locked, 'Unlock');
    const n2 = await s.notifications.waitFor((x) => x.summary.includes(second), 30_000);
    const code2 = s.sim.tasks().find((t) => t.domain === second)?.code;
    expect(n2.body).toBe(code2);
    await waitForText(locked, code1!, { within: first });
    await waitForText(locked, code2!, { within: second });
    expect(await unlockForms(locked)).toEqual({ fields: 0, buttons: 0 });
    await waitForJob(ext, second, (j) => j.state === 'done' && j.notified, 10_000);
    await sleep(1_500);
    expect(savesFor(s.sim, first)).toHaveLength(1);
    expect(savesFor(s.sim, second)).toHaveLength(1);
    expect(notificationsFor(s.notifications, first)).toHaveLength(1);
    expect(notificationsFor(s.notifications, second)).toHaveLength(1);
    report(`Firefox vault: the request made while locked was notified ${((n2.at - unlockedAt) / 1000).toFixed(1)} s after the unlock in the popup`);
  });
});
