// AccessKey profiles (AK or STS), one of them active. Read by the background to sign requests.
import { storage } from '@wxt-dev/storage';
import type { Credentials } from '../aliyun/client';
import type { Site } from '../domain/api';

export interface Profile {
  id: string;
  name: string;
  site: Site;
  accessKeyId: string;
  accessKeySecret: string;
  /** Only for STS credentials. */
  securityToken?: string;
}

export interface ProfileBook {
  activeId: string | null;
  profiles: Profile[];
}

export const profilesItem = storage.defineItem<ProfileBook>('local:profiles', {
  fallback: { activeId: null, profiles: [] },
  version: 1,
});

export async function getProfile(id: string): Promise<Profile | undefined> {
  return (await profilesItem.getValue()).profiles.find((p) => p.id === id);
}

export async function getActiveProfile(): Promise<Profile | undefined> {
  const book = await profilesItem.getValue();
  return book.profiles.find((p) => p.id === book.activeId) ?? book.profiles[0];
}

export function credentialsOf(profile: Profile): Credentials {
  return {
    accessKeyId: profile.accessKeyId,
    accessKeySecret: profile.accessKeySecret,
    ...(profile.securityToken ? { securityToken: profile.securityToken } : {}),
  };
}

/** Adds or replaces a profile by id and makes it the active one. */
export async function saveProfile(profile: Profile): Promise<void> {
  const book = await profilesItem.getValue();
  const others = book.profiles.filter((p) => p.id !== profile.id);
  await profilesItem.setValue({ activeId: profile.id, profiles: [...others, profile] });
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

export type ProfileEdit =
  | { ok: true; profile: Profile }
  | { ok: false; error: 'need-id' | 'need-secret' | 'name-taken' };

/**
 * The profile that saving the form gives. The stored secret is never shown, so an empty secret
 * field keeps it; an empty token field keeps the token too, unless a new secret was entered:
 * STS credentials come as a set, so a new secret without a token means a plain AccessKey.
 */
export function applyProfileInput(
  book: ProfileBook,
  existing: Profile | undefined,
  input: ProfileInput,
  newId: () => string,
): ProfileEdit {
  const id = existing?.id ?? newId();
  const name = input.name.trim() || existing?.name || freeDefaultName(book);
  if (book.profiles.some((p) => p.id !== id && p.name === name)) return { ok: false, error: 'name-taken' };
  const accessKeyId = input.accessKeyId.trim();
  if (!accessKeyId) return { ok: false, error: 'need-id' };
  const newSecret = input.accessKeySecret.trim();
  const accessKeySecret = newSecret || existing?.accessKeySecret || '';
  if (!accessKeySecret) return { ok: false, error: 'need-secret' };
  const securityToken = input.securityToken.trim() || (newSecret ? '' : (existing?.securityToken ?? ''));
  return {
    ok: true,
    profile: { id, name, site: input.site, accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) },
  };
}

/** "default", or "default 2", "default 3"... when that name is taken. */
function freeDefaultName(book: ProfileBook): string {
  const taken = new Set(book.profiles.map((p) => p.name));
  let name = DEFAULT_PROFILE_NAME;
  for (let n = 2; taken.has(name); n++) name = `${DEFAULT_PROFILE_NAME} ${n}`;
  return name;
}
