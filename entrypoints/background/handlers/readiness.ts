// Transfer readiness messages: the background queries the domain with the active profile's keys
// (the page judges the facts with lib/domain/readiness) and, when asked, turns the transfer lock
// on or off. Like every
// handler it checks the sender and the payload first and answers with a value, never an exception.
// The pages send domains already normalized; the background only checks their shape.
import { isRpcError, type Credentials } from '../../../lib/aliyun/client';
import { describeError } from '../../../lib/i18n/worker-words';
import type { Lang } from '../../../lib/i18n/lang';
import { getActiveProfile, type Profile } from '../../../lib/credentials/profiles';
import { checkPassphrase, credentialsFor, vaultStatus } from '../../../lib/credentials/vault';
import { createDomainApi, type DomainApi } from '../../../lib/domain/api';
import { currentLang } from '../../../lib/i18n/language';
import {
  isReadinessPayload,
  isTransferLockPayload,
  type ApiCallFailure,
  type FactsAnswer,
  type TransferLockResult,
} from '../../../lib/protocol/index';
import { answer } from './answer';

export type ApiFor = (profile: Profile, credentials: Credentials) => DomainApi;
const defaultApiFor: ApiFor = (profile, credentials) => createDomainApi({ credentials, site: profile.site });

/** The active profile's API, or why there is none. */
async function activeApi(apiFor: ApiFor): Promise<{ api: DomainApi } | ApiCallFailure> {
  const profile = await getActiveProfile();
  const credentials = profile && (await credentialsFor(profile));
  if (credentials === 'locked') return { ok: false, error: 'locked' };
  if (!profile || !credentials) return { ok: false, error: 'no-credentials' };
  return { api: apiFor(profile, credentials) };
}

/**
 * The API's code and a plain message; a non-RPC failure (an answer that cannot be read) is InvalidResponse.
 * The message is our own words for the code, never the server's text: for a signature or token
 * error that text can echo the string to sign, STS token included.
 */
function apiError(e: unknown, lang: Lang): { code: string; message: string } {
  const code = isRpcError(e) ? e.code : 'InvalidResponse';
  const status = isRpcError(e) ? e.httpStatus : 502;
  return { code, message: describeError(code, lang, status) };
}

/**
 * QueryDomainByDomainName decides; QueryTransferOutInfo only adds detail, so when it fails (it needs
 * its own RAM action) the readiness is still given, judged from TransferOutStatus, with the error noted.
 */
export async function readDomainFacts(
  domain: string,
  apiFor: ApiFor = defaultApiFor,
  now: () => number = Date.now,
  brief = false,
): Promise<FactsAnswer> {
  const active = await activeApi(apiFor);
  if (!('api' in active)) return active;
  const lang = await currentLang();
  const [info, out] = await Promise.allSettled([
    active.api.queryDomain(domain, lang),
    // Brief (a batch's check before it starts): one call; TransferOutStatus still says "pending".
    brief ? Promise.resolve(undefined) : active.api.queryTransferOut(domain, lang),
  ]);
  if (info.status === 'rejected') return { ok: false, error: 'api', ...(apiError(info.reason, lang)) };
  return {
    ok: true,
    domainAnswer: info.value,
    checkedAt: now(),
    ...(brief ? {} : out.status === 'fulfilled' ? { transferOutAnswer: out.value } : { transferOutError: apiError(out.reason, lang) }),
  };
}

/** Sends a lock task with the active profile's API: its TaskNo, or why it could not go. */
async function sendLockTask(apiFor: ApiFor, send: (api: DomainApi, lang: Lang) => Promise<string>): Promise<TransferLockResult> {
  const active = await activeApi(apiFor);
  if (!('api' in active)) return active;
  const lang = await currentLang();
  try {
    return { ok: true, taskNo: await send(active.api, lang) };
  } catch (e) {
    return { ok: false, error: 'api', ...(apiError(e, lang)) };
  }
}

/** Submits the lock task; the lock changes when the task ends (check readiness again to see it). */
export function setTransferLock(domain: string, on: boolean, apiFor: ApiFor = defaultApiFor): Promise<TransferLockResult> {
  return sendLockTask(apiFor, (api, lang) => api.setTransferLock(domain, on, lang));
}

/**
 * One SaveBatchTaskForTransferProhibitionLock (Status false) for a batch's domains, after the same
 * passphrase check as a single lock change; the engine's jobs follow the task's rows.
 */
export async function turnTransferLocksOff(
  domains: string[],
  passphrase: string | undefined,
  apiFor: ApiFor = defaultApiFor,
): Promise<TransferLockResult> {
  if (!(await lockChangeAllowed(passphrase))) return { ok: false, error: 'wrong-passphrase' };
  return sendLockTask(apiFor, (api, lang) => api.setTransferLocks(domains, false, lang));
}

/**
 * With the vault unlocked, turning a lock off asks for the passphrase again (someone at an
 * unlocked browser is not necessarily its owner). Off: none is asked. Locked: the call answers
 * 'locked' anyway, and the page unlocks first.
 */
export async function lockChangeAllowed(passphrase: string | undefined): Promise<boolean> {
  if ((await vaultStatus()) !== 'unlocked') return true;
  return passphrase !== undefined && passphrase.length > 0 && (await checkPassphrase(passphrase));
}

export function setUpReadinessHandlers(apiFor: ApiFor = defaultApiFor): void {
  answer('checkReadiness', isReadinessPayload, (data) => readDomainFacts(data.domain, apiFor, Date.now, data.brief === true));
  answer('setTransferLock', isTransferLockPayload, async (data) => {
    if (!(await lockChangeAllowed(data.passphrase))) return { ok: false, error: 'wrong-passphrase' };
    return setTransferLock(data.domain, data.on, apiFor);
  });
}
