// Worker-only. The profiles' view of where their secrets are, and the one-time move of the
// secrets out of the profiles (where the landed version kept them, read by every page) into
// local:secrets (vault off) or nowhere (vault on: they are already sealed in local:vault).
import type { SecretSet } from '../protocol';
import { legacyProfilesItem, profilesItem, secretsItem, vaultItem, type LegacyProfile, type Profile, type SealedRecord } from '../storage';

/** A profile written by the landed version still carries secret fields (even empty ones). */
export function hasLegacyFields(profile: LegacyProfile): boolean {
  return 'accessKeySecret' in profile || 'securityToken' in profile;
}

/** The secrets a landed-version profile carries, if any. */
export function legacySecretOf(profile: LegacyProfile): SecretSet | undefined {
  if (!profile.accessKeySecret) return undefined;
  return { accessKeySecret: profile.accessKeySecret, ...(profile.securityToken ? { securityToken: profile.securityToken } : {}) };
}

/** The profile without its secret fields, with what is known of its secrets. */
export function withoutSecrets(profile: LegacyProfile, known: SecretSet | undefined | 'unknown'): Profile {
  const { accessKeySecret: _secret, securityToken: _token, hasSecret: _has, sts: _sts, ...meta } = profile;
  if (known === 'unknown') return meta;
  return { ...meta, hasSecret: Boolean(known?.accessKeySecret), sts: Boolean(known?.securityToken) };
}

/**
 * Moves the secrets out of the profiles (once: afterwards there is nothing to move), and removes
 * a plain copy left beside a vault (a stop between sealing and removing it). Every worker
 * function that reads or writes secrets awaits this first, so no read sees the old layout.
 * Answers the vault's sealed record as it read it (null: the vault is off), which this never changes.
 */
export async function ensureSecretsMoved(): Promise<SealedRecord | null> {
  const [book, record] = await Promise.all([legacyProfilesItem.getValue(), vaultItem.getValue()]);
  if (record) {
    const stray = await secretsItem.getValue();
    if (Object.keys(stray).length > 0) await secretsItem.removeValue();
  }
  if (!book.profiles.some(hasLegacyFields)) return record;
  if (record) {
    // With the vault on the profiles' secret fields were emptied when it was sealed: nothing to
    // keep. Whether each profile has a sealed secret is known at the next unlock.
    await profilesItem.setValue({ activeId: book.activeId, profiles: book.profiles.map((p) => withoutSecrets(p, 'unknown')) });
    return record;
  }
  const stored = await secretsItem.getValue();
  const moved: Record<string, SecretSet> = {};
  for (const p of book.profiles) {
    const set = stored[p.id] ?? legacySecretOf(p);
    if (set) moved[p.id] = set;
  }
  // Written first, stripped second: a stop in between leaves the secrets in both places.
  await secretsItem.setValue(moved);
  await profilesItem.setValue({ activeId: book.activeId, profiles: book.profiles.map((p) => withoutSecrets(p, moved[p.id])) });
  return record;
}

/** Sets each profile's hasSecret and sts from the secrets the worker holds (writes only a change). */
export async function markProfiles(secrets: Record<string, SecretSet>): Promise<void> {
  const book = await profilesItem.getValue();
  let changed = false;
  const profiles = book.profiles.map((p) => {
    const hasSecret = Boolean(secrets[p.id]?.accessKeySecret);
    const sts = Boolean(secrets[p.id]?.securityToken);
    if (p.hasSecret === hasSecret && p.sts === sts) return p;
    changed = true;
    return { ...p, hasSecret, sts };
  });
  if (changed) await profilesItem.setValue({ ...book, profiles });
}
