// The one typed protocol between the extension's pages and the background.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { BatchResult, RequestResult } from '../jobs/engine';
import type { Job } from '../jobs/types';
import type { VaultResult, VaultStatus } from '../credentials/vault';
import type { DomainInfo, TransferOutInfo } from '../domain/facts';
import { MAX_BATCH, MAX_INPUT_LENGTH } from './limits';
import { isRecord } from '../values';
import type { Readiness } from '../domain/readiness';

/** The answer to a message that was not from the extension's own pages, or was malformed. */
export interface Refused {
  ok: false;
  error: 'forbidden' | 'invalid';
}

export type Done = { ok: true } | { ok: false; error: 'not-found' } | Refused;

export interface ProtocolMap {
  /** Normalize the text and start (or join) a job for that domain. */
  requestCode(data: { text: string }): RequestResult | Refused;
  listJobs(): { ok: true; jobs: Job[] } | Refused;
  /** Many texts (lines of a paste or a CSV) as one batch with one summary notification. */
  requestBatch(data: { texts: string[] }): BatchResult | Refused;
  /** Start a failed job again. */
  retryJob(data: { id: string }): Done;
  /** Remove one job (and its notification). */
  dismissJob(data: { id: string }): Done;
  /** Remove every finished job; pending ones stay. */
  clearHistory(): { ok: true; removed: number } | Refused;
  /** Put a finished job's code on the clipboard from the background. */
  copyCode(data: { id: string }): Done;
  /** One harmless signed call with the active profile's keys: do they work? */
  testConnection(): ConnectionReport | Refused;

  /** The passphrase vault (see lib/credentials/vault). Passphrases travel only to the background. */
  vaultStatus(): { ok: true; status: VaultStatus; autoLockMinutes: number } | Refused;
  vaultEnable(data: { passphrase: string }): VaultResult | Refused;
  vaultUnlock(data: { passphrase: string }): VaultResult | Refused;
  vaultLock(): { ok: true } | Refused;
  vaultChangePassphrase(data: { oldPassphrase: string; newPassphrase: string }): VaultResult | Refused;
  vaultDisable(data: { passphrase: string }): VaultResult | Refused;
  vaultSetAutoLock(data: { minutes: number }): { ok: true } | Refused;
  /** Drops the sealed secrets of deleted profiles (now when unlocked, else at the next unlock). */
  forgetDeletedSecrets(): { ok: true } | Refused;
  /** Forgotten passphrase: throws the sealed secrets away (each profile needs its secret again). */
  vaultReset(): { ok: true } | Refused;
  /** Saves a profile's secrets: sealed when the vault is on, in the profile when it is off. */
  storeSecrets(data: { profileId: string; accessKeySecret: string; securityToken?: string }): VaultResult | Refused;

  /**
   * Transfer readiness of one domain with the active profile's keys (lib/domain/readiness).
   * `domain` must already be normalized (lower-case Unicode registrable domain, as the popup shows it).
   */
  checkReadiness(data: { domain: string }): FactsAnswer | Refused;
  /** Turns the domain's transfer prohibition lock on or off (submits a task; it takes effect when the task ends). */
  setTransferLock(data: { domain: string; on: boolean }): TransferLockResult | Refused;
}

/** Why a call with the active profile could not be made or was refused by Alibaba Cloud. */
export type ApiCallFailure =
  | { ok: false; error: 'no-credentials' | 'locked' }
  | { ok: false; error: 'api'; code: string; message: string };

/**
 * What the background found out about a domain: the API's answers as they came. The page reads
 * them (lib/domain/facts) and judges them (lib/domain/readiness): the parsing, the judgement and
 * its words stay out of the service worker's bundle.
 */
export interface DomainAnswers {
  ok: true;
  /** QueryDomainByDomainName's answer */
  domainAnswer: unknown;
  /** QueryTransferOutInfo's answer; absent when that call failed (then see transferOutError) */
  transferOutAnswer?: unknown;
  /** QueryTransferOutInfo failed (e.g. Forbidden.RAM): readiness is judged from TransferOutStatus only */
  transferOutError?: { code: string; message: string };
  /** When the facts were read (ms): the readiness is judged as of then. */
  checkedAt: number;
}

export type FactsAnswer = DomainAnswers | ApiCallFailure;

/** The answers as the page reads them. */
export interface DomainFacts {
  ok: true;
  info: DomainInfo;
  transferOut?: TransferOutInfo;
  transferOutError?: { code: string; message: string };
  checkedAt: number;
}

/** The facts with the page's judgement of them. */
export type ReadinessReport = (DomainFacts & { readiness: Readiness }) | ApiCallFailure;

export type TransferLockResult = { ok: true; taskNo: string } | ApiCallFailure;

export type ConnectionReport =
  | { ok: true }
  | { ok: false; error: 'no-credentials' | 'locked' }
  | { ok: false; error: 'api'; code: string; message: string };

export const { sendMessage, onMessage, removeAllListeners } = defineExtensionMessaging<ProtocolMap>();

/** Who sent a message, as runtime.onMessage reports it. */
export interface SenderInfo {
  id?: string;
  url?: string;
}

/** Only pages of this extension (popup, options, tabs showing them) may talk to the background. */
export function isOwnPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

/** Chrome refuses messages over 64 MiB anyway; the engine refuses long text at once, with a reason. */
const MAX_TEXT = 64 * 1024 * 1024;
const MAX_ID = 100;

export function isTextPayload(data: unknown): data is { text: string } {
  return isRecord(data) && isBoundedText(data.text, 0, MAX_TEXT);
}

/** Up to MAX_BATCH texts, each no longer than a domain input may be. */
export function isTextsPayload(data: unknown): data is { texts: string[] } {
  return (
    isRecord(data) &&
    Array.isArray(data.texts) &&
    data.texts.length > 0 &&
    data.texts.length <= MAX_BATCH &&
    data.texts.every((t) => typeof t === 'string' && t.length <= MAX_INPUT_LENGTH)
  );
}

/** A registrable domain name as the pages send it: normalized already, so only its shape is checked. */
export function isDomainName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 253 && !/[\s/\\\u0000-\u001f\u007f]/.test(v);
}

export function isDomainPayload(data: unknown): data is { domain: string } {
  return isRecord(data) && isDomainName(data.domain);
}

export function isTransferLockPayload(data: unknown): data is { domain: string; on: boolean } {
  return isRecord(data) && isDomainName(data.domain) && typeof data.on === 'boolean';
}

export function isIdPayload(data: unknown): data is { id: string } {
  return isRecord(data) && isBoundedText(data.id, 1, MAX_ID);
}

const MAX_SECRET = 4_096;

export function isPassphrasePayload(data: unknown): data is { passphrase: string } {
  return isRecord(data) && isBoundedText(data.passphrase, 1, 1_024);
}

export function isPassphraseChangePayload(data: unknown): data is { oldPassphrase: string; newPassphrase: string } {
  return isRecord(data) && isBoundedText(data.oldPassphrase, 1, 1_024) && isBoundedText(data.newPassphrase, 1, 1_024);
}

export function isMinutesPayload(data: unknown): data is { minutes: number } {
  return isRecord(data) && Number.isInteger(data.minutes) && (data.minutes as number) >= 0 && (data.minutes as number) <= 24 * 60;
}

export function isSecretsPayload(data: unknown): data is { profileId: string; accessKeySecret: string; securityToken?: string } {
  return (
    isRecord(data) &&
    isBoundedText(data.profileId, 1, MAX_ID) &&
    isBoundedText(data.accessKeySecret, 1, MAX_SECRET) &&
    (data.securityToken === undefined || isBoundedText(data.securityToken, 0, MAX_SECRET))
  );
}

function isBoundedText(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}
