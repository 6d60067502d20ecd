// The vault's messages: only the background unlocks, seals and holds the unlocked secrets.
import { browser } from 'wxt/browser';
import {
  autoLockIfIdle,
  changePassphrase,
  disableVault,
  enableVault,
  forgetDeletedSecrets,
  lockVault,
  resetVault,
  storeSecrets,
  unlockVault,
  vaultSettingsItem,
  vaultStatus,
} from '../credentials/vault';
import type { JobEngine } from '../jobs/engine';
import { LOCKED_NOTICE_ID } from '../jobs/notifier';
import {
  isMinutesPayload,
  isPassphraseChangePayload,
  isPassphrasePayload,
  isSecretsPayload,
  onMessage,
  type Refused,
} from '../messaging';
import { trusted } from './sender';

export const AUTO_LOCK_ALARM = 'vault-auto-lock';
const FORBIDDEN: Refused = { ok: false, error: 'forbidden' };
const INVALID: Refused = { ok: false, error: 'invalid' };

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

export function setUpVaultMessages(engine: JobEngine): void {
  onMessage('vaultStatus', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    const { autoLockMinutes } = await vaultSettingsItem.getValue();
    return { ok: true, status: await vaultStatus(), autoLockMinutes };
  });
  onMessage('vaultEnable', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isPassphrasePayload(data)) return INVALID;
    const result = await enableVault(data.passphrase);
    await syncAutoLockAlarm();
    return result;
  });
  onMessage('vaultUnlock', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isPassphrasePayload(data)) return INVALID;
    const result = await unlockVault(data.passphrase);
    if (result.ok) await unlocked(engine);
    return result;
  });
  onMessage('vaultLock', async ({ sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    await lockVault();
    await syncAutoLockAlarm();
    return { ok: true };
  });
  onMessage('vaultChangePassphrase', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isPassphraseChangePayload(data)) return INVALID;
    return changePassphrase(data.oldPassphrase, data.newPassphrase);
  });
  onMessage('vaultDisable', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isPassphrasePayload(data)) return INVALID;
    const result = await disableVault(data.passphrase);
    if (result.ok) await unlocked(engine);
    return result;
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
    await forgetDeletedSecrets();
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
  onMessage('storeSecrets', async ({ data, sender }) => {
    if (!trusted(sender)) return FORBIDDEN;
    if (!isSecretsPayload(data)) return INVALID;
    const { profileId, accessKeySecret, securityToken } = data;
    const result = await storeSecrets(profileId, { accessKeySecret, ...(securityToken ? { securityToken } : {}) });
    if (result.ok) await engine.resume();
    return result;
  });
}
