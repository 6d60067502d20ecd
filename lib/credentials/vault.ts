// Where the AccessKey secrets live, and the optional passphrase vault. Worker-only: no page
// imports this module (tests/unit/layering.test.ts), and no page reads the storage keys it uses.
// - Vault off: the secrets are in local:secrets (unencrypted; the options page says so), out of
//   the profiles that every page reads.
// - Vault on: local:vault holds one record sealed with the passphrase's key (PBKDF2, AES-GCM) whose
//   plaintext is `{ secrets, codeKey }`; the code key seals the transfer codes (code-seal.ts).
//   Unlocked, storage.session holds the two keys only, never the secrets: every use opens the
//   record again (an AES-GCM decryption of a few hundred bytes), so a secret is in memory only
//   for the call that signs with it.
import type { Credentials } from '../aliyun/client';
import type { SecretChange, SecretSet, VaultResult, VaultStatus } from '../protocol';
import { MIN_PASSPHRASE, passphraseLength } from './passphrase-policy';
import { ensureSecretsMoved, markProfiles } from './secrets-move';
import { profilesItem } from './profiles';
import { secretsItem, unlockedItem, vaultActivityItem, vaultItem, vaultSettingsItem, type UnlockedVault } from '../storage';
import {
  deriveKeyBytes,
  fromBase64,
  needsUpgrade,
  newCodeKey,
  newSalt,
  sealWithKey,
  toBase64,
  unsealWithKey,
  VAULT_ITERATIONS,
  WrongPassphraseError,
  type PassphraseForm,
  type SealedRecord,
} from './vault-crypto';

/** Profile id -> its secrets. */
export type Secrets = Record<string, SecretSet>;

export { unlockedItem, vaultItem, vaultSettingsItem, type UnlockedVault, type VaultSettings } from '../storage';

export type { SecretSet, VaultResult, VaultStatus } from '../protocol';

export { MIN_PASSPHRASE } from './passphrase-policy';

/** What the sealed record holds. */
export interface VaultContents {
  secrets: Secrets;
  /** Base64 AES-256 key of the transfer codes. */
  codeKey: string;
}

export async function vaultStatus(): Promise<VaultStatus> {
  if (!(await ensureSecretsMoved())) return 'off';
  return (await unlockedItem.getValue()) ? 'unlocked' : 'locked';
}

/**
 * The record's plaintext: `{ secrets, codeKey }`, or (as the landed version sealed it) the
 * secrets map alone, which has no code key yet (codeKey undefined: the caller makes one).
 */
export function parseContents(text: string): { secrets: Secrets; codeKey?: string } {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null) return { secrets: {} };
  const record = value as Record<string, unknown>;
  if (typeof record.codeKey === 'string' && typeof record.secrets === 'object' && record.secrets !== null) {
    return { secrets: record.secrets as Secrets, codeKey: record.codeKey };
  }
  return { secrets: record as Secrets };
}

async function sealAndStore(contents: VaultContents, key: Uint8Array<ArrayBuffer>, salt: string, iterations: number, lastUsedAt: number) {
  await vaultItem.setValue(await sealWithKey(JSON.stringify(contents), key, salt, iterations));
  const open: UnlockedVault = { key: toBase64(key), codeKey: contents.codeKey, salt, iterations, lastUsedAt };
  await unlockedItem.setValue(open);
}

/**
 * The reason a passphrase is refused for a new vault or a new passphrase, or null. The worker
 * checks the length; the options page refuses a guessable one before it sends it
 * (passphrase-policy.ts says why the estimator is not here).
 */
function refusal(passphrase: string): VaultResult | null {
  return passphraseLength(passphrase) >= MIN_PASSPHRASE ? null : { ok: false, error: 'weak-passphrase' };
}

/**
 * Turns the vault on: seals every profile's secrets with a new code key, then removes the plain
 * copy (sealed first, removed second: a stop in between leaves the secrets in both, never in
 * neither; the next enable is refused as 'state' and the plain copy is removed at the next start).
 */
export async function enableVault(passphrase: string, now = Date.now()): Promise<VaultResult> {
  if (await ensureSecretsMoved()) return { ok: false, error: 'state' };
  const weak = refusal(passphrase);
  if (weak) return weak;
  const secrets = await secretsItem.getValue();
  const salt = newSalt();
  const key = await deriveKeyBytes(passphrase, salt, VAULT_ITERATIONS);
  await sealAndStore({ secrets, codeKey: newCodeKey() }, key, salt, VAULT_ITERATIONS, now);
  await secretsItem.removeValue();
  return { ok: true };
}

interface Opened {
  record: SealedRecord;
  contents: { secrets: Secrets; codeKey?: string };
  key: Uint8Array<ArrayBuffer>;
  /** The passphrase opened it only as typed (a record made before the NFC rule). */
  asTyped: boolean;
}

async function openWith(record: SealedRecord, passphrase: string, form: PassphraseForm): Promise<Opened | null> {
  const key = await deriveKeyBytes(passphrase, record.kdf.salt, record.kdf.iterations, form);
  try {
    return { record, contents: parseContents(await unsealWithKey(record, key)), key, asTyped: form === 'as-typed' };
  } catch (e) {
    if (e instanceof WrongPassphraseError) return null;
    throw e;
  }
}

async function openRecord(passphrase: string): Promise<Opened | VaultResult> {
  const record = await ensureSecretsMoved();
  if (!record) return { ok: false, error: 'state' };
  const opened =
    (await openWith(record, passphrase, 'nfc')) ??
    (passphrase.normalize('NFC') !== passphrase ? await openWith(record, passphrase, 'as-typed') : null);
  return opened ?? { ok: false, error: 'wrong-passphrase' };
}

/**
 * Unlocks. The record is sealed again (new salt, today's iterations, NFC) when it was made with
 * fewer iterations, before the NFC rule or without a code key, or holds deleted profiles' secrets.
 */
export async function unlockVault(passphrase: string, now = Date.now()): Promise<VaultResult> {
  const opened = await openRecord(passphrase);
  if ('ok' in opened) return opened;
  const { record, contents } = opened;
  const secrets = await onlyExistingProfiles(contents.secrets);
  const codeKey = contents.codeKey ?? newCodeKey();
  const rederive = needsUpgrade(record) || opened.asTyped;
  const pruned = Object.keys(secrets).length !== Object.keys(contents.secrets).length;
  if (rederive) {
    const salt = newSalt();
    const iterations = Math.max(record.kdf.iterations, VAULT_ITERATIONS);
    await sealAndStore({ secrets, codeKey }, await deriveKeyBytes(passphrase, salt, iterations), salt, iterations, now);
  } else if (pruned || !contents.codeKey) {
    await sealAndStore({ secrets, codeKey }, opened.key, record.kdf.salt, record.kdf.iterations, now);
  } else {
    await unlockedItem.setValue({ key: toBase64(opened.key), codeKey, salt: record.kdf.salt, iterations: record.kdf.iterations, lastUsedAt: now });
  }
  await markProfiles(secrets);
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
  const weak = refusal(newPassphrase);
  if (weak) return weak;
  const opened = await openRecord(oldPassphrase);
  if ('ok' in opened) return opened;
  const salt = newSalt();
  const contents = { secrets: opened.contents.secrets, codeKey: opened.contents.codeKey ?? newCodeKey() };
  await sealAndStore(contents, await deriveKeyBytes(newPassphrase, salt, VAULT_ITERATIONS), salt, VAULT_ITERATIONS, now);
  return { ok: true };
}

/** Turns the vault off (asks for the passphrase): the secrets go back to local:secrets. */
export async function disableVault(passphrase: string): Promise<VaultResult> {
  const opened = await openRecord(passphrase);
  if ('ok' in opened) return opened;
  const secrets = await onlyExistingProfiles(opened.contents.secrets);
  await secretsItem.setValue(secrets);
  await vaultItem.removeValue();
  await unlockedItem.removeValue();
  await markProfiles(secrets);
  return { ok: true };
}

/** The unlocked vault's contents (`record` as just read), opened with the session's key; 'locked' when it cannot be. */
async function openUnlocked(record: SealedRecord, now: number): Promise<{ open: UnlockedVault; contents: VaultContents } | 'locked'> {
  const open = await unlockedItem.getValue();
  if (!open) return 'locked';
  // The auto-lock time is checked at the moment of use, not only by the once-a-minute alarm. A
  // use here (a poll, a batch's calls) is not a person's: it does not move the time on.
  if (await autoLockIfIdle(now)) return 'locked';
  try {
    const { secrets } = parseContents(await unsealWithKey(record, fromBase64(open.key)));
    return { open, contents: { secrets, codeKey: open.codeKey } };
  } catch (e) {
    // A record sealed by another key than the session's (changed meanwhile): locked, ask again.
    if (e instanceof WrongPassphraseError) return 'locked';
    throw e;
  }
}

/** A secret change applied to what is stored: a token alone keeps the stored secret. */
export function applySecretChange(stored: SecretSet | undefined, change: SecretChange): SecretSet | 'no-secret' {
  if (change.accessKeySecret !== undefined) {
    return { accessKeySecret: change.accessKeySecret, ...(change.securityToken ? { securityToken: change.securityToken } : {}) };
  }
  if (!stored?.accessKeySecret) return 'no-secret';
  return { accessKeySecret: stored.accessKeySecret, securityToken: change.securityToken };
}

/**
 * Stores a profile's new secrets: sealed when the vault is on (it must be unlocked), in
 * local:secrets when it is off. The profile must already exist.
 */
export async function storeSecrets(profileId: string, change: SecretChange, now = Date.now()): Promise<VaultResult> {
  const record = await ensureSecretsMoved();
  const book = await profilesItem.getValue();
  if (!book.profiles.some((p) => p.id === profileId)) return { ok: false, error: 'no-profile' };
  if (!record) {
    const secrets = await secretsItem.getValue();
    const set = applySecretChange(secrets[profileId], change);
    if (set === 'no-secret') return { ok: false, error: 'no-secret' };
    const next = { ...secrets, [profileId]: set };
    await secretsItem.setValue(next);
    await markProfiles(next);
    return { ok: true };
  }
  const unlocked = await openUnlocked(record, now);
  if (unlocked === 'locked') return { ok: false, error: 'locked' };
  const { open, contents } = unlocked;
  const set = applySecretChange(contents.secrets[profileId], change);
  if (set === 'no-secret') return { ok: false, error: 'no-secret' };
  const secrets = { ...contents.secrets, [profileId]: set };
  await sealAndStore({ secrets, codeKey: contents.codeKey }, fromBase64(open.key), open.salt, open.iterations, now);
  await markProfiles(secrets);
  return { ok: true };
}

/** The credentials to sign with, 'locked' when the vault holds them and is locked. */
export async function credentialsFor(profile: { id: string; accessKeyId: string }, now = Date.now()): Promise<Credentials | 'locked' | undefined> {
  const record = await ensureSecretsMoved();
  let set: SecretSet | undefined;
  if (!record) {
    set = (await secretsItem.getValue())[profile.id];
  } else {
    const unlocked = await openUnlocked(record, now);
    if (unlocked === 'locked') return 'locked';
    set = unlocked.contents.secrets[profile.id];
  }
  if (!set?.accessKeySecret) return undefined;
  return { accessKeyId: profile.accessKeyId, accessKeySecret: set.accessKeySecret, ...(set.securityToken ? { securityToken: set.securityToken } : {}) };
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

/** The secrets of profiles that still exist: a deleted profile's secret does not stay. */
async function onlyExistingProfiles(secrets: Secrets): Promise<Secrets> {
  const ids = new Set((await profilesItem.getValue()).profiles.map((p) => p.id));
  return Object.fromEntries(Object.entries(secrets).filter(([id]) => ids.has(id)));
}

/**
 * Drops the secrets of deleted profiles. While locked this cannot re-seal; the next unlock drops
 * them instead.
 */
export async function forgetDeletedSecrets(now = Date.now()): Promise<void> {
  const record = await ensureSecretsMoved();
  if (!record) {
    const stored = await secretsItem.getValue();
    const secrets = await onlyExistingProfiles(stored);
    if (Object.keys(secrets).length !== Object.keys(stored).length) await secretsItem.setValue(secrets);
    return;
  }
  const unlocked = await openUnlocked(record, now);
  if (unlocked === 'locked') return;
  const { open, contents } = unlocked;
  const secrets = await onlyExistingProfiles(contents.secrets);
  if (Object.keys(secrets).length === Object.keys(contents.secrets).length) return;
  await sealAndStore({ secrets, codeKey: contents.codeKey }, fromBase64(open.key), open.salt, open.iterations, open.lastUsedAt ?? now);
}

/**
 * For a forgotten passphrase: throws the sealed secrets away and turns the vault off. The
 * profiles stay, without secrets: each needs its secret entered again.
 */
export async function resetVault(): Promise<void> {
  await vaultItem.removeValue();
  await unlockedItem.removeValue();
  await markProfiles({});
}

/**
 * The unlocked vault's code key (AES-256, raw bytes), which seals transfer codes while the vault
 * is on: 'locked' when the vault is on and locked (also once the auto-lock time has passed, as for
 * credentialsFor), 'off' when there is no vault.
 */
export async function codeKey(now = Date.now()): Promise<Uint8Array<ArrayBuffer> | 'locked' | 'off'> {
  if (!(await vaultItem.getValue())) return 'off';
  const open = await unlockedItem.getValue();
  if (!open || (await autoLockIfIdle(now))) return 'locked';
  return fromBase64(open.codeKey);
}
