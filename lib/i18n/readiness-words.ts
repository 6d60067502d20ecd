// The readiness page's sentences: lib/domain/readiness judges (verdicts and reason codes), the
// pages tables word them. Needs the pages part of the words (lib/i18n/pages.ts), as the
// readiness page has it. Dates as YYYY-MM-DD in China time, like the Alibaba Cloud console.
import type { CheckId, CheckReason, ReadinessCheck, Verdict } from '../domain/readiness';
import { MIN_AGE_DAYS } from '../domain/readiness';
import type { PagesKey } from './pages-en';
import { t } from './index';
import type { Lang } from './lang';

/** YYYY-MM-DD in China time (UTC+8), the zone of the Alibaba Cloud console and API. */
export function formatDate(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

const TEXT: Record<CheckReason, PagesKey> = {
  locked: 'readinessLocked',
  unlocked: 'readinessUnlocked',
  'too-new': 'readinessTooNew',
  'old-enough': 'readinessOldEnough',
  expired: 'readinessExpired',
  expiring: 'readinessExpiring',
  valid: 'readinessValid',
  normal: 'readinessNormal',
  'renewal-required': 'readinessRenewalRequired',
  redemption: 'readinessRedemption',
  'pending-delete': 'readinessPendingDelete',
  hold: 'readinessHold',
  'transfer-prohibited': 'readinessTransferProhibited',
  'recently-transferred': 'readinessRecentlyTransferred',
  other: 'readinessOther',
  none: 'readinessNone',
  verifying: 'readinessVerifying',
  'code-obtained': 'readinessCodeObtained',
  pending: 'readinessPending',
  completed: 'readinessCompleted',
  failed: 'readinessFailed',
  'no-data': 'readinessNoData',
};

/** The variant of a sentence that names a date or a detail, when the check has one. */
const WITH_DATE: Partial<Record<CheckReason, PagesKey>> = { 'code-obtained': 'readinessCodeObtainedUntil', pending: 'readinessPendingSince' };

/**
 * Transfer-out result codes (QueryTransferOutInfo ResultCode) that get words of their own: the EPP
 * transfer statuses that end a transfer (RFC 5730). Any other code stays as the API gave it.
 */
const RESULT_WORDS: Record<string, PagesKey> = {
  clientRejected: 'readinessResultClientRejected',
  clientCancelled: 'readinessResultClientCancelled',
  serverCancelled: 'readinessResultServerCancelled',
};

/** A failed transfer-out (detail "ResultCode: ResultMsg"): a known code in the page's words, else as the API gave it. */
function failedText(detail: string | undefined, lang: Lang): string {
  if (!detail) return t(lang, 'readinessFailed');
  const code = detail.split(':')[0]!.trim();
  const words = RESULT_WORDS[code];
  return words ? t(lang, 'readinessFailedKnown', { code, words: t(lang, words) }) : t(lang, 'readinessFailedWith', { detail });
}

/** One sentence saying what the check found. */
export function readinessText(check: ReadinessCheck, lang: Lang): string {
  if (check.reason === 'failed') return failedText(check.detail, lang);
  const date = check.date === undefined ? '' : formatDate(check.date);
  const key = (check.date !== undefined && WITH_DATE[check.reason]) || TEXT[check.reason];
  const detail = check.detail ?? (check.reason === 'transfer-prohibited' ? 'transferProhibited' : '');
  return t(lang, key, { date, days: check.days ?? '', detail, min: MIN_AGE_DAYS });
}

const TITLES: Record<CheckId, PagesKey> = {
  lock: 'readinessTitleLock',
  age: 'readinessTitleAge',
  expiry: 'readinessTitleExpiry',
  status: 'readinessTitleStatus',
  'transfer-out': 'readinessTitleTransferOut',
};

/** The check's name, e.g. "Transfer lock" / "禁止转移锁". */
export function readinessTitle(id: CheckId, lang: Lang): string {
  return t(lang, TITLES[id]);
}

const SUMMARY: Record<Verdict, PagesKey> = {
  ok: 'readinessSummaryOk',
  warning: 'readinessSummaryWarning',
  blocker: 'readinessSummaryBlocker',
  unknown: 'readinessSummaryUnknown',
};

/** One sentence for the overall verdict. */
export function readinessSummary(verdict: Verdict, lang: Lang): string {
  return t(lang, SUMMARY[verdict]);
}
