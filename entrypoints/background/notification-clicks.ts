// What the buttons and clicks on a job's notification do.
import { browser } from 'wxt/browser';
import { copyText } from './clipboard';
import { batchIdOfNotice, LOCKED_NOTICE_ID } from './notifications';
import { readJob } from '../../lib/jobs/reader';
import { settingsItem } from '../../lib/storage';

/** The popup page in a tab, scrolled to one job. */
export function jobViewUrl(jobId: string): string {
  return browser.runtime.getURL(`/popup.html#job=${encodeURIComponent(jobId)}`);
}

export async function onNotificationClicked(id: string): Promise<void> {
  const batchId = batchIdOfNotice(id);
  if (id === LOCKED_NOTICE_ID) {
    await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  } else if (batchId) {
    await browser.tabs.create({ url: browser.runtime.getURL(`/batch.html#batch=${encodeURIComponent(batchId)}`) });
  } else {
    const job = await readJob(id);
    if (!job) return;
    // With codes hidden the notification says "click to copy": the click copies, nothing opens.
    if (job.code && (await settingsItem.getValue()).hideCodesInNotifications) await copyText(job.code);
    else await browser.tabs.create({ url: jobViewUrl(id) });
  }
  await browser.notifications.clear(id);
}

export async function onNotificationButton(id: string, buttonIndex: number): Promise<void> {
  const job = await readJob(id);
  if (buttonIndex !== 0 || !job?.code) return;
  await copyText(job.code);
}
