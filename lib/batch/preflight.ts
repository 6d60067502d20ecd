// The batch page's check before a batch starts (issue 17): each domain's facts read once
// (QueryDomainByDomainName), judged with lib/domain/readiness, and sorted into what is sent as it
// is, what is sent once its transfer lock is off, what is left out and what could not be read.
// Pure: the facts and the clock are parameters.
import { classifyCode } from '../aliyun/errors';
import { readFacts } from '../domain/facts';
import { assessReadiness, type ReadinessCheck } from '../domain/readiness';
import type { FactsAnswer } from '../protocol';
import type { ClientFailure } from '../protocol/client';
import { runPaced } from './paced';

/** Facts read this recently (e.g. while the account's domains were picked) are not read again. */
export const FACTS_FRESH_MS = 10 * 60_000;

/** What a read of one domain's facts answered. */
export type FactsRead = FactsAnswer | ClientFailure;
/** Why a domain's facts are missing: the read's failure, or no read was made. */
export type ReadFailure = Exclude<FactsRead, { ok: true }> | { ok: false; error: 'not-read' };

export interface PreflightPlan {
  /** No blocker: sent as they are. */
  ready: string[];
  /** The transfer lock is the only blocker: sent with the batch's unlock list. */
  toUnlock: string[];
  /**
   * Of those, the ones with something to weigh before their locks come off (cautionsOf): a warning
   * (expiring soon, a transfer-out under way…), or a fact that could block the transfer that
   * Alibaba did not report (the registration date, the status). Shown with them in the review.
   */
  toUnlockCautions: Array<{ domain: string; checks: ReadinessCheck[] }>;
  /** Another blocker (too new, redemption, hold…): not sent, and never unlocked; `checks`: every blocker (the lock too). */
  leftOut: Array<{ domain: string; checks: ReadinessCheck[] }>;
  /** The facts could not be read: sent anyway (the code request may still work), with why. */
  unchecked: Array<{ domain: string; why: ReadFailure }>;
}

/** A read answer young enough to judge by (a failure never is: it is read again). */
export function isFresh(read: FactsRead | undefined, now: number): boolean {
  return read?.ok === true && now - read.checkedAt < FACTS_FRESH_MS && read.checkedAt <= now + FACTS_FRESH_MS;
}

/** The domains whose facts must be read, in their order: those without a fresh answer in `known`. */
export function domainsToRead(domains: readonly string[], known: ReadonlyMap<string, FactsRead> | undefined, now: number): string[] {
  return domains.filter((domain) => !isFresh(known?.get(domain), now));
}

/**
 * What to weigh before a domain's lock is turned off: its warnings, and the facts that could block
 * the transfer but were not reported (the registration date: under 60 days; the status: a hold).
 * A transfer-out state not reported is not one: the brief check does not ask for it.
 */
export function cautionsOf(checks: readonly ReadinessCheck[]): ReadinessCheck[] {
  return checks.filter((check) => check.verdict === 'warning' || (check.verdict === 'unknown' && (check.id === 'age' || check.id === 'status')));
}

/** Every domain sorted by its facts (judged as of `now`), each list in the order given. */
export function planPreflight(domains: readonly string[], facts: ReadonlyMap<string, FactsRead>, now: number): PreflightPlan {
  const plan: PreflightPlan = { ready: [], toUnlock: [], toUnlockCautions: [], leftOut: [], unchecked: [] };
  for (const domain of domains) {
    const read = facts.get(domain);
    if (!read) {
      plan.unchecked.push({ domain, why: { ok: false, error: 'not-read' } });
      continue;
    }
    if (!read.ok) {
      plan.unchecked.push({ domain, why: read });
      continue;
    }
    const { info, transferOut } = readFacts(read, domain);
    const { checks } = assessReadiness(info, transferOut, now);
    const blockers = checks.filter((check) => check.verdict === 'blocker');
    if (blockers.length === 0) plan.ready.push(domain);
    else if (blockers.every((check) => check.fix === 'unlock')) {
      plan.toUnlock.push(domain);
      const cautions = cautionsOf(checks);
      if (cautions.length > 0) plan.toUnlockCautions.push({ domain, checks: cautions });
    } else plan.leftOut.push({ domain, checks: blockers });
  }
  return plan;
}

/**
 * Whether the batch may start at once: every domain read, none to leave out, no lock to turn off.
 * A domain that could not be checked is shown first: it might be one that cannot be transferred.
 */
export const startsAtOnce = (plan: PreflightPlan): boolean => plan.leftOut.length === 0 && plan.toUnlock.length === 0 && plan.unchecked.length === 0;

/**
 * A failed read that every other read would meet too (the vault locked, no key, a missing
 * permission, throttling, Alibaba unreachable): reading on would only repeat it. A failure about
 * this one domain (not in the account, a bad name) is not.
 */
export function failsForAll(read: FactsRead): boolean {
  if (read.ok) return false;
  if (read.error !== 'api') return true;
  const { cause } = classifyCode(read.code);
  return cause !== 'domain' && cause !== 'parameter';
}

/**
 * The domains to send, in the order given: the ready and the unchecked ones, and the locked ones
 * when their locks are to be turned off. The left-out ones never.
 */
export function domainsToSend(domains: readonly string[], plan: PreflightPlan, withLocked: boolean): string[] {
  const sent = new Set([...plan.ready, ...plan.unchecked.map((u) => u.domain), ...(withLocked ? plan.toUnlock : [])]);
  return domains.filter((domain) => sent.has(domain));
}

export interface ReadOptions {
  /** Reads started per second: the request rate setting. */
  perSecond: number;
  /** Aborting stops the reading (the page then sends nothing). */
  signal?: AbortSignal;
  /** After each read: how many of the domains to read have been read. */
  onProgress?(done: number, total: number): void;
  now?(): number;
}

/**
 * Every domain's facts: the fresh ones of `known` as they are, the others read with `read` (the
 * client's checkReadiness, brief), paced. A read that fails for all (failsForAll) stops the
 * reading: the rest share that answer.
 */
export async function readAllFacts(
  domains: readonly string[],
  known: ReadonlyMap<string, FactsRead> | undefined,
  read: (domain: string) => Promise<FactsRead>,
  options: ReadOptions,
): Promise<Map<string, FactsRead>> {
  const now = options.now ?? Date.now;
  const facts = new Map<string, FactsRead>();
  const need = domainsToRead(domains, known, now());
  const toRead = new Set(need);
  for (const domain of domains) {
    const fresh = known?.get(domain);
    if (!toRead.has(domain) && fresh) facts.set(domain, fresh);
  }
  const stop = new AbortController();
  const follow = () => stop.abort();
  options.signal?.addEventListener('abort', follow);
  let shared: FactsRead | undefined;
  try {
    const answers = await runPaced(
      need,
      async (domain) => {
        const answer = await read(domain);
        if (failsForAll(answer)) {
          shared ??= answer;
          stop.abort();
        }
        return answer;
      },
      { perSecond: options.perSecond, signal: stop.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
    for (const domain of need) {
      const answer = answers.get(domain) ?? shared;
      if (answer) facts.set(domain, answer);
    }
  } finally {
    options.signal?.removeEventListener('abort', follow);
  }
  return facts;
}
