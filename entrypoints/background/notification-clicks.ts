// What the buttons and clicks on a job's notification do. A sealed code is opened by the engine;
// while the vault is locked a copy cannot be made, so the popup opens on the job instead (its
// unlock form asks for the passphrase).
import { browser } from 'wxt/browser';
import { copyText } from './clipboard';
import { batchIdOfNotice, LOCKED_NOTICE_ID } from './notifications';
import type { JobEngine } from '../../lib/jobs/engine';
import { settingsItem } from '../../lib/storage';

/** The popup page in a tab, scrolled to one job. */
export function jobViewUrl(jobId: string): string {
  return browser.runtime.getURL(`/popup.html#job=${encodeURIComponent(jobId)}`);
}

/**
 * Copies the job's code; opens the popup on the job when the vault is locked. Resolves to false
 * when there is no code to copy (the job is gone, failed, or its code was removed).
 */
export async function copyOrUnlock(engine: JobEngine, id: string): Promise<boolean> {
  const codes = await engine.revealCodes([id]);
  if (codes === 'locked') {
    await browser.tabs.create({ url: jobViewUrl(id) });
    return true;
  }
  const code = codes[id];
  if (code === undefined) return false;
  await copyText(code);
  return true;
}

export async function onNotificationClicked(engine: JobEngine, id: string): Promise<void> {
  const batchId = batchIdOfNotice(id);
  if (id === LOCKED_NOTICE_ID) {
    await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  } else if (batchId) {
    await browser.tabs.create({ url: browser.runtime.getURL(`/batch.html#batch=${encodeURIComponent(batchId)}`) });
  } else {
    const job = await engine.job(id);
    if (!job) return;
    // With codes hidden the notification says "click to copy": the click copies, nothing opens.
    const copied = job.state === 'done' && (await settingsItem.getValue()).hideCodesInNotifications === true && (await copyOrUnlock(engine, id));
    if (!copied) await browser.tabs.create({ url: jobViewUrl(id) });
  }
  await browser.notifications.clear(id);
}

export async function onNotificationButton(engine: JobEngine, id: string, buttonIndex: number): Promise<void> {
  if (buttonIndex !== 0) return;
  await copyOrUnlock(engine, id);
}
