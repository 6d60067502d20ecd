// Messages between the background and its offscreen document. A Chrome service worker has no DOM
// and cannot lazy-load code, so three things happen in a short-lived offscreen document instead:
// copying to the clipboard, parsing text with the public suffix list (too big to load on every
// worker wake for a path that only the context menu needs), and the vault's passphrase work
// (PBKDF2 and AES-GCM: only enabling, unlocking, changing, disabling and re-sealing need it).

import type { Lang } from '../aliyun/errors';
import type { NameRefusal } from '../domain/refusals';
import type { Failure } from '../jobs/types';

/**
 * A vault operation (lib/credentials/vault-ops.ts): the page's message payload plus the operation.
 * The background forwards the payload unchecked; runVaultRequest checks it (isVaultRequest) and
 * answers 'invalid' as the background used to. Passphrases and secrets travel only from the
 * background to the offscreen document, over runtime messaging; they are never logged.
 */
export type VaultRequest =
  | { op: 'enable' | 'unlock' | 'disable'; passphrase: string }
  | { op: 'change'; oldPassphrase: string; newPassphrase: string }
  | { op: 'store'; profileId: string; accessKeySecret: string; securityToken?: string }
  | { op: 'forgetDeleted' };

export type OffscreenMessage =
  | { target: 'offscreen'; type: 'copy'; text: string }
  | { target: 'offscreen'; type: 'normalize'; text: string }
  /** The words for a refusal travel with the parser, not in the service worker. */
  | { target: 'offscreen'; type: 'refusal'; reason: NameRefusal; lang: Lang }
  /** `request` is checked where it runs (isVaultRequest), so a malformed one gets an answer. */
  | { target: 'offscreen'; type: 'vault'; request: unknown }
  /** The words for a failed job or an API error: the bilingual tables stay out of the worker. */
  | { target: 'offscreen'; type: 'failure-text'; failure: Failure; lang: Lang }
  | { target: 'offscreen'; type: 'describe-error'; code: string; httpStatus?: number; lang: Lang };

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (!isRecord(m) || m.target !== 'offscreen') return false;
  if (m.type === 'copy' || m.type === 'normalize') return typeof m.text === 'string';
  if (m.type === 'vault') return 'request' in m;
  const lang = m.lang === 'en' || m.lang === 'zh';
  if (m.type === 'failure-text') return lang && isRecord(m.failure) && typeof m.failure.cause === 'string';
  if (m.type === 'describe-error') return lang && typeof m.code === 'string' && (m.httpStatus === undefined || typeof m.httpStatus === 'number');
  return m.type === 'refusal' && typeof m.reason === 'string' && lang;
}

/** The same bounds as the payload checks in lib/messaging.ts. */
const MAX_PASSPHRASE = 1_024;
const MAX_ID = 100;
const MAX_SECRET = 4_096;

export function isVaultRequest(r: unknown): r is VaultRequest {
  if (!isRecord(r)) return false;
  switch (r.op) {
    case 'enable':
    case 'unlock':
    case 'disable':
      return text(r.passphrase, 1, MAX_PASSPHRASE);
    case 'change':
      return text(r.oldPassphrase, 1, MAX_PASSPHRASE) && text(r.newPassphrase, 1, MAX_PASSPHRASE);
    case 'store':
      return (
        text(r.profileId, 1, MAX_ID) &&
        text(r.accessKeySecret, 1, MAX_SECRET) &&
        (r.securityToken === undefined || text(r.securityToken, 0, MAX_SECRET))
      );
    case 'forgetDeleted':
      return true;
    default:
      return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function text(v: unknown, min: number, max: number): boolean {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}
