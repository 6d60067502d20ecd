// Transfer readiness messages: the background queries the domain with the active profile's keys
// (the page judges the facts with lib/domain/readiness) and, when asked, turns the transfer lock
// on or off. Like every
// handler it checks the sender and the payload first and answers with a value, never an exception.
// The pages send domains already normalized; the background only checks their shape.
import { checkPassphrase, vaultStatus } from '../../../lib/credentials/vault';
import { currentLang } from '../../../lib/i18n/language';
import { isReadinessPayload, isTransferLockPayload, type FactsAnswer, type TransferLockResult } from '../../../lib/protocol/index';
import { activeApi, apiError, callActiveApi, defaultApiFor, type ApiFor } from './active-api';
import { ApiError } from '../../../lib/aliyun/client';
import type { LocksOffResult } from '../../../lib/jobs/engine';
import { answer } from './answer';
import type { Profile } from '../../../lib/credentials/profiles';

export type { ApiFor } from './active-api';

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

/** Submits the lock task; the lock changes when the task ends (check readiness again to see it). */
export async function setTransferLock(domain: string, on: boolean, apiFor: ApiFor = defaultApiFor): Promise<TransferLockResult> {
  return callActiveApi(apiFor, async (api, lang) => ({ ok: true as const, taskNo: await api.setTransferLock(domain, on, lang) }));
}

/**
 * One SaveBatchTaskForTransferProhibitionLock (Status false) for a batch's domains (the passphrase
 * was checked before, with lockChangeAllowed); the engine's jobs follow the task's rows. `lost`: no
 * answer came (the network, a timeout, an answer that is not the API's), so Alibaba may have acted.
 */
export async function turnTransferLocksOff(domains: string[], apiFor: ApiFor = defaultApiFor, profile?: Profile): Promise<LocksOffResult> {
  let lost = false;
  // The profile of the batch's jobs: their polls must find the task in the same account.
  const sent = await callActiveApi(
    apiFor,
    async (api, lang) => {
      try {
        return { ok: true as const, taskNo: await api.setTransferLocks(domains, false, lang) };
      } catch (e) {
        lost = !(e instanceof ApiError); // only Alibaba's own error answer proves it did not act
        throw e;
      }
    },
    profile,
  );
  return sent.ok ? sent : { ok: false, lost, failure: sent };
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
