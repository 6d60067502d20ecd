// The vault's messages. Only the extension's own pages may send them; the background answers
// them. What needs the passphrase or the derived key (PBKDF2, AES-GCM) it hands to the offscreen
// document on Chrome (lib/offscreen), so the service worker never loads that code; Firefox's
// background page loads it on first use. Status, lock, reset and auto-lock stay here.
import { browser } from 'wxt/browser';
import { autoLockIfIdle, lockVault, resetVault, vaultSettingsItem, vaultStatus, type VaultResult } from '../credentials/vault';
import { offscreenApi, vaultOffscreen } from '../offscreen/client';
import type { VaultRequest } from '../offscreen/protocol';
import type { JobEngine } from '../jobs/engine';
import { LOCKED_NOTICE_ID } from '../jobs/notifier';
import { isMinutesPayload, onMessage, type Refused } from '../messaging';
import { trusted } from './sender';

export const AUTO_LOCK_ALARM = 'vault-auto-lock';
const FORBIDDEN: Refused = { ok: false, error: 'forbidden' };
const INVALID: Refused = { ok: false, error: 'invalid' };

/**
 * Runs a passphrase operation where the cryptography lives, never in the Chrome service worker.
 * The page's payload goes as it came: the other side checks it and answers 'invalid' if it must.
 */
async function runVault(request: Partial<VaultRequest>): Promise<VaultResult | Refused> {
  const api = offscreenApi();
  if (api) return vaultOffscreen(api, request);
  if (import.meta.env.FIREFOX) return (await import('../credentials/vault-ops')).runVaultRequest(request);
  throw new Error('No place for the vault to work in this browser');
}

/** While unlocked, a once-a-minute alarm checks the idle time. */
async function syncAutoLockAlarm(): Promise<void> {
  if ((await vaultStatus()) === 'unlocked' && (await vaultSettingsItem.getValue()).autoLockMinutes > 0) {
    if (!(await browser.alarms.get(AUTO_LOCK_ALARM))) await browser.alarms.create(AUTO_LOCK_ALARM, { periodInMinutes: 1 });
  } else {
    await browser.alarms.clear(AUTO_LOCK_ALARM);
  }
}

export async function onAutoLockAlarm(): Promise<void> {
  await autoLockIfIdle();
  await syncAutoLockAlarm();
}

/** After an unlock, jobs that waited for it continue and the "unlock" notice goes away. */
async function unlocked(engine: JobEngine): Promise<void> {
  await browser.notifications.clear(LOCKED_NOTICE_ID);
  await syncAutoLockAlarm();
  await engine.resume();
}

/** The messages whose work needs the passphrase or the derived key: the operation each becomes. */
const FORWARDED = {
  vaultEnable: 'enable',
  vaultUnlock: 'unlock',
  vaultDisable: 'disable',
  vaultChangePassphrase: 'change',
  storeSecrets: 'store',
} as const;

export function setUpVaultMessages(engine: JobEngine): void {
  /** What follows each forwarded operation in the background. */
  const after = async (op: VaultRequest['op'], result: VaultResult | Refused) => {
    if (op === 'enable') await syncAutoLockAlarm();
    else if (result.ok && (op === 'unlock' || op === 'disable')) await unlocked(engine);
    else if (result.ok && op === 'store') await engine.resume();
  };
  for (const [type, op] of Object.entries(FORWARDED) as Array<[keyof typeof FORWARDED, VaultRequest['op']]>) {
    onMessage(type, async ({ data, sender }) => {
      if (!trusted(sender)) return FORBIDDEN;
      const result = await runVault({ ...(data as object), op });
      await after(op, result);
      return result;
    });
  }
  onMessage('vaultStatus', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    const { autoLockMinutes } = await vaultSettingsItem.getValue();
    return { ok: true, status: await vaultStatus(), autoLockMinutes };
  });
  onMessage('vaultLock', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    await lockVault();
    await syncAutoLockAlarm();
    return { ok: true };
  });
  onMessage('vaultSetAutoLock', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isMinutesPayload(data)) return INVALID;
    await vaultSettingsItem.setValue({ autoLockMinutes: data.minutes });
    await syncAutoLockAlarm();
    return { ok: true };
  });
  onMessage('forgetDeletedSecrets', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    // Only an unlocked vault can re-seal at once (a locked one drops them at the next unlock).
    if ((await vaultStatus()) === 'unlocked') await runVault({ op: 'forgetDeleted' });
    return { ok: true };
  });
  onMessage('vaultReset', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    await resetVault();
    await syncAutoLockAlarm();
    await browser.notifications.clear(LOCKED_NOTICE_ID);
    // Jobs that waited for the unlock now find no secret and end with a clear reason.
    await engine.resume();
    return { ok: true };
  });
}
