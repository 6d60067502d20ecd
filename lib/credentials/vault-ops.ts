// The vault's operations that need the passphrase or the derived key: turning it on and off,
// unlocking (re-sealing an old record with today's parameters and dropping deleted profiles'
// secrets), changing the passphrase, and sealing a newly saved secret. On Chrome they run in the
// offscreen document (lib/offscreen/handler.ts), never in the service worker, which only forwards
// the request (lib/background/vault-messages.ts); Firefox's background page imports this lazily.
import { isVaultRequest } from '../offscreen/protocol';
import { MIN_PASSPHRASE } from './passphrase-policy';
import { profilesItem, type Profile } from './profiles';
import { unlockedItem, vaultItem, type SecretSet, type Secrets, type VaultResult } from './vault';
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
 * Runs what the background forwarded: a page's message payload with the operation added. The
 * payload is checked here, where it is used, with the same bounds the background used to apply.
 */
export async function runVaultRequest(request: unknown): Promise<VaultResult | { ok: false; error: 'invalid' }> {
  if (!isVaultRequest(request)) return { ok: false, error: 'invalid' };
  switch (request.op) {
    case 'enable':
      return enableVault(request.passphrase);
    case 'unlock':
      return unlockVault(request.passphrase);
    case 'disable':
      return disableVault(request.passphrase);
    case 'change':
      return changePassphrase(request.oldPassphrase, request.newPassphrase);
    case 'store': {
      const { accessKeySecret, securityToken } = request;
      return storeSecrets(request.profileId, { accessKeySecret, ...(securityToken ? { securityToken } : {}) });
    }
    case 'forgetDeleted':
      await forgetDeletedSecrets();
      return { ok: true };
  }
}
