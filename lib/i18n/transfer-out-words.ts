// The quiet line under a done job saying where and when Alibaba Cloud also sent its code, and until
// when the code is valid (Job.transferOut, filled by the worker), and the hint when the AccessKey
// may not read that. Its words are here, both languages, not in the core tables: the popup loads
// this module only once a job has such a note (a lazy chunk: its first paint is size-budgeted).
// Dates with Intl (built in) in the browser's time zone.
import type { TransferOutNote } from '../protocol';
import type { Lang } from './lang';
import { fillParams, type Params } from './params';

// Pre-flight / hand-off (issue 17)
export const transferOutEn = {
  transferOutEmailedOn: 'Also emailed to {email} on {time}',
  transferOutEmailed: 'Also emailed to {email}',
  transferOutSentOn: 'Also sent on {time}',
  /** after one of the three above */
  transferOutValidUntil: 'code valid until {date}',
  /** alone */
  transferOutValidOnly: 'Code valid until {date}',
  transferOutJoin: ' · ',
  transferOutDenied: 'Where Alibaba emailed each code is not shown: the AccessKey lacks the optional permission domain:QueryDomainTransferOut.',
};

type TransferOutKey = keyof typeof transferOutEn;

// Pre-flight / hand-off (issue 17)
export const transferOutZh: Record<TransferOutKey, string> = {
  transferOutEmailedOn: '已同时通过邮件发送至 {email}（{time}）',
  transferOutEmailed: '已同时通过邮件发送至 {email}',
  transferOutSentOn: '已于 {time} 同时发送',
  transferOutValidUntil: '转移密码有效期至 {date}',
  transferOutValidOnly: '转移密码有效期至 {date}',
  transferOutJoin: ' · ',
  transferOutDenied: '未显示阿里云将各转移密码发往哪个邮箱，因为该 AccessKey 缺少可选权限 domain:QueryDomainTransferOut。',
};

const TABLES: Record<Lang, Record<TransferOutKey, string>> = { en: transferOutEn, zh: transferOutZh };
const words = (lang: Lang, key: TransferOutKey, params?: Params) => fillParams(TABLES[lang][key], params);

const LOCALE: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };

/** "2 Dec 2026, 17:03" / "2026年12月2日 17:03". */
export function formatDateTime(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

/** "17 Dec 2026" / "2026年12月17日". */
export function formatDay(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}

/** The line, with only what the note holds; '' when it holds nothing. */
export function transferOutLine(note: TransferOutNote | undefined, lang: Lang): string {
  if (!note) return '';
  const { maskedEmail: email, sentAt, expiresAt } = note;
  const time = sentAt !== undefined ? formatDateTime(sentAt, lang) : '';
  const sent = email
    ? words(lang, time ? 'transferOutEmailedOn' : 'transferOutEmailed', { email, time })
    : time
      ? words(lang, 'transferOutSentOn', { time })
      : '';
  if (expiresAt === undefined) return sent;
  const date = formatDay(expiresAt, lang);
  return sent ? sent + words(lang, 'transferOutJoin') + words(lang, 'transferOutValidUntil', { date }) : words(lang, 'transferOutValidOnly', { date });
}

/** The hint, said once per page. */
export const transferOutDeniedText = (lang: Lang): string => words(lang, 'transferOutDenied');

/** Whether the hint belongs on a page showing these jobs (done ones of a denied profile). */
export function transferOutDeniedFor(jobs: Iterable<{ state: string; profileId: string }>, denied: Readonly<Record<string, number>> | undefined): boolean {
  if (!denied) return false;
  for (const job of jobs) if (job.state === 'done' && Object.prototype.hasOwnProperty.call(denied, job.profileId)) return true;
  return false;
}
