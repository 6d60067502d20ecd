// Words for finished jobs: failure reasons and notification texts, in English and Chinese.
// Everything from the API is inserted as plain text; nothing here is ever parsed as markup.
import { causeMessage, type Cause } from '../aliyun/errors';
import type { Lang } from '../i18n/lang';
import type { Failure, FailureCause } from './types';

const JOB_CAUSES: Record<Exclude<FailureCause, Cause>, Record<Lang, string>> = {
  'task-failed': {
    en: 'Alibaba Cloud could not produce the transfer code.',
    zh: '阿里云未能生成转移码。',
  },
  'timed-out': {
    en: 'Timed out: Alibaba Cloud gave no code within 24 hours.',
    zh: '已超时：阿里云 24 小时内未返回转移码。',
  },
  'no-credentials': {
    en: 'No AccessKey is saved: add one on the options page.',
    zh: '尚未保存 AccessKey，请在设置页添加。',
  },
};

/** Causes whose API text helps the user (the others' text is noise, e.g. a string to sign). */
const SHOW_DETAIL = new Set<FailureCause>(['task-failed', 'parameter', 'domain', 'unknown']);
const MAX_DETAIL = 300;

function isJobCause(cause: FailureCause): cause is Exclude<FailureCause, Cause> {
  return cause in JOB_CAUSES;
}

/** The plain reason, the API's own words where they help, and the API code: "... (Forbidden.RAM)". */
export function failureText(failure: Failure, lang: Lang): string {
  const base = isJobCause(failure.cause) ? JOB_CAUSES[failure.cause][lang] : causeMessage(failure.cause, lang);
  const detail = failure.detail && SHOW_DETAIL.has(failure.cause) ? failure.detail.trim().slice(0, MAX_DETAIL) : '';
  const parts = [base, detail, failure.apiCode ? `(${failure.apiCode})` : ''];
  return parts.filter(Boolean).join(' ');
}

