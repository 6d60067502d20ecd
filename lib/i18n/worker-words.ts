// The worker's words put together: a failed job's reason, a refusal, an API error, the
// notifications. Pure: the judges (lib/aliyun/errors classifyCode, lib/domain/name) give reason
// codes, these functions word them. Everything from the API is inserted as plain text.
import { classifyCode } from '../aliyun/errors';
import type { ApiCause, Failure, FailureCause, Job, NameRefusal } from '../protocol';
import { TASK_NO_CODE, TASK_NO_REASON } from '../protocol/task-reasons';
import { MAX_INPUT_LENGTH } from '../protocol/limits';
import type { Lang } from './lang';
import { fillParams, type Params } from './params';
import { workerEn, type WorkerKey } from './worker-en';
import { workerZh } from './worker-zh';

const TABLES: Record<Lang, Record<WorkerKey, string>> = { en: workerEn, zh: workerZh };
/** One worker sentence with its `{param}` placeholders filled in as plain text. */
export function workerT(lang: Lang, key: WorkerKey, params?: Params): string {
  return fillParams(TABLES[lang][key], params);
}

const CAUSE_KEY: Record<FailureCause, WorkerKey> = {
  throttled: 'causeThrottled',
  busy: 'causeBusy',
  server: 'causeServer',
  network: 'causeNetwork',
  timeout: 'causeTimeout',
  clock: 'causeClock',
  nonce: 'causeNonce',
  secret: 'causeSecret',
  'key-not-found': 'causeKeyNotFound',
  'key-inactive': 'causeKeyInactive',
  'sts-token': 'causeStsToken',
  permission: 'causePermission',
  parameter: 'causeParameter',
  domain: 'causeDomain',
  unknown: 'causeUnknown',
  'task-failed': 'causeTaskFailed',
  'timed-out': 'causeTimedOut',
  'no-credentials': 'causeNoCredentials',
  'unlock-failed': 'causeUnlockFailed',
  'still-locked': 'causeStillLocked',
};

/** The plain sentence for a cause. */
export function causeMessage(cause: ApiCause | FailureCause, lang: Lang): string {
  return workerT(lang, CAUSE_KEY[cause]);
}

/**
 * A sentence followed by an API code: "… (SignatureDoesNotMatch)" in English; in Chinese the
 * code in full-width brackets before the full stop: "……检查（SignatureDoesNotMatch）。".
 */
export function withCode(sentence: string, code: string, lang: Lang): string {
  if (lang === 'en') return `${sentence} (${code})`;
  return sentence.endsWith('。') ? `${sentence.slice(0, -1)}（${code}）。` : `${sentence}（${code}）`;
}

/** A plain message that names the cause of an API error and keeps its code, for a call nothing retries (readiness, connection test). */
export function describeError(code: string, lang: Lang, httpStatus?: number): string {
  return withCode(causeMessage(classifyCode(code, httpStatus).cause, lang), code, lang);
}

/** Causes whose API text helps the user (the others' text is noise, e.g. a string to sign). */
const SHOW_DETAIL = new Set<FailureCause>(['task-failed', 'parameter', 'domain', 'unknown']);
const MAX_DETAIL = 300;
/** The reason codes lib/domain/api gives a finished task that said nothing of its own. */
const TASK_DETAIL: Record<string, WorkerKey> = { [TASK_NO_CODE]: 'taskNoCode', [TASK_NO_REASON]: 'taskNoReason' };

/**
 * The causes the job engine retries on its own (lib/jobs/transitions, for 30 minutes of a submission): a
 * job that failed with one of them was retried automatically, and its reason says so.
 */
const RETRIED_KEY: Partial<Record<FailureCause, WorkerKey>> = {
  throttled: 'retriedThrottled',
  busy: 'retriedBusy',
  server: 'retriedServer',
};

/** A failed job's reason: the plain cause, the API's own words where they help, and the API code. */
export function failureText(failure: Failure, lang: Lang): string {
  const retried = RETRIED_KEY[failure.cause];
  const base = retried ? workerT(lang, retried) : causeMessage(failure.cause, lang);
  const raw = failure.detail && SHOW_DETAIL.has(failure.cause) ? failure.detail.trim().slice(0, MAX_DETAIL) : '';
  const detail = raw && TASK_DETAIL[raw] ? workerT(lang, TASK_DETAIL[raw]) : raw;
  // Chinese runs sentences together; English puts a space between them.
  const sentence = detail ? `${base}${lang === 'zh' ? '' : ' '}${detail}` : base;
  return failure.apiCode ? withCode(sentence, failure.apiCode, lang) : sentence;
}

const REFUSAL_KEY: Record<NameRefusal, WorkerKey> = {
  empty: 'refusalEmpty',
  'too-long-input': 'refusalTooLongInput',
  'not-a-web-address': 'refusalNotAWebAddress',
  'ip-address': 'refusalIpAddress',
  'single-label': 'refusalSingleLabel',
  'public-suffix': 'refusalPublicSuffix',
  'unknown-suffix': 'refusalUnknownSuffix',
  'label-too-long': 'refusalLabelTooLong',
  'name-too-long': 'refusalNameTooLong',
  'illegal-characters': 'refusalIllegalCharacters',
  wildcard: 'refusalWildcard',
  'empty-label': 'refusalEmptyLabel',
};

/** Why a text is not a domain name. */
export function refusalMessage(reason: NameRefusal, lang: Lang): string {
  return workerT(lang, REFUSAL_KEY[reason], { max: MAX_INPUT_LENGTH });
}

/** A notification's title for a finished job. */
export function notificationTitle(job: Job, lang: Lang): string {
  return workerT(lang, job.state === 'done' ? 'notifyDoneTitle' : 'notifyFailedTitle', { domain: job.domain });
}

/** The batch summary notification. */
export function batchNoticeText(
  summary: { total: number; done: number; failed: number; unlocked?: number; unlockAsked?: number },
  lang: Lang,
): { title: string; message: string } {
  const counts = workerT(lang, 'batchDoneMessage', { ...summary, codes: workerT(lang, summary.done === 1 ? 'codeOne' : 'codeMany') });
  // The locks the batch turned off are said, so nobody is surprised by an unlocked domain later;
  // locks asked off that no row confirmed (a job dismissed, failed or timed out meanwhile) too.
  const unlocked = summary.unlocked ?? 0;
  const asked = Math.max(unlocked, summary.unlockAsked ?? 0);
  const locks =
    asked > unlocked
      ? workerT(lang, 'batchUnlockedSome', { n: unlocked, asked })
      : unlocked === 0
        ? ''
        : workerT(lang, unlocked === 1 ? 'batchUnlockedOne' : 'batchUnlocked', { n: unlocked });
  return {
    title: summary.total === 1 ? workerT(lang, 'batchDoneTitleOne') : workerT(lang, 'batchDoneTitle', { total: summary.total }),
    // Chinese sentences follow each other without a space.
    message: locks ? `${counts}${lang === 'zh' ? '' : ' '}${locks}` : counts,
  };
}
