// The optional passphrase vault. When it is on, storage.local holds the profiles without their
// secrets plus one sealed record of all secrets; the unlocked secrets (and the derived key, so
// that a newly saved secret can be sealed without asking again) live only in storage.session,
// which Chrome keeps in memory, clears on restart and shows to the extension's own pages only.
//
// This file is the part the background keeps: the storage items, the status, the credentials to
// sign with, locking and resetting. Reads and removals only, no cryptography: everything that
// derives a key or seals (vault-ops.ts, with vault-crypto.ts) runs in the offscreen document on
// Chrome, so the service worker does not load it on every wake. Keep it that way: only type
// imports from vault-crypto here (tests/unit/vault-split.test.ts checks).
import { storage } from '@wxt-dev/storage';
import type { Credentials } from '../aliyun/client';
import type { Profile } from './profiles';
import type { SealedRecord } from './vault-crypto';

export interface SecretSet {
  accessKeySecret: string;
  securityToken?: string;
}
/** Profile id -> its secrets. */
export type Secrets = Record<string, SecretSet>;

export interface UnlockedVault {
  secrets: Secrets;
  /** Base64 AES key derived from the passphrase. */
  key: string;
  salt: string;
  iterations: number;
  lastUsedAt: number;
}

export interface VaultSettings {
  /** Lock after this many minutes without signing a request; 0 = only on browser restart. */
  autoLockMinutes: number;
}

export const vaultItem = storage.defineItem<SealedRecord | null>('local:vault', { fallback: null, version: 1 });
export const unlockedItem = storage.defineItem<UnlockedVault | null>('session:vault', { fallback: null });
export const vaultSettingsItem = storage.defineItem<VaultSettings>('local:vaultSettings', {
  fallback: { autoLockMinutes: 15 },
  version: 1,
});

export type VaultStatus = 'off' | 'locked' | 'unlocked';
export type VaultResult =
  | { ok: true }
  | { ok: false; error: 'wrong-passphrase' | 'weak-passphrase' | 'state' | 'locked' | 'no-profile' };

export async function vaultStatus(): Promise<VaultStatus> {
  if (!(await vaultItem.getValue())) return 'off';
  return (await unlockedItem.getValue()) ? 'unlocked' : 'locked';
}

/** The credentials to sign with, 'locked' when the vault holds them and is locked. */
export async function credentialsFor(profile: Profile, now = Date.now()): Promise<Credentials | 'locked' | undefined> {
  if (!(await vaultItem.getValue())) {
    if (!profile.accessKeySecret) return undefined;
    return {
      accessKeyId: profile.accessKeyId,
      accessKeySecret: profile.accessKeySecret,
      ...(profile.securityToken ? { securityToken: profile.securityToken } : {}),
    };
  }
  const open = await unlockedItem.getValue();
  if (!open) return 'locked';
  const set = open.secrets[profile.id];
  if (!set?.accessKeySecret) return undefined;
  await unlockedItem.setValue({ ...open, lastUsedAt: now });
  return { accessKeyId: profile.accessKeyId, ...set };
}

export async function lockVault(): Promise<void> {
  await unlockedItem.removeValue();
}

/** Locks the vault when it has not been used for the chosen idle time. */
export async function autoLockIfIdle(now = Date.now()): Promise<boolean> {
  const open = await unlockedItem.getValue();
  const { autoLockMinutes } = await vaultSettingsItem.getValue();
  if (!open || autoLockMinutes <= 0 || now - open.lastUsedAt < autoLockMinutes * 60_000) return false;
  await lockVault();
  return true;
}

/**
 * For a forgotten passphrase: throws the sealed secrets away and turns the vault off. The
 * profiles stay, without secrets: each needs its secret entered again.
 */
export async function resetVault(): Promise<void> {
  await vaultItem.removeValue();
  await unlockedItem.removeValue();
}
