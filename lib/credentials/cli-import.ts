// Profiles from an `aliyun` CLI config file (~/.aliyun/config.json), as pure functions.
//
// Decisions:
// - Only the modes that hold a long-lived or temporary key pair are imported: AK, and StsToken
//   (its sts_token becomes the profile's securityToken). Every other mode (RamRoleArn, EcsRamRole,
//   ChainableRamRoleArn, RsaKeyPair, External, CredentialsURI, OIDC, CloudSSO, ...) needs a call to
//   STS or a local helper first, which this extension does not make: such profiles are refused with
//   a reason. A profile without a mode (very old configs) is read as AK when it has a key pair.
// - The site is always the China site (domain.aliyuncs.com). The CLI's region_id is the default
//   region for other products and says nothing about the site the account was opened on (China-site
//   accounts use ap-/eu-/us- regions every day), so it never switches the site silently; an overseas
//   region only raises `siteHint`, which the options page shows as a suggestion. A profile that
//   replaces one of the same name keeps that profile's site, which the user may already have set.
// - The CLI's `language` is not imported: the UI language is a per-browser choice.
// - The CLI's `current` profile becomes the active one when it was imported.
import type { Site } from '../domain/api';
import type { SecretSet } from '../protocol';
import type { Profile, ProfileBook } from './profiles';

export interface ImportedProfile {
  name: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  regionId?: string;
  /** The region suggests the International site (see the note above); only a suggestion. */
  siteHint: boolean;
}

export type CliRefusal =
  | { kind: 'mode'; name: string; mode: string }
  | { kind: 'keys'; name: string }
  | { kind: 'token'; name: string }
  | { kind: 'entry'; index: number };

export interface CliImportOk {
  ok: true;
  current?: string;
  profiles: ImportedProfile[];
  refused: CliRefusal[];
}

export type CliImportResult = CliImportOk | { ok: false; error: 'malformed' | 'not-a-config' | 'too-big' };

/** A CLI config is a few kilobytes; anything far larger is the wrong file. */
export const MAX_CONFIG_LENGTH = 1_000_000;

const OVERSEAS_REGION = /^(ap|eu|us|me)-/;

export function parseCliConfig(text: string): CliImportResult {
  if (text.length > MAX_CONFIG_LENGTH) return { ok: false, error: 'too-big' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (!isRecord(data) || !Array.isArray(data.profiles)) return { ok: false, error: 'not-a-config' };

  const profiles: ImportedProfile[] = [];
  const refused: CliRefusal[] = [];
  data.profiles.forEach((entry: unknown, index: number) => {
    const read = readProfile(entry, index + 1);
    if ('kind' in read) refused.push(read);
    else profiles.push(read);
  });
  const current = str(data.current);
  return { ok: true, ...(current ? { current } : {}), profiles, refused };
}

function readProfile(entry: unknown, index: number): ImportedProfile | CliRefusal {
  if (!isRecord(entry)) return { kind: 'entry', index };
  const name = str(entry.name);
  if (!name) return { kind: 'entry', index };
  const mode = str(entry.mode) || 'AK';
  if (mode !== 'AK' && mode !== 'StsToken') return { kind: 'mode', name, mode };

  const accessKeyId = str(entry.access_key_id);
  const accessKeySecret = str(entry.access_key_secret);
  if (!accessKeyId || !accessKeySecret) return { kind: 'keys', name };
  const securityToken = str(entry.sts_token);
  if (mode === 'StsToken' && !securityToken) return { kind: 'token', name };

  const regionId = str(entry.region_id);
  return {
    name,
    accessKeyId,
    accessKeySecret,
    // An AK profile may carry a stale sts_token from an earlier mode: the CLI ignores it, so do we.
    ...(mode === 'StsToken' ? { securityToken } : {}),
    ...(regionId ? { regionId } : {}),
    siteHint: OVERSEAS_REGION.test(regionId),
  };
}

/**
 * The profile book after an import: a profile with an imported name is replaced (keeping its id
 * and site), the others are added on the China site. The CLI's current profile becomes active if
 * it was imported; otherwise the active profile stays, or the first imported one is chosen.
 */
export function mergeImported(book: ProfileBook, imported: CliImportOk, newId: () => string): ImportMerge {
  const profiles = book.profiles.slice();
  const secrets: Record<string, SecretSet> = {};
  const idsByName = new Map<string, string>();
  for (const item of imported.profiles) {
    const index = profiles.findIndex((p) => p.name === item.name);
    const previous = index >= 0 ? profiles[index] : undefined;
    const site: Site = previous?.site ?? 'cn';
    const profile: Profile = {
      id: previous?.id ?? newId(),
      name: item.name,
      site,
      accessKeyId: item.accessKeyId,
    };
    secrets[profile.id] = { accessKeySecret: item.accessKeySecret, ...(item.securityToken ? { securityToken: item.securityToken } : {}) };
    if (index >= 0) profiles[index] = profile;
    else profiles.push(profile);
    idsByName.set(item.name, profile.id);
  }

  const currentId = imported.current ? idsByName.get(imported.current) : undefined;
  const stillActive = profiles.some((p) => p.id === book.activeId) ? book.activeId : null;
  const firstImported = imported.profiles[0] ? idsByName.get(imported.profiles[0].name) : undefined;
  return { book: { activeId: currentId ?? stillActive ?? firstImported ?? null, profiles }, secrets };
}

/** The book after an import (profiles without secrets) and the imported secrets, by profile id. */
export interface ImportMerge {
  book: ProfileBook;
  secrets: Record<string, SecretSet>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A trimmed string field, or '' for anything else (numbers, null, missing). */
function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}
