// Transfer readiness: what decides whether a transfer to another registrar will succeed, judged
// from the domain's data (QueryDomainByDomainName) and its transfer-out state (QueryTransferOutInfo).
// Pure: no I/O, no clock of its own (`now` is a parameter), so the UI and the tests get the same answer.
import type { DomainInfo, TransferOutInfo } from './facts';

export type CheckId = 'lock' | 'age' | 'expiry' | 'status' | 'transfer-out';
export type Verdict = 'ok' | 'blocker' | 'warning' | 'unknown';

/** Why a check gave its verdict. */
export type CheckReason =
  // lock
  | 'locked'
  | 'unlocked'
  // age
  | 'too-new'
  | 'old-enough'
  // expiry
  | 'expired'
  | 'expiring'
  | 'valid'
  // status
  | 'normal'
  | 'renewal-required'
  | 'redemption'
  | 'pending-delete'
  | 'hold'
  | 'transfer-prohibited'
  | 'recently-transferred'
  | 'other'
  // transfer-out
  | 'none'
  | 'verifying'
  | 'code-obtained'
  | 'pending'
  | 'completed'
  | 'failed'
  // any check: the data needed is missing
  | 'no-data';

export interface ReadinessCheck {
  id: CheckId;
  verdict: Verdict;
  reason: CheckReason;
  /**
   * age: when a transfer becomes possible (too-new) or the registration date (old-enough);
   * expiry: the expiration date; transfer-out: PendingRequestDate (pending) or the code's expiry (code-obtained).
   */
  date?: number;
  /** age (too-new): days until a transfer is possible; expiry (expiring): days left; expiry (expired): days since */
  days?: number;
  /** status: the status as the API gave it; transfer-out (failed): ResultCode / ResultMsg */
  detail?: string;
  /** Set when the extension can fix this check itself: 'unlock' = turn the transfer lock off. */
  fix?: 'unlock';
}

export interface Readiness {
  domain: string;
  /** The worst verdict of the checks: blocker > warning > unknown > ok. */
  verdict: Verdict;
  checks: ReadinessCheck[];
  /** the `now` the checks were made at */
  checkedAt: number;
}

const DAY_MS = 86_400_000;
/** Registries refuse transfers within 60 days of registration (ICANN Transfer Policy; Alibaba Cloud's transfer-out rules). */
export const MIN_AGE_DAYS = 60;
/** Expiring within this many days: warn (the transfer may not complete before expiry). */
export const EXPIRY_WARNING_DAYS = 15;

const RANK: Record<Verdict, number> = { ok: 0, unknown: 1, warning: 2, blocker: 3 };

export function worstVerdict(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (RANK[v] > RANK[worst] ? v : worst), 'ok');
}

export function assessReadiness(info: DomainInfo, transferOut: TransferOutInfo | undefined, now: number): Readiness {
  const checks = [lockCheck(info), ageCheck(info, now), expiryCheck(info, now), statusCheck(info), transferOutCheck(info, transferOut)];
  return { domain: info.domain, verdict: worstVerdict(checks.map((c) => c.verdict)), checks, checkedAt: now };
}

function lockCheck(info: DomainInfo): ReadinessCheck {
  if (info.transferLock === undefined) return { id: 'lock', verdict: 'unknown', reason: 'no-data' };
  return info.transferLock
    ? { id: 'lock', verdict: 'blocker', reason: 'locked', fix: 'unlock' }
    : { id: 'lock', verdict: 'ok', reason: 'unlocked' };
}

function ageCheck(info: DomainInfo, now: number): ReadinessCheck {
  if (info.registeredAt === undefined) return { id: 'age', verdict: 'unknown', reason: 'no-data' };
  const possibleAt = info.registeredAt + MIN_AGE_DAYS * DAY_MS;
  if (now < possibleAt) {
    return { id: 'age', verdict: 'blocker', reason: 'too-new', date: possibleAt, days: Math.ceil((possibleAt - now) / DAY_MS) };
  }
  return { id: 'age', verdict: 'ok', reason: 'old-enough', date: info.registeredAt };
}

function expiryCheck(info: DomainInfo, now: number): ReadinessCheck {
  if (info.expiresAt === undefined) return { id: 'expiry', verdict: 'unknown', reason: 'no-data' };
  const date = info.expiresAt;
  if (now >= date) return { id: 'expiry', verdict: 'warning', reason: 'expired', date, days: Math.floor((now - date) / DAY_MS) };
  if (date - now < EXPIRY_WARNING_DAYS * DAY_MS) {
    return { id: 'expiry', verdict: 'warning', reason: 'expiring', date, days: Math.ceil((date - now) / DAY_MS) };
  }
  return { id: 'expiry', verdict: 'ok', reason: 'valid', date };
}

/**
 * One status word -> what it means for a transfer. DomainStatus answers "1" (renewal required),
 * "2" (redemption required) or "3" (normal); EPP status words are read too, in case an answer
 * (or another site's API) reports those.
 */
function classifyStatus(word: string): { verdict: Verdict; reason: CheckReason } {
  switch (word.toLowerCase()) {
    case '3':
    case 'ok':
    case 'normal':
    case 'active':
    case 'addperiod':
    case 'renewperiod':
    case 'autorenewperiod':
    case 'clientupdateprohibited':
    case 'serverupdateprohibited':
    case 'clientdeleteprohibited':
    case 'serverdeleteprohibited':
    case 'clientrenewprohibited':
    case 'serverrenewprohibited':
      return { verdict: 'ok', reason: 'normal' };
    case '1':
      return { verdict: 'warning', reason: 'renewal-required' };
    case '2':
    case 'redemptionperiod':
    case 'pendingrestore':
      return { verdict: 'blocker', reason: 'redemption' };
    case 'pendingdelete':
      return { verdict: 'blocker', reason: 'pending-delete' };
    case 'clienthold':
    case 'serverhold':
      return { verdict: 'blocker', reason: 'hold' };
    case 'clienttransferprohibited':
    case 'servertransferprohibited':
      return { verdict: 'blocker', reason: 'transfer-prohibited' };
    case 'transferperiod':
      return { verdict: 'warning', reason: 'recently-transferred' };
    default:
      return { verdict: 'unknown', reason: 'other' };
  }
}

function statusCheck(info: DomainInfo): ReadinessCheck {
  const found: Array<{ verdict: Verdict; reason: CheckReason }> = [];
  if (info.clientHold) found.push({ verdict: 'blocker', reason: 'hold' });
  const words = (info.status ?? '').split(/[\s,;|]+/).filter(Boolean);
  for (const w of words) found.push(classifyStatus(w));
  if (found.length === 0) return { id: 'status', verdict: 'unknown', reason: 'no-data' };
  const worst = found.reduce((a, b) => (RANK[b.verdict] > RANK[a.verdict] ? b : a));
  return { id: 'status', ...worst, ...(info.status ? { detail: info.status } : {}) };
}

function transferOutCheck(info: DomainInfo, out: TransferOutInfo | undefined): ReadinessCheck {
  const pendingFlag = info.transferOutStatus?.toUpperCase() === 'PENDING';
  if (pendingFlag || out?.status === 4) {
    return { id: 'transfer-out', verdict: 'warning', reason: 'pending', ...(out?.pendingRequestAt ? { date: out.pendingRequestAt } : {}) };
  }
  switch (out?.status) {
    case 5:
      return { id: 'transfer-out', verdict: 'warning', reason: 'completed' };
    case 8: {
      const detail = [out.resultCode, out.resultMessage].filter(Boolean).join(': ');
      return { id: 'transfer-out', verdict: 'warning', reason: 'failed', ...(detail ? { detail } : {}) };
    }
    case 3:
      return { id: 'transfer-out', verdict: 'ok', reason: 'code-obtained', ...(out.codeExpiresAt ? { date: out.codeExpiresAt } : {}) };
    case 1:
    case 2:
      return { id: 'transfer-out', verdict: 'ok', reason: 'verifying' };
  }
  if (out !== undefined || info.transferOutStatus !== undefined) return { id: 'transfer-out', verdict: 'ok', reason: 'none' };
  return { id: 'transfer-out', verdict: 'unknown', reason: 'no-data' };
}
