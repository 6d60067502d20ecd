// Transfer readiness: what decides whether a transfer to another registrar will succeed, judged
// from the domain's data (QueryDomainByDomainName) and its transfer-out state (QueryTransferOutInfo).
// Pure: no I/O, no clock of its own (`now` is a parameter), so the UI and the tests get the same answer.
import type { Lang } from '../i18n/lang';
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

// ---- text ---------------------------------------------------------------------------------------

/** YYYY-MM-DD in China time (UTC+8), the zone of the Alibaba Cloud console and API. */
export function formatDate(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

type Texts = Record<Lang, (c: ReadinessCheck, d: string) => string>;

const TEXT: Record<CheckReason, Texts> = {
  locked: {
    en: () => 'The transfer lock is on: the domain cannot be transferred until it is turned off.',
    zh: () => '域名禁止转移锁已开启，关闭之前无法转出。',
  },
  unlocked: { en: () => 'The transfer lock is off.', zh: () => '域名禁止转移锁已关闭。' },
  'too-new': {
    en: (c, d) => `Registered less than ${MIN_AGE_DAYS} days ago: a transfer is possible from ${d} (in ${c.days} days).`,
    zh: (c, d) => `注册未满 ${MIN_AGE_DAYS} 天，${d} 起可以转出（还需 ${c.days} 天）。`,
  },
  'old-enough': {
    en: (_c, d) => `Registered on ${d}, more than ${MIN_AGE_DAYS} days ago.`,
    zh: (_c, d) => `注册于 ${d}，已满 ${MIN_AGE_DAYS} 天。`,
  },
  expired: {
    en: (_c, d) => `Expired on ${d}: renew it before transferring, or the transfer may fail.`,
    zh: (_c, d) => `已于 ${d} 到期，请先续费再转出，否则转移可能失败。`,
  },
  expiring: {
    en: (c, d) => `Expires on ${d} (in ${c.days} days): the transfer may not complete in time; consider renewing first.`,
    zh: (c, d) => `将于 ${d} 到期（还剩 ${c.days} 天），转移可能来不及完成，建议先续费。`,
  },
  valid: { en: (_c, d) => `Expires on ${d}.`, zh: (_c, d) => `到期时间为 ${d}。` },
  normal: { en: () => 'The domain status is normal.', zh: () => '域名状态正常。' },
  'renewal-required': {
    en: () => 'The domain needs renewal (status 1): renew it before transferring.',
    zh: () => '域名急需续费（状态 1），请先续费再转出。',
  },
  redemption: {
    en: () => 'The domain is in the redemption period: it must be redeemed before it can be transferred.',
    zh: () => '域名处于赎回期，须先赎回才能转出。',
  },
  'pending-delete': {
    en: () => 'The domain is pending deletion: it cannot be transferred.',
    zh: () => '域名处于待删除状态，无法转出。',
  },
  hold: {
    en: () => 'The domain is on hold (e.g. clientHold: the registrant email is not verified): clear the hold first.',
    zh: () => '域名处于暂停解析状态（如 clientHold，注册人邮箱未验证），请先解除。',
  },
  'transfer-prohibited': {
    en: (c) => `The registry or registrar prohibits transfers (${c.detail ?? 'transferProhibited'}).`,
    zh: (c) => `注册局或注册商禁止转移（${c.detail ?? 'transferProhibited'}）。`,
  },
  'recently-transferred': {
    en: () => 'The domain was transferred recently: another transfer may be refused for 60 days.',
    zh: () => '域名近期刚完成转移，60 天内再次转移可能被拒绝。',
  },
  other: {
    en: (c) => `Unrecognised domain status "${c.detail ?? ''}": check it in the console.`,
    zh: (c) => `无法识别的域名状态“${c.detail ?? ''}”，请在控制台确认。`,
  },
  none: { en: () => 'No transfer-out is in progress.', zh: () => '当前没有进行中的转出。' },
  verifying: {
    en: () => 'A transfer-out has been started and is waiting for phone or email verification.',
    zh: () => '已发起转出，正在等待手机或邮箱验证。',
  },
  'code-obtained': {
    en: (c, d) => (c.date !== undefined ? `A transfer code was obtained; it is valid until ${d}.` : 'A transfer code was obtained.'),
    zh: (c, d) => (c.date !== undefined ? `已获取转移密码，有效期至 ${d}。` : '已获取转移密码。'),
  },
  pending: {
    en: (c, d) =>
      c.date !== undefined
        ? `A transfer-out is already pending (requested by the new registrar on ${d}).`
        : 'A transfer-out is already pending.',
    zh: (c, d) => (c.date !== undefined ? `已有转出在进行中（新注册商于 ${d} 发起）。` : '已有转出在进行中。'),
  },
  completed: {
    en: () => 'A transfer-out of this domain has already succeeded.',
    zh: () => '该域名的转出已经成功。',
  },
  failed: {
    en: (c) => `The last transfer-out failed${c.detail ? ` (${c.detail})` : ''}: fix the cause before trying again.`,
    zh: (c) => `上次转出失败${c.detail ? `（${c.detail}）` : ''}，请先排除原因再重试。`,
  },
  'no-data': {
    en: () => 'Alibaba Cloud did not report this.',
    zh: () => '阿里云未返回此项信息。',
  },
};

const TITLES: Record<CheckId, Record<Lang, string>> = {
  lock: { en: 'Transfer lock', zh: '禁止转移锁' },
  age: { en: 'Registration date', zh: '注册时间' },
  expiry: { en: 'Expiration date', zh: '到期时间' },
  status: { en: 'Domain status', zh: '域名状态' },
  'transfer-out': { en: 'Transfer-out', zh: '转出状态' },
};

/** The check's name, e.g. "Transfer lock" / "禁止转移锁". */
export function readinessTitle(id: CheckId, lang: Lang): string {
  return TITLES[id][lang];
}

/** One sentence saying what the check found, in English or Chinese; dates as YYYY-MM-DD. */
export function readinessText(check: ReadinessCheck, lang: Lang): string {
  const date = check.date === undefined ? '' : formatDate(check.date);
  return TEXT[check.reason][lang](check, date);
}

const SUMMARY: Record<Verdict, Record<Lang, string>> = {
  ok: { en: 'Ready to transfer.', zh: '可以转出。' },
  warning: { en: 'A transfer is possible, but read the warnings first.', zh: '可以转出，但请先阅读警告。' },
  blocker: { en: 'A transfer would fail now: fix the problems below first.', zh: '现在转出会失败，请先解决以下问题。' },
  unknown: { en: 'Some checks could not be made: verify them in the console.', zh: '部分检查无法完成，请在控制台确认。' },
};

/** One sentence for the overall verdict. */
export function readinessSummary(verdict: Verdict, lang: Lang): string {
  return SUMMARY[verdict][lang];
}
