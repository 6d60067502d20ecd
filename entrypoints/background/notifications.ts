// Desktop notifications for finished jobs. The notification id is the job id, so a repeated
// create for the same job replaces its notification instead of adding a second one.
import { browser } from 'wxt/browser';
import type { Lang } from '../../lib/i18n/lang';
import { failureText } from '../../lib/jobs/messages';
import { COPY_BUTTON, notificationTitle } from '../../lib/jobs/notification-words';
import type { Batch, BatchSummary } from '../../lib/jobs/batches';
import type { Job } from '../../lib/jobs/types';

export const NOTIFICATION_ICON = '/icon/128.png';

/** Chrome shows buttons on notifications; Firefox rejects the option, so it gets none. */
const supportsButtons = () => import.meta.env.BROWSER !== 'firefox';

export function notificationOptions(job: Job, lang: Lang) {
  const title = notificationTitle(job, lang);
  const message = job.state === 'done' ? (job.code ?? '') : failureText(job.failure ?? { cause: 'unknown' }, lang);
  return {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL(NOTIFICATION_ICON),
    title,
    message,
    ...(job.state === 'done' && supportsButtons() ? { buttons: [{ title: COPY_BUTTON[lang] }] } : {}),
  };
}

export async function showJobNotification(job: Job, lang: Lang): Promise<void> {
  await browser.notifications.create(job.id, notificationOptions(job, lang));
}

/** A notification that is not about a job, e.g. "this selection is not a domain". */
export async function showNotice(id: string, title: string, message: string): Promise<void> {
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL(NOTIFICATION_ICON),
    title,
    message,
  });
}

export const LOCKED_NOTICE_ID = 'vault-locked';
const LOCKED_TEXT: Record<Lang, { title: string; message: string }> = {
  en: { title: 'Unlock to continue', message: 'Your AccessKey is locked. Open the extension and enter your passphrase: waiting requests then continue.' },
  zh: { title: '请解锁以继续', message: 'AccessKey 已锁定。请打开扩展并输入密码，等待中的请求将继续。' },
};

/** Asks the user to unlock the vault; clicking it opens the popup page in a tab. */
export async function showLockedNotice(lang: Lang): Promise<void> {
  await showNotice(LOCKED_NOTICE_ID, LOCKED_TEXT[lang].title, LOCKED_TEXT[lang].message);
}

const BATCH_TEXT: Record<Lang, (s: BatchSummary) => { title: string; message: string }> = {
  en: (s) => ({
    title: `Batch finished: ${s.total} domain${s.total === 1 ? '' : 's'}`,
    message: `${s.done} code${s.done === 1 ? '' : 's'} ready, ${s.failed} failed.`,
  }),
  zh: (s) => ({ title: `批量任务完成：${s.total} 个域名`, message: `${s.done} 个转移码已就绪，${s.failed} 个失败。` }),
};

const BATCH_NOTICE_PREFIX = 'batch-';
export const batchNoticeId = (batchId: string) => `${BATCH_NOTICE_PREFIX}${batchId}`;
export const batchIdOfNotice = (id: string): string | undefined =>
  id.startsWith(BATCH_NOTICE_PREFIX) ? id.slice(BATCH_NOTICE_PREFIX.length) : undefined;

/** One notification for a whole batch, instead of one per domain. */
export async function showBatchNotification(batch: Batch, summary: BatchSummary, lang: Lang): Promise<void> {
  const { title, message } = BATCH_TEXT[lang](summary);
  await showNotice(batchNoticeId(batch.id), title, message);
}
