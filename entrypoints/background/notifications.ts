// Desktop notifications for finished jobs. The notification id is the job id, so a repeated
// create for the same job replaces its notification instead of adding a second one.
import { browser } from 'wxt/browser';
import type { Lang } from '../../lib/i18n/lang';
import { batchNoticeText, failureText, notificationTitle, workerT } from '../../lib/i18n/worker-words';
import type { Batch, BatchSummary } from '../../lib/jobs/batches';
import type { Job } from '../../lib/jobs/types';
import { settingsItem } from '../../lib/storage';

export const NOTIFICATION_ICON = '/icon/128.png';

/** Chrome shows buttons on notifications; Firefox rejects the option, so it gets none. */
const supportsButtons = () => import.meta.env.BROWSER !== 'firefox';

/**
 * A finished job's notification. `code`: a done job's code (its stored plain code by default), or
 * 'locked' when it is sealed and the vault is locked: the notification then says it is ready and
 * to unlock to see it, and has no Copy button (a click opens the popup, where the vault unlocks).
 */
export function notificationOptions(job: Job, lang: Lang, hideCode = false, code: string | 'locked' | undefined = job.code) {
  const title = notificationTitle(job, lang);
  const locked = code === 'locked';
  const shown = locked ? workerT(lang, 'notifyCodeLocked') : hideCode ? workerT(lang, 'notifyCodeReady') : (code ?? '');
  const message = job.state === 'done' ? shown : failureText(job.failure ?? { cause: 'unknown' }, lang);
  return {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL(NOTIFICATION_ICON),
    title,
    message,
    ...(job.state === 'done' && !locked && supportsButtons() ? { buttons: [{ title: workerT(lang, 'notifyCopy') }] } : {}),
  };
}

export async function showJobNotification(job: Job, lang: Lang, code: string | 'locked' | undefined = job.code): Promise<void> {
  const { hideCodesInNotifications } = await settingsItem.getValue();
  await browser.notifications.create(job.id, notificationOptions(job, lang, hideCodesInNotifications === true, code));
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

/** Asks the user to unlock the vault; clicking it opens the popup page in a tab. */
export async function showLockedNotice(lang: Lang): Promise<void> {
  await showNotice(LOCKED_NOTICE_ID, workerT(lang, 'lockedTitle'), workerT(lang, 'lockedMessage'));
}

const BATCH_NOTICE_PREFIX = 'batch-';
export const batchNoticeId = (batchId: string) => `${BATCH_NOTICE_PREFIX}${batchId}`;
export const batchIdOfNotice = (id: string): string | undefined =>
  id.startsWith(BATCH_NOTICE_PREFIX) ? id.slice(BATCH_NOTICE_PREFIX.length) : undefined;

/** One notification for a whole batch, instead of one per domain. */
export async function showBatchNotification(batch: Batch, summary: BatchSummary, lang: Lang): Promise<void> {
  const { title, message } = batchNoticeText(summary, lang);
  await showNotice(batchNoticeId(batch.id), title, message);
}

/** Clears those of `ids` that are on screen (one call for the list, one per shown one). */
export async function clearNotifications(ids: readonly string[]): Promise<void> {
  const wanted = new Set(ids);
  const shown = Object.keys(await browser.notifications.getAll());
  await Promise.all(shown.filter((id) => wanted.has(id)).map((id) => browser.notifications.clear(id)));
}
