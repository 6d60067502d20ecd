// AccessKey profiles (AK or STS), one of them active. Read by the background to sign requests.
import type { PageVaultState, SecretSet, Site } from '../protocol';
import { profilesItem, type Profile, type ProfileBook } from '../storage';

export { profilesItem, type Profile, type ProfileBook } from '../storage';

export async function getProfile(id: string): Promise<Profile | undefined> {
  return (await profilesItem.getValue()).profiles.find((p) => p.id === id);
}

export async function getActiveProfile(): Promise<Profile | undefined> {
  const book = await profilesItem.getValue();
  return book.profiles.find((p) => p.id === book.activeId) ?? book.profiles[0];
}

/** Makes an existing profile the active one; unknown ids change nothing. */
export async function setActiveProfile(id: string): Promise<void> {
  const book = await profilesItem.getValue();
  if (!book.profiles.some((p) => p.id === id)) return;
  await profilesItem.setValue({ ...book, activeId: id });
}

/** Removes a profile; when it was the active one, the first remaining profile becomes active. */
export async function deleteProfile(id: string): Promise<void> {
  const book = await profilesItem.getValue();
  const profiles = book.profiles.filter((p) => p.id !== id);
  const activeId = profiles.some((p) => p.id === book.activeId) ? book.activeId : (profiles[0]?.id ?? null);
  await profilesItem.setValue({ activeId, profiles });
}

export const DEFAULT_PROFILE_NAME = 'default';

/** What the options form holds: empty secret or token fields mean "keep what is stored". */
export interface ProfileInput {
  name: string;
  site: Site;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
}

/** "default", or "default 2", "default 3"... when that name is taken. */
function freeDefaultName(book: ProfileBook): string {
  const taken = new Set(book.profiles.map((p) => p.name));
  let name = DEFAULT_PROFILE_NAME;
  for (let n = 2; taken.has(name); n++) name = `${DEFAULT_PROFILE_NAME} ${n}`;
  return name;
}

// ---- Saving from the options page ------------------------------------------------------------
// Pages never write a secret into storage themselves: they write the profile's metadata, then hand
// the secret (and token) to the background with storeSecrets, which seals it when the vault is on
// and puts it into the profile when the vault is off. So with the vault on, a secret typed into the
// options page reaches storage.local only sealed, whatever the page believed the vault's state was.

/** A profile without its secrets: what a page writes into profilesItem. */
export type ProfileMeta = Pick<Profile, 'id' | 'name' | 'site' | 'accessKeyId'>;

export type { SecretSet } from '../protocol';

export type { PageVaultState } from '../protocol';

export type ProfilePlan =
  | { ok: true; meta: ProfileMeta; secrets?: SecretSet }
  | { ok: false; error: 'need-id' | 'need-secret' | 'name-taken' | 'need-secret-with-token' };

/**
 * Does the stored profile have a secret? With the vault on, profiles keep an empty secret field
 * and their secret is sealed in the vault: a saved profile there always has one (saving needs it).
 */
export function hasStoredSecret(profile: Profile | undefined, vault: PageVaultState): boolean {
  if (!profile) return false;
  return vault === 'locked' || vault === 'unlocked' || Boolean(profile.accessKeySecret);
}

/**
 * What saving the options form changes, with these rules: an empty secret field
 * keeps the stored secret, an empty token field keeps the token unless a new secret was entered.
 * A new token alone needs the stored secret to go with it; with the vault on the page cannot read
 * that secret, so the secret has to be entered again with the token.
 */
export function planProfileSave(
  book: ProfileBook,
  existing: Profile | undefined,
  input: ProfileInput,
  newId: () => string,
  vault: PageVaultState,
): ProfilePlan {
  const id = existing?.id ?? newId();
  const name = input.name.trim() || existing?.name || freeDefaultName(book);
  if (book.profiles.some((p) => p.id !== id && p.name === name)) return { ok: false, error: 'name-taken' };
  const accessKeyId = input.accessKeyId.trim();
  if (!accessKeyId) return { ok: false, error: 'need-id' };
  const meta: ProfileMeta = { id, name, site: input.site, accessKeyId };
  const newSecret = input.accessKeySecret.trim();
  const newToken = input.securityToken.trim();
  if (newSecret) return { ok: true, meta, secrets: { accessKeySecret: newSecret, ...(newToken ? { securityToken: newToken } : {}) } };
  if (!hasStoredSecret(existing, vault)) return { ok: false, error: 'need-secret' };
  if (!newToken) return { ok: true, meta };
  if (!existing?.accessKeySecret) return { ok: false, error: 'need-secret-with-token' };
  return { ok: true, meta, secrets: { accessKeySecret: existing.accessKeySecret, securityToken: newToken } };
}

export type PageSaveResult = { ok: true } | { ok: false; error: 'locked' | 'refused' | 'no-answer' };

/** How a page hands secrets to the worker (lib/protocol/client's secretsChannel in the extension). */
export interface SecretsChannel {
  vaultStatus(): Promise<PageVaultState>;
  storeSecrets(profileId: string, secrets: SecretSet): Promise<{ ok: true } | { ok: false; error: 'locked' | 'refused' }>;
}

/**
 * Adds or replaces profiles (by id, in place) and sets the active one, then stores the new secrets
 * through the background. A replaced profile keeps the secret fields it has in storage until
 * storeSecrets replaces them (so a failure never leaves an existing profile without its secret);
 * a new profile is written with an empty secret, and removed again if its secret could not be
 * stored. With the vault locked nothing is written: the user is asked to unlock first.
 */
export async function saveProfilesFromPage(
  changes: { profiles: ProfileMeta[]; activeId: string | null },
  secrets: Record<string, SecretSet>,
  channel: SecretsChannel,
): Promise<PageSaveResult> {
  const pending = Object.keys(secrets);
  if (pending.length > 0) {
    let state: PageVaultState;
    try {
      state = await channel.vaultStatus();
    } catch {
      return { ok: false, error: 'no-answer' };
    }
    if (state === 'locked') return { ok: false, error: 'locked' };
    if (state === 'unknown') return { ok: false, error: 'refused' };
  }

  const before = await profilesItem.getValue();
  const profiles = before.profiles.slice();
  const added = new Set<string>();
  for (const meta of changes.profiles) {
    const index = profiles.findIndex((p) => p.id === meta.id);
    const stored = index >= 0 ? profiles[index] : undefined;
    const profile: Profile = {
      ...meta,
      accessKeySecret: stored?.accessKeySecret ?? '',
      ...(stored?.securityToken ? { securityToken: stored.securityToken } : {}),
    };
    if (stored) profiles[index] = profile;
    else {
      profiles.push(profile);
      added.add(meta.id);
    }
  }
  await profilesItem.setValue({ activeId: changes.activeId, profiles });

  for (const [i, profileId] of pending.entries()) {
    let answer: Awaited<ReturnType<SecretsChannel['storeSecrets']>> | 'no-answer';
    try {
      answer = await channel.storeSecrets(profileId, secrets[profileId]!);
    } catch {
      answer = 'no-answer';
    }
    if (answer !== 'no-answer' && answer.ok) continue;
    await removeUnsaved(pending.slice(i).filter((id) => added.has(id)), before.activeId);
    return { ok: false, error: answer === 'no-answer' ? 'no-answer' : answer.error };
  }
  return { ok: true };
}

/** Takes back the new profiles whose secrets were not stored: a profile without a secret is no use. */
async function removeUnsaved(ids: string[], previousActiveId: string | null): Promise<void> {
  if (ids.length === 0) return;
  const book = await profilesItem.getValue();
  const profiles = book.profiles.filter((p) => !ids.includes(p.id));
  const keep = (id: string | null) => (id && profiles.some((p) => p.id === id) ? id : null);
  await profilesItem.setValue({ activeId: keep(book.activeId) ?? keep(previousActiveId) ?? profiles[0]?.id ?? null, profiles });
}
