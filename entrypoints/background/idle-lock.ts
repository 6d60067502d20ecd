// Lock on idle (VaultSettings.lockOnIdle, default off): the vault locks when the system reports
// 'idle' (no input for the detection interval) or 'locked' (the screen is locked).
import { browser } from 'wxt/browser';
import { lockVault, vaultSettingsItem, vaultStatus } from '../../lib/credentials/vault';
import type { VaultSettings } from '../../lib/storage';
import { syncAutoLockAlarm } from './auto-lock';

/** Without an auto-lock time (0: only on restart), 'idle' means 5 minutes without input. */
export const DEFAULT_IDLE_SECONDS = 5 * 60;
/** The shortest interval used: Chrome accepts 15 s, but a minute keeps a pause to read from locking. */
export const MIN_IDLE_SECONDS = 60;

/** The idle detection interval for these settings: the auto-lock time, at least a minute. */
export function idleSeconds(settings: VaultSettings): number {
  if (!(settings.autoLockMinutes > 0)) return DEFAULT_IDLE_SECONDS;
  return Math.max(MIN_IDLE_SECONDS, Math.round(settings.autoLockMinutes * 60));
}

/** Whether a state change locks the vault. */
export function locksOn(state: string, settings: VaultSettings): boolean {
  return settings.lockOnIdle === true && (state === 'idle' || state === 'locked');
}

/** chrome.idle where the browser has it (Firefox for Android does not). */
const idleApi = () => (browser as { idle?: typeof browser.idle }).idle;

export async function syncIdleDetection(): Promise<void> {
  idleApi()?.setDetectionInterval(idleSeconds(await vaultSettingsItem.getValue()));
}

export async function onIdleState(state: string): Promise<boolean> {
  if (!locksOn(state, await vaultSettingsItem.getValue()) || (await vaultStatus()) !== 'unlocked') return false;
  await lockVault();
  await syncAutoLockAlarm();
  return true;
}

/** Wiring: synchronous, so the state change that woke the worker is not missed. */
export function watchIdle(): void {
  idleApi()?.onStateChanged.addListener((state) => void onIdleState(state));
  // The interval follows the auto-lock time.
  vaultSettingsItem.watch(() => void syncIdleDetection());
  void syncIdleDetection();
}
