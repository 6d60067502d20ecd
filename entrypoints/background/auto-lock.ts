// Auto-lock: while the vault is unlocked and an idle time is set, a once-a-minute alarm checks
// how long the secrets have gone unused and locks the vault past that time.
import { browser } from 'wxt/browser';
import { autoLockIfIdle, vaultSettingsItem, vaultStatus } from '@/lib/credentials/vault';

export const AUTO_LOCK_ALARM = 'vault-auto-lock';

/** Creates the alarm while it is needed, removes it otherwise (after every vault change). */
export async function syncAutoLockAlarm(): Promise<void> {
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

