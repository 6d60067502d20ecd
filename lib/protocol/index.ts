// The one protocol between the extension's pages and the service worker: every message, the wire
// types of its requests and answers (Job as sent included), and the validators the worker runs on
// each payload. It imports no feature: lib/jobs, lib/credentials and lib/domain import their wire
// types from here, never the reverse.
import { defineExtensionMessaging } from '@webext-core/messaging';
import { isRecord } from '../values';
import { MAX_BATCH, MAX_INPUT_LENGTH } from './limits';

export { MAX_BATCH, MAX_INPUT_LENGTH } from './limits';

// ---- Wire types --------------------------------------------------------------------------------

/** Which Alibaba Cloud site a profile signs for: China (domain.aliyuncs.com) or International. */
export type Site = 'cn' | 'intl';

/** Why an API call failed, in terms a user understands (lib/aliyun/errors classifies the codes). */
export type ApiCause =
  | 'throttled'
  | 'busy'
  | 'server'
  | 'network'
  | 'timeout'
  | 'clock'
  | 'nonce'
  | 'secret'
  | 'key-not-found'
  | 'key-inactive'
  | 'sts-token'
  | 'permission'
  | 'parameter'
  | 'domain'
  | 'unknown';

/** submitting -> waiting -> done | failed */
export type JobState = 'submitting' | 'waiting' | 'done' | 'failed';

/**
 * 'unlock-failed': the transfer lock task this job waited for failed, so no code was asked for.
 * 'still-locked': retried after that, the domain's lock read still on, so again no code was asked for.
 */
export type FailureCause = ApiCause | 'task-failed' | 'timed-out' | 'no-credentials' | 'unlock-failed' | 'still-locked';

export { TASK_NO_CODE, TASK_NO_REASON } from './task-reasons';

export interface Failure {
  cause: FailureCause;
  /** The API's error code, when there is one. */
  apiCode?: string;
  /** Text from the API (Message, ErrorMsg or FailReason): shown as text, never as markup. */
  detail?: string;
}

/** One request for one domain's transfer code, from submission to code or failure (as stored and as sent). */
export interface Job {
  id: string;
  domain: string;
  site: Site;
  profileId: string;
  state: JobState;
  taskNo?: string;
  /** API calls made for this job so far. */
  apiCalls: number;
  /** Polls of QueryTaskDetailList since the TaskNo arrived: drives the poll schedule. */
  polls: number;
  /** Consecutive transient failures: drives the backoff. */
  retries: number;
  /**
   * The transient fault the job's last call met (throttled, busy, server, network, timeout), and
   * since when the job has met them in a row; cleared by the next answer. The job keeps trying:
   * pages show it as retrying, never as failed.
   */
  fault?: { cause: ApiCause; since: number };
  /**
   * A Save of this job left at this time and its answer never came (a lost answer, a timeout, a
   * worker stopped while it was on the wire): Alibaba may hold its task. Before any new Save the
   * engine looks for that task (lib/domain/task-search.ts).
   */
  saveUnanswered?: number;
  /** A Save of this job is on the wire since this time (written before it leaves). */
  saveSentAt?: number;
  createdAt: number;
  updatedAt: number;
  /** When the next API call for this job is due. */
  nextAttemptAt: number;
  taskNoAt?: number;
  finishedAt?: number;
  /** The transfer code, in plain text: only while the vault is off (with it on, see sealedCode). */
  code?: string;
  /**
   * The code sealed with the vault's code key (AES-GCM, its own IV, the job id as associated
   * data): set instead of `code` while the vault is on. Pages ask the worker to open it
   * (revealCodes); while the vault is locked nobody can.
   */
  sealedCode?: SealedCode;
  /** The code was deleted at this time: the retention setting's days had passed since it arrived, or the vault was reset. */
  codeRemovedAt?: number;
  failure?: Failure;
  /** Set when the job belongs to a batch: the batch gets one summary notification instead. */
  batchId?: string;
  /** The vault was locked when this job needed to sign: it waits for an unlock. */
  waitingForUnlock?: boolean;
  /** Set once the desktop notification for the finished job has been shown. */
  notified: boolean;
  /**
   * The domain's transfer lock comes off first: the lock task (SaveBatchTaskForTransferProhibitionLock,
   * Status false) this job waits for before its Save. Removed when that task's detail for the domain
   * succeeds (then `unlockedAt` is set); a failed detail fails the job with 'unlock-failed'.
   * No `taskNo`: the job was stored before the lock task was sent, and its answer never came (lost
   * on the network, or the worker stopped while it was out). The job then reads the domain's lock
   * itself (QueryDomainByDomainName) until it is off, or fails with 'unlock-failed' after a while.
   * `recheck`: set by Retry after 'unlock-failed'. Nothing is turning the lock off now: the job
   * reads it once, Saves unless it reads on, and fails with 'still-locked' if it does.
   */
  unlock?: { taskNo?: string; since: number; recheck?: true };
  /** The lock task turned this domain's transfer lock off at this time (the batch summary counts these). */
  unlockedAt?: number;
  /**
   * What Alibaba did with the code, read with QueryTransferOutInfo once the code arrived. The email
   * is stored masked only (lib/jobs/transfer-out.ts): the full address is never kept.
   */
  transferOut?: TransferOutNote;
}

/** Where and when Alibaba Cloud also sent the code, as shown with a done job. */
export interface TransferOutNote {
  /** The registrant email the code was sent to, masked: "o•••@example.com". */
  maskedEmail?: string;
  /** TransferAuthorizationCodeSendDate (ms) */
  sentAt?: number;
  /** ExpirationDate (ms): when the code obtained expires, if the answer gives one */
  expiresAt?: number;
}

/** A transfer code sealed with the vault's code key (lib/credentials/code-seal.ts). */
export interface SealedCode {
  /** Base64 12-byte IV, new for each sealing. */
  iv: string;
  /** Base64 AES-GCM ciphertext with its 128-bit tag. */
  data: string;
}

/** Why a text is not a domain name (lib/domain/name decides; lib/i18n words it). */
export type NameRefusal =
  | 'empty'
  | 'too-long-input'
  | 'not-a-web-address' /* javascript:, data:, mailto:, file:, chrome: ... */
  | 'ip-address'
  | 'single-label'
  | 'public-suffix' /* a bare ICANN suffix like com or com.cn (github.io is private: a domain here) */
  | 'unknown-suffix' /* TLD not in the public suffix list, e.g. example.invalidtld (localhost: single-label) */
  | 'label-too-long'
  | 'name-too-long'
  | 'illegal-characters'
  | 'wildcard'
  | 'empty-label';

export type RequestResult =
  | { ok: true; jobId: string; joined: boolean }
  | { ok: false; reason: NameRefusal | 'no-credentials' };

export type BatchResult =
  | { ok: true; batchId: string; jobIds: string[]; joined: number; refused: Array<{ text: string; reason: NameRefusal }> }
  | { ok: false; reason: 'no-credentials' | 'empty' }
  /** The batch asked for locks to come off first and that failed: nothing was started. */
  | { ok: false; reason: 'unlock'; failure: ApiCallFailure | { ok: false; error: 'wrong-passphrase' } };

/**
 * Transfer locks to turn off before the batch's codes are asked for (the person confirmed it on the
 * batch page). Every domain must also be among the batch's texts (normalized already).
 */
export interface BatchUnlock {
  domains: string[];
  /** With the vault on, turning locks off asks for the passphrase again (as setTransferLock does). */
  passphrase?: string;
}

export type VaultStatus = 'off' | 'locked' | 'unlocked';
/** A page's view of the vault: 'unknown' while it has not (or could not) ask the worker. */
export type PageVaultState = VaultStatus | 'unknown';
export type VaultResult =
  | { ok: true }
  | { ok: false; error: 'wrong-passphrase' | 'weak-passphrase' | 'state' | 'locked' | 'no-profile' | 'no-secret' };

/** One profile's secrets as the worker keeps them (local:secrets, or sealed in local:vault). */
export interface SecretSet {
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * What a page hands the worker (storeSecrets): a new secret (with its token, or none), or a new
 * token alone, which the worker puts beside the stored secret (a page cannot read that secret).
 */
export type SecretChange = SecretSet | { accessKeySecret?: undefined; securityToken: string };

/** The answer to a message that was not from the extension's own pages, or was malformed. */
export interface Refused {
  ok: false;
  error: 'forbidden' | 'invalid';
}

/**
 * The engine's one circuit (local:circuit): while Alibaba Cloud is unreachable or throttling, one
 * probe call at a time goes out, at nextProbeAt; every waiting job resumes when an answer comes.
 */
export interface Circuit {
  /** The fault that opened it (the latest probe's). */
  cause: ApiCause;
  /** When the first fault of this outage was met. */
  since: number;
  /** Failed probes in a row (the first fault counts as one): drives the backoff. */
  failures: number;
  /** When the next probe leaves. */
  nextProbeAt: number;
}

export type Done = { ok: true } | { ok: false; error: 'not-found' } | Refused;

export interface ProtocolMap {
  /** Normalize the text and start (or join) a job for that domain. */
  requestCode(data: { text: string }): RequestResult | Refused;
  listJobs(): { ok: true; jobs: Job[] } | Refused;
  /**
   * Many texts (lines of a paste or a CSV) as one batch with one summary notification. `unlock`:
   * these domains' transfer locks are turned off first (one SaveBatchTaskForTransferProhibitionLock),
   * and each one's code is asked for once its lock task has ended.
   */
  requestBatch(data: { texts: string[]; unlock?: BatchUnlock }): BatchResult | Refused;
  /** Start a failed job again. */
  retryJob(data: { id: string }): Done;
  /** Remove one job (and its notification). */
  dismissJob(data: { id: string }): Done;
  /** Remove every finished job; pending ones stay. */
  clearHistory(): { ok: true; removed: number } | Refused;
  /**
   * Try now: a probe leaves at once while the circuit is open, and every job waiting out a
   * transient fault is tried again at once. Pages also send it when the browser comes back online.
   */
  tryNow(): Done;
  /**
   * The codes of these jobs, opened by the worker (sealed codes while the vault is on; plain ones
   * as stored). Jobs without a code are left out. 'locked': the vault is locked, nothing is opened.
   */
  revealCodes(data: { ids: string[] }): { ok: true; codes: Record<string, string> } | { ok: false; error: 'locked' } | Refused;
  /**
   * Put a finished job's code on the clipboard from the background. 'locked': the code is sealed
   * and the vault is locked (nothing is copied; the page asks for the passphrase).
   */
  copyCode(data: { id: string }): Done | { ok: false; error: 'locked' };
  /**
   * A page copied this job's code itself: the worker keeps its hash (never the code) to clear the
   * clipboard 60 s later if it still holds it (settings' clearClipboard).
   */
  clipboardCopied(data: { id: string }): { ok: true } | Refused;
  /**
   * A page copied a text of several codes itself ("Copy all", "Copy for the new registrar"): it
   * sends the text's SHA-256 (never the text), which the worker keeps like a single code's, to clear
   * the clipboard 60 s later if it still holds that text.
   */
  clipboardCopiedText(data: { sha256: string }): { ok: true } | Refused;
  /** One harmless signed call with the active profile's keys: do they work? */
  testConnection(): ConnectionReport | Refused;

  /** The passphrase vault (see lib/credentials/vault). Passphrases travel only to the background. */
  vaultStatus(): { ok: true; status: VaultStatus; autoLockMinutes: number; lockOnIdle: boolean } | Refused;
  vaultEnable(data: { passphrase: string }): VaultResult | Refused;
  vaultUnlock(data: { passphrase: string }): VaultResult | Refused;
  vaultLock(): { ok: true } | Refused;
  vaultChangePassphrase(data: { oldPassphrase: string; newPassphrase: string }): VaultResult | Refused;
  vaultDisable(data: { passphrase: string }): VaultResult | Refused;
  vaultSetAutoLock(data: { minutes: number }): { ok: true } | Refused;
  /** Also lock when the system goes idle or the screen locks (chrome.idle). */
  vaultSetLockOnIdle(data: { on: boolean }): { ok: true } | Refused;
  /** Drops the sealed secrets of deleted profiles (now when unlocked, else at the next unlock). */
  forgetDeletedSecrets(): { ok: true } | Refused;
  /** Forgotten passphrase: throws the sealed secrets away (each profile needs its secret again). */
  vaultReset(): { ok: true } | Refused;
  /**
   * Saves a profile's secrets: sealed when the vault is on, in local:secrets when it is off. A
   * token alone keeps the stored secret ('no-secret' when there is none).
   */
  storeSecrets(data: { profileId: string } & SecretChange): VaultResult | Refused;

  /**
   * Transfer readiness of one domain with the active profile's keys (lib/domain/readiness).
   * `domain` must already be normalized (lower-case Unicode registrable domain, as the popup shows it).
   */
  checkReadiness(data: { domain: string; brief?: boolean }): FactsAnswer | Refused;
  /**
   * One page of the account's domains (QueryDomainList, 1-based pageNum, ACCOUNT_PAGE_SIZE asked), the
   * answer as it came: the page reads it (lib/account/domain-list.ts) and follows its NextPage.
   */
  listAccountDomains(data: { pageNum: number }): { ok: true; answer: unknown } | ApiCallFailure | Refused;
  /**
   * Turns a domain's transfer lock off: the only lock change the pages offer, so the only one
   * accepted. With the vault on, the passphrase is asked again and checked before anything is sent.
   */
  setTransferLock(data: { domain: string; on: false; passphrase?: string }): TransferLockResult | Refused;
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

/** 'wrong-passphrase': the vault is on and the passphrase asked again was missing or wrong (nothing was sent). */
export type TransferLockResult = { ok: true; taskNo: string } | ApiCallFailure | { ok: false; error: 'wrong-passphrase' };

export type ConnectionReport =
  | { ok: true }
  | { ok: false; error: 'no-credentials' | 'locked' }
  | { ok: false; error: 'api'; code: string; message: string };

// ---- The messages --------------------------------------------------------------------------

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

/** checkReadiness: a domain, and `brief` (true: QueryDomainByDomainName only, no QueryTransferOutInfo). */
export function isReadinessPayload(data: unknown): data is { domain: string; brief?: boolean } {
  if (!isDomainPayload(data)) return false;
  const brief = (data as { brief?: unknown }).brief;
  return brief === undefined || typeof brief === 'boolean';
}

/** The most pages of the account's domains a page may ask for (10,000 domains at ACCOUNT_PAGE_SIZE). */
export const MAX_ACCOUNT_PAGES = 100;

export function isPageNumPayload(data: unknown): data is { pageNum: number } {
  return isRecord(data) && Number.isInteger(data.pageNum) && (data.pageNum as number) >= 1 && (data.pageNum as number) <= MAX_ACCOUNT_PAGES;
}

/** requestBatch: texts as isTextsPayload takes them, and an optional unlock of at most MAX_BATCH domains. */
export function isBatchPayload(data: unknown): data is { texts: string[]; unlock?: BatchUnlock } {
  if (!isTextsPayload(data)) return false;
  const unlock = (data as { unlock?: unknown }).unlock;
  if (unlock === undefined) return true;
  return (
    isRecord(unlock) &&
    Array.isArray(unlock.domains) &&
    unlock.domains.length > 0 &&
    unlock.domains.length <= MAX_BATCH &&
    unlock.domains.every(isDomainName) &&
    (unlock.passphrase === undefined || isBoundedText(unlock.passphrase, 0, 1_024))
  );
}

/** Only "off": a page (or anything speaking for one) cannot turn a lock on through the worker. */
export function isTransferLockPayload(data: unknown): data is { domain: string; on: false; passphrase?: string } {
  return isRecord(data) && isDomainName(data.domain) && data.on === false && (data.passphrase === undefined || isBoundedText(data.passphrase, 0, 1_024));
}

/** A SHA-256 as lower-case hex (lib/digest), the only form a copied text reaches the worker in. */
export function isSha256Payload(data: unknown): data is { sha256: string } {
  return isRecord(data) && typeof data.sha256 === 'string' && /^[0-9a-f]{64}$/.test(data.sha256);
}

export function isIdPayload(data: unknown): data is { id: string } {
  return isRecord(data) && isBoundedText(data.id, 1, MAX_ID);
}

/** The most ids one revealCodes asks for (a batch's results are asked for a window at a time). */
export const MAX_REVEAL_IDS = 500;

/** 1 to MAX_REVEAL_IDS job ids, each as isIdPayload takes one. */
export function isIdsPayload(data: unknown): data is { ids: string[] } {
  return (
    isRecord(data) &&
    Array.isArray(data.ids) &&
    data.ids.length > 0 &&
    data.ids.length <= MAX_REVEAL_IDS &&
    data.ids.every((id) => isBoundedText(id, 1, MAX_ID))
  );
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

export function isOnPayload(data: unknown): data is { on: boolean } {
  return isRecord(data) && typeof data.on === 'boolean';
}

/** A new secret (with an optional token), or a non-empty token alone (the worker keeps the secret). */
export function isSecretsPayload(data: unknown): data is { profileId: string } & SecretChange {
  if (!isRecord(data) || !isBoundedText(data.profileId, 1, MAX_ID)) return false;
  if (data.accessKeySecret === undefined) return isBoundedText(data.securityToken, 1, MAX_SECRET);
  return isBoundedText(data.accessKeySecret, 1, MAX_SECRET) && (data.securityToken === undefined || isBoundedText(data.securityToken, 0, MAX_SECRET));
}

function isBoundedText(v: unknown, min: number, max: number): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}
