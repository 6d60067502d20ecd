// Test set-up for profiles: the extension itself saves profiles only from the options page
// (lib/credentials/profiles saveProfilesFromPage, secrets through the worker). This writes what
// the worker would: the profile without secrets, and (vault off) its secrets in local:secrets.
import type { Credentials } from '../../../lib/aliyun/client';
import { profilesItem, secretsItem, type Profile } from '../../../lib/storage';

/** A profile with the secrets the test gives it. */
export type TestProfile = Profile & { accessKeySecret: string; securityToken?: string };

/** Adds or replaces a profile by id and makes it the active one; its secrets go to local:secrets. */
export async function saveProfile(profile: TestProfile): Promise<void> {
  const { accessKeySecret, securityToken, ...meta } = profile;
  const book = await profilesItem.getValue();
  const others = book.profiles.filter((p) => p.id !== profile.id);
  await profilesItem.setValue({ activeId: profile.id, profiles: [...others, { ...meta, hasSecret: Boolean(accessKeySecret), sts: Boolean(securityToken) }] });
  const secrets = await secretsItem.getValue();
  await secretsItem.setValue({ ...secrets, [profile.id]: { accessKeySecret, ...(securityToken ? { securityToken } : {}) } });
}

/** The credentials a profile signs with when the vault is off. */
export function credentialsOf(profile: TestProfile): Credentials {
  return {
    accessKeyId: profile.accessKeyId,
    accessKeySecret: profile.accessKeySecret,
    ...(profile.securityToken ? { securityToken: profile.securityToken } : {}),
  };
}
