// The vault's messages: only the service worker unlocks, seals and holds the unlocked secrets.
import { browser } from 'wxt/browser';
import {
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
} from '../../../lib/credentials/vault';
import type { JobEngine } from '../../../lib/jobs/engine';
import { LOCKED_NOTICE_ID } from '../notifications';
import {
  isMinutesPayload,
  isPassphraseChangePayload,
  isPassphrasePayload,
  isSecretsPayload,
} from '../../../lib/protocol/index';
import { syncAutoLockAlarm } from '../auto-lock';
import { answer } from './answer';

/** After an unlock, jobs that waited for it continue and the "unlock" notice goes away. */
async function unlocked(engine: JobEngine): Promise<void> {
  await browser.notifications.clear(LOCKED_NOTICE_ID);
  await syncAutoLockAlarm();
  await engine.resume();
}

export function setUpVaultHandlers(engine: JobEngine): void {
  answer('vaultStatus', null, async () => {
    const { autoLockMinutes } = await vaultSettingsItem.getValue();
    return { ok: true, status: await vaultStatus(), autoLockMinutes };
  });
  answer('vaultEnable', isPassphrasePayload, async (data) => {
    const result = await enableVault(data.passphrase);
    await syncAutoLockAlarm();
    return result;
  });
  answer('vaultUnlock', isPassphrasePayload, async (data) => {
    const result = await unlockVault(data.passphrase);
    if (result.ok) await unlocked(engine);
    return result;
  });
  answer('vaultLock', null, async () => {
    await lockVault();
    await syncAutoLockAlarm();
    return { ok: true };
  });
  answer('vaultChangePassphrase', isPassphraseChangePayload, (data) => changePassphrase(data.oldPassphrase, data.newPassphrase));
  answer('vaultDisable', isPassphrasePayload, async (data) => {
    const result = await disableVault(data.passphrase);
    if (result.ok) await unlocked(engine);
    return result;
  });
  answer('vaultSetAutoLock', isMinutesPayload, async (data) => {
    await vaultSettingsItem.setValue({ autoLockMinutes: data.minutes });
    await syncAutoLockAlarm();
    return { ok: true };
  });
  answer('forgetDeletedSecrets', null, async () => {
    await forgetDeletedSecrets();
    return { ok: true };
  });
  answer('vaultReset', null, async () => {
    await resetVault();
    await syncAutoLockAlarm();
    await browser.notifications.clear(LOCKED_NOTICE_ID);
    // Jobs that waited for the unlock now find no secret and end with a clear reason.
    await engine.resume();
    return { ok: true };
  });
  answer('storeSecrets', isSecretsPayload, async (data) => {
    const { profileId, accessKeySecret, securityToken } = data;
    const result = await storeSecrets(profileId, { accessKeySecret, ...(securityToken ? { securityToken } : {}) });
    if (result.ok) await engine.resume();
    return result;
  });
}
