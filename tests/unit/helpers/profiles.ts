// Test set-up for profiles: the extension itself saves profiles only from the options page
// (lib/credentials/profiles saveProfilesFromPage, secrets through the worker).
import type { Credentials } from '../../../lib/aliyun/client';
import { profilesItem, type Profile } from '../../../lib/storage';

/** Adds or replaces a profile by id and makes it the active one. */
export async function saveProfile(profile: Profile): Promise<void> {
  const book = await profilesItem.getValue();
  const others = book.profiles.filter((p) => p.id !== profile.id);
  await profilesItem.setValue({ activeId: profile.id, profiles: [...others, profile] });
}

/** The credentials a profile signs with when the vault is off. */
export function credentialsOf(profile: Profile): Credentials {
  return {
    accessKeyId: profile.accessKeyId,
    accessKeySecret: profile.accessKeySecret,
    ...(profile.securityToken ? { securityToken: profile.securityToken } : {}),
  };
}
