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
