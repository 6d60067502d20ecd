// The optional passphrase vault. When it is on, storage.local holds the profiles without their
// secrets plus one sealed record of all secrets; the unlocked secrets (and the derived key, so
// that a newly saved secret can be sealed without asking again) live only in storage.session,
// which Chrome keeps in memory, clears on restart and shows to the extension's own pages only.
import type { Credentials } from '../aliyun/client';
import type { SecretSet, VaultResult, VaultStatus } from '../protocol';
import { MIN_PASSPHRASE } from './passphrase-policy';
import { profilesItem, type Profile } from './profiles';
import { unlockedItem, vaultActivityItem, vaultItem, vaultSettingsItem } from '../storage';
import {
  deriveKeyBytes,
  fromBase64,
  needsUpgrade,
  newSalt,
  sealWithKey,
  toBase64,
  unsealWithKey,
  VAULT_ITERATIONS,
  WrongPassphraseError,
  type SealedRecord,
} from './vault-crypto';

/** Profile id -> its secrets. */
export type Secrets = Record<string, SecretSet>;

export { unlockedItem, vaultItem, vaultSettingsItem, type UnlockedVault, type VaultSettings } from '../storage';

export type { SecretSet, VaultResult, VaultStatus } from '../protocol';

export { MIN_PASSPHRASE } from './passphrase-policy';

export async function vaultStatus(): Promise<VaultStatus> {
  if (!(await vaultItem.getValue())) return 'off';
  return (await unlockedItem.getValue()) ? 'unlocked' : 'locked';
}

function secretsOf(profiles: Profile[]): Secrets {
  return Object.fromEntries(
    profiles.map((p) => [p.id, { accessKeySecret: p.accessKeySecret, ...(p.securityToken ? { securityToken: p.securityToken } : {}) }]),
  );
}

const stripped = (p: Profile): Profile => {
  const { securityToken: _token, ...rest } = p;
  return { ...rest, accessKeySecret: '' };
};

async function sealAndStore(secrets: Secrets, key: Uint8Array<ArrayBuffer>, salt: string, iterations: number, now: number) {
  await vaultItem.setValue(await sealWithKey(JSON.stringify(secrets), key, salt, iterations));
  await unlockedItem.setValue({ secrets, key: toBase64(key), salt, iterations, lastUsedAt: now });
}

/** Turns the vault on: seals every profile's secrets, then removes them from the profiles. */
export async function enableVault(passphrase: string, now = Date.now()): Promise<VaultResult> {
  if (await vaultItem.getValue()) return { ok: false, error: 'state' };
  if (passphrase.length < MIN_PASSPHRASE) return { ok: false, error: 'weak-passphrase' };
  const book = await profilesItem.getValue();
  const salt = newSalt();
  const key = await deriveKeyBytes(passphrase, salt, VAULT_ITERATIONS);
  // Sealed first, stripped second: a crash in between leaves the secrets in both, never in neither.
  await sealAndStore(secretsOf(book.profiles), key, salt, VAULT_ITERATIONS, now);
  await profilesItem.setValue({ ...book, profiles: book.profiles.map(stripped) });
  return { ok: true };
}

async function openRecord(passphrase: string): Promise<{ record: SealedRecord; secrets: Secrets; key: Uint8Array<ArrayBuffer> } | VaultResult> {
  const record = await vaultItem.getValue();
  if (!record) return { ok: false, error: 'state' };
  const key = await deriveKeyBytes(passphrase, record.kdf.salt, record.kdf.iterations);
  try {
    return { record, secrets: JSON.parse(await unsealWithKey(record, key)) as Secrets, key };
  } catch (e) {
    if (e instanceof WrongPassphraseError) return { ok: false, error: 'wrong-passphrase' };
    throw e;
  }
}

/** Unlocks; a record made with fewer iterations than today's is re-sealed with today's. */
export async function unlockVault(passphrase: string, now = Date.now()): Promise<VaultResult> {
  const opened = await openRecord(passphrase);
  if ('ok' in opened) return opened;
  const { record } = opened;
  const secrets = await onlyExistingProfiles(opened.secrets);
  if (needsUpgrade(record) || Object.keys(secrets).length !== Object.keys(opened.secrets).length) {
    const salt = needsUpgrade(record) ? newSalt() : record.kdf.salt;
    const iterations = Math.max(record.kdf.iterations, VAULT_ITERATIONS);
    const key = needsUpgrade(record) ? await deriveKeyBytes(passphrase, salt, iterations) : opened.key;
    await sealAndStore(secrets, key, salt, iterations, now);
  } else {
    await unlockedItem.setValue({ secrets, key: toBase64(opened.key), salt: record.kdf.salt, iterations: record.kdf.iterations, lastUsedAt: now });
  }
  return { ok: true };
}

/**
 * Is this the vault's passphrase? For an action that asks for it again (turning a transfer lock
 * off). False when the vault is off or the passphrase is wrong.
 */
export async function checkPassphrase(passphrase: string): Promise<boolean> {
  if (!(await vaultItem.getValue())) return false;
  return !('ok' in (await openRecord(passphrase)));
}

export async function lockVault(): Promise<void> {
  await unlockedItem.removeValue();
}

export async function changePassphrase(oldPassphrase: string, newPassphrase: string, now = Date.now()): Promise<VaultResult> {
  if (newPassphrase.length < MIN_PASSPHRASE) return { ok: false, error: 'weak-passphrase' };
  const opened = await openRecord(oldPassphrase);
  if ('ok' in opened) return opened;
  const salt = newSalt();
  await sealAndStore(opened.secrets, await deriveKeyBytes(newPassphrase, salt, VAULT_ITERATIONS), salt, VAULT_ITERATIONS, now);
  return { ok: true };
}

/** Turns the vault off (asks for the passphrase): the secrets go back into the profiles. */
export async function disableVault(passphrase: string): Promise<VaultResult> {
  const opened = await openRecord(passphrase);
  if ('ok' in opened) return opened;
  const book = await profilesItem.getValue();
  const profiles = book.profiles.map((p) => ({ ...p, ...(opened.secrets[p.id] ?? {}) }));
  await profilesItem.setValue({ ...book, profiles });
  await vaultItem.removeValue();
  await unlockedItem.removeValue();
  return { ok: true };
}

/**
 * Stores a profile's new secrets: sealed when the vault is on (it must be unlocked), or in the
 * profile itself when it is off. The profile must already exist.
 */
export async function storeSecrets(profileId: string, set: SecretSet, now = Date.now()): Promise<VaultResult> {
  const book = await profilesItem.getValue();
  if (!book.profiles.some((p) => p.id === profileId)) return { ok: false, error: 'no-profile' };
  if (!(await vaultItem.getValue())) {
    const profiles = book.profiles.map((p) => (p.id === profileId ? { ...stripped(p), ...set } : p));
    await profilesItem.setValue({ ...book, profiles });
    return { ok: true };
  }
  const open = await unlockedItem.getValue();
  if (!open) return { ok: false, error: 'locked' };
  const secrets = { ...open.secrets, [profileId]: set };
  await sealAndStore(secrets, fromBase64(open.key), open.salt, open.iterations, now);
  return { ok: true };
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
  // The auto-lock time is checked at the moment of use, not only by the once-a-minute alarm. A
  // use here (a poll, a batch's calls) is not a person's: it does not move the time on.
  if (await autoLockIfIdle(now)) return 'locked';
  const set = open.secrets[profile.id];
  if (!set?.accessKeySecret) return undefined;
  return { accessKeyId: profile.accessKeyId, ...set };
}

/**
 * A person did something with the extension (a page opened or a button pressed in it, the menu,
 * a notification): the auto-lock time starts again. Past it the vault locks first: an action
 * after the deadline does not keep the vault open.
 */
export async function noteActivity(now = Date.now()): Promise<void> {
  if (!(await unlockedItem.getValue()) || (await autoLockIfIdle(now))) return;
  await vaultActivityItem.setValue(now);
}

/** Locks the vault when it has not been used for the chosen idle time. */
export async function autoLockIfIdle(now = Date.now()): Promise<boolean> {
  const [open, { autoLockMinutes }, active] = await Promise.all([unlockedItem.getValue(), vaultSettingsItem.getValue(), vaultActivityItem.getValue()]);
  // Last used: the unlock (or a re-seal), or a person's action since.
  const lastUsedAt = Math.max(open?.lastUsedAt ?? 0, active ?? 0);
  if (!open || autoLockMinutes <= 0 || now - lastUsedAt < autoLockMinutes * 60_000) return false;
  await lockVault();
  return true;
}

/** The secrets of profiles that still exist: a deleted profile's secret does not stay sealed. */
async function onlyExistingProfiles(secrets: Secrets): Promise<Secrets> {
  const ids = new Set((await profilesItem.getValue()).profiles.map((p) => p.id));
  return Object.fromEntries(Object.entries(secrets).filter(([id]) => ids.has(id)));
}

/**
 * Drops the sealed secrets of deleted profiles. While locked this cannot re-seal; the next unlock
 * drops them instead.
 */
export async function forgetDeletedSecrets(now = Date.now()): Promise<void> {
  const open = await unlockedItem.getValue();
  if (!open || !(await vaultItem.getValue())) return;
  const secrets = await onlyExistingProfiles(open.secrets);
  if (Object.keys(secrets).length === Object.keys(open.secrets).length) return;
  await sealAndStore(secrets, fromBase64(open.key), open.salt, open.iterations, open.lastUsedAt ?? now);
}

/**
 * For a forgotten passphrase: throws the sealed secrets away and turns the vault off. The
 * profiles stay, without secrets: each needs its secret entered again.
 */
export async function resetVault(): Promise<void> {
  await vaultItem.removeValue();
  await unlockedItem.removeValue();
}
