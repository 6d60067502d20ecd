// The vault's messages: only the service worker unlocks, seals and holds the unlocked secrets.
import { browser } from 'wxt/browser';
import {
  changePassphrase,
  codeKey,
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
  isOnPayload,
  isPassphraseChangePayload,
  isPassphrasePayload,
  isSecretsPayload,
  type SecretChange,
} from '../../../lib/protocol/index';
import { syncAutoLockAlarm } from '../auto-lock';
import { answer } from './answer';

/** After an unlock, jobs that waited for it continue and the "unlock" notice goes away. */
async function unlocked(engine: JobEngine): Promise<void> {
  await browser.notifications.clear(LOCKED_NOTICE_ID);
  await syncAutoLockAlarm();
  await engine.resume();
}

/**
 * The code key while the vault is still on, to open the sealed codes once it is off (a locked
 * vault is unlocked with the passphrase given to turn it off, which that call checks anyway).
 */
async function formerCodeKey(passphrase: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let key = await codeKey();
  if (key === 'locked' && (await unlockVault(passphrase)).ok) key = await codeKey();
  return key instanceof Uint8Array ? key : undefined;
}

export function setUpVaultHandlers(engine: JobEngine): void {
  answer('vaultStatus', null, async () => {
    const { autoLockMinutes, lockOnIdle } = await vaultSettingsItem.getValue();
    return { ok: true, status: await vaultStatus(), autoLockMinutes, lockOnIdle: lockOnIdle === true };
  });
  answer('vaultEnable', isPassphrasePayload, async (data) => {
    const result = await enableVault(data.passphrase);
    await syncAutoLockAlarm();
    // Every code already in the history is sealed with the new code key.
    if (result.ok) await engine.sealCodes();
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
    const key = await formerCodeKey(data.passphrase);
    const result = await disableVault(data.passphrase);
    // The sealed codes go back to plain text (dropped if they cannot be opened: their key is gone).
    if (result.ok) await (key ? engine.openCodes(key) : engine.dropSealedCodes());
    if (result.ok) await unlocked(engine);
    return result;
  });
  answer('vaultSetAutoLock', isMinutesPayload, async (data) => {
    // The other settings (lockOnIdle) stay as they are.
    await vaultSettingsItem.setValue({ ...(await vaultSettingsItem.getValue()), autoLockMinutes: data.minutes });
    await syncAutoLockAlarm();
    return { ok: true };
  });
  answer('vaultSetLockOnIdle', isOnPayload, async (data) => {
    await vaultSettingsItem.setValue({ ...(await vaultSettingsItem.getValue()), lockOnIdle: data.on });
    return { ok: true };
  });
  answer('forgetDeletedSecrets', null, async () => {
    await forgetDeletedSecrets();
    return { ok: true };
  });
  answer('vaultReset', null, async () => {
    await resetVault();
    // The sealed codes cannot be opened any more: they go (their jobs stay, saying so).
    await engine.dropSealedCodes();
    await syncAutoLockAlarm();
    await browser.notifications.clear(LOCKED_NOTICE_ID);
    // Jobs that waited for the unlock now find no secret and end with a clear reason.
    await engine.resume();
    return { ok: true };
  });
  answer('storeSecrets', isSecretsPayload, async (data) => {
    const change: SecretChange =
      data.accessKeySecret === undefined
        ? { securityToken: data.securityToken }
        : { accessKeySecret: data.accessKeySecret, ...(data.securityToken ? { securityToken: data.securityToken } : {}) };
    const result = await storeSecrets(data.profileId, change);
    if (result.ok) await engine.resume();
    return result;
  });
}
