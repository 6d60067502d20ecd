// AccessKey profiles (AK or STS), one of them active, without their secrets: pages read and write
// this book; the secrets are the worker's alone (lib/credentials/vault.ts).
import type { PageVaultState, SecretChange, Site } from '../protocol';
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
// Pages never write a secret into storage themselves, nor read one: they write the profile's
// metadata, then hand the secret (and token) to the background with storeSecrets, which seals it
// when the vault is on and keeps it in local:secrets when it is off. So with the vault on, a secret
// typed into the options page reaches storage.local only sealed, whatever the page believed.

/** A profile without its secrets: what a page writes into profilesItem. */
export type ProfileMeta = Pick<Profile, 'id' | 'name' | 'site' | 'accessKeyId'>;

export type { SecretChange, SecretSet } from '../protocol';

export type { PageVaultState } from '../protocol';

export type ProfilePlan =
  | { ok: true; meta: ProfileMeta; secrets?: SecretChange }
  | { ok: false; error: 'need-id' | 'need-secret' | 'name-taken' };

/**
 * Does the worker hold a secret for this profile? It says so in the profile (hasSecret). Not
 * known (a profile moved while the vault was locked): with the vault on, a saved profile has
 * one (saving needs it).
 */
export function hasStoredSecret(profile: Profile | undefined, vault: PageVaultState): boolean {
  if (!profile) return false;
  if (profile.hasSecret !== undefined) return profile.hasSecret;
  return vault === 'locked' || vault === 'unlocked';
}

/**
 * What saving the options form changes, with these rules: an empty secret field keeps the
 * stored secret, an empty token field keeps the token unless a new secret was entered. A new
 * token alone goes to the worker, which puts it beside the stored secret.
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
  return { ok: true, meta, secrets: { securityToken: newToken } };
}

export type PageSaveResult = { ok: true } | { ok: false; error: 'locked' | 'refused' | 'no-answer' };

/** How a page hands secrets to the worker (lib/protocol/client's secretsChannel in the extension). */
export interface SecretsChannel {
  vaultStatus(): Promise<PageVaultState>;
  storeSecrets(profileId: string, secrets: SecretChange): Promise<{ ok: true } | { ok: false; error: 'locked' | 'refused' }>;
}

/**
 * Adds or replaces profiles (by id, in place) and sets the active one, then stores the new secrets
 * through the background. A replaced profile keeps what the worker said of its secrets until
 * storeSecrets changes them; a new profile is written without a secret, and removed again if its
 * secret could not be stored. With the vault locked nothing is written: the user is asked to
 * unlock first. The worker is asked first in every case: its answer also means it has moved any
 * secret out of the profiles that an earlier version left there, before this page writes them.
 */
export async function saveProfilesFromPage(
  changes: { profiles: ProfileMeta[]; activeId: string | null },
  secrets: Record<string, SecretChange>,
  channel: SecretsChannel,
): Promise<PageSaveResult> {
  const pending = Object.keys(secrets);
  let state: PageVaultState;
  try {
    state = await channel.vaultStatus();
  } catch {
    return { ok: false, error: 'no-answer' };
  }
  if (state === 'unknown') return { ok: false, error: 'refused' };
  if (pending.length > 0 && state === 'locked') return { ok: false, error: 'locked' };

  const before = await profilesItem.getValue();
  const profiles = before.profiles.slice();
  const added = new Set<string>();
  for (const meta of changes.profiles) {
    const index = profiles.findIndex((p) => p.id === meta.id);
    const stored = index >= 0 ? profiles[index] : undefined;
    const profile: Profile = stored
      ? { ...meta, ...(stored.hasSecret !== undefined ? { hasSecret: stored.hasSecret } : {}), ...(stored.sts !== undefined ? { sts: stored.sts } : {}) }
      : { ...meta, hasSecret: false, sts: false };
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
