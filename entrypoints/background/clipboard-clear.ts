// "Leave no trace": 60 s after a code is copied (by the worker, or by a page that says so), the
// clipboard is cleared if it still holds that code. Only the code's SHA-256 is kept, in
// storage.session; an alarm (not a timer) does the clearing, so a worker stopped meanwhile is
// woken for it. Reading the clipboard needs the optional clipboardRead permission (the options
// page asks for it): without it nothing is cleared, since the clipboard may hold something the
// user copied since, and the skip is noted for the pages.
import { browser } from 'wxt/browser';
import { sha256Hex } from '../../lib/digest';
import { isClearOutcome, type ClearOutcome } from '../../lib/protocol/offscreen';
import { clipboardWatchItem, settingsItem } from '../../lib/storage';
import { offscreenApi, sendToOffscreen } from './offscreen-document';

export const CLIPBOARD_ALARM = 'clipboard-clear';
export const CLEAR_AFTER_MINUTES = 1;

/** What the alarm did: no copy to clear, the setting is off, no permission to read, or the clipboard's outcome. */
export type ClearResult = 'none' | 'off' | 'no-permission' | ClearOutcome;

const clearingOn = async () => (await settingsItem.getValue()).clearClipboard !== false;

/** Notes a copied code (its hash) and (re)starts the 60 s alarm; nothing when the setting is off. */
export async function noteCopied(code: string, now = Date.now()): Promise<void> {
  if (code) await noteCopiedHash(await sha256Hex(code), now);
}

/** The same for a text a page copied and hashed itself (several codes): only the hash comes here. */
export async function noteCopiedHash(sha256: string, now = Date.now()): Promise<void> {
  if (!(await clearingOn())) return;
  const { skippedAt } = await clipboardWatchItem.getValue();
  await clipboardWatchItem.setValue({ sha256, copiedAt: now, ...(skippedAt ? { skippedAt } : {}) });
  await browser.alarms.create(CLIPBOARD_ALARM, { delayInMinutes: CLEAR_AFTER_MINUTES });
}

export async function mayReadClipboard(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['clipboardRead'] });
  } catch {
    return false;
  }
}

/** Asks the offscreen document (Chrome) or reads the clipboard itself (Firefox's background page). */
async function clearIfHolds(sha256: string): Promise<ClearOutcome> {
  const api = offscreenApi();
  if (api) {
    const answer = await sendToOffscreen(api, { target: 'offscreen', type: 'clear-if', sha256 }).catch(() => undefined);
    return isClearOutcome(answer) ? answer : 'unreadable';
  }
  try {
    if ((await sha256Hex(await navigator.clipboard.readText())) !== sha256) return 'kept';
    await navigator.clipboard.writeText('');
    return 'cleared';
  } catch {
    return 'unreadable';
  }
}

export async function onClipboardAlarm(now = Date.now()): Promise<ClearResult> {
  const watch = await clipboardWatchItem.getValue();
  if (!watch.sha256) return 'none';
  const result = !(await clearingOn()) ? 'off' : !(await mayReadClipboard()) ? 'no-permission' : await clearIfHolds(watch.sha256);
  const skipped = result === 'no-permission' || result === 'unreadable';
  // The hash goes either way: the next copy brings its own.
  await clipboardWatchItem.setValue(skipped ? { skippedAt: now } : {});
  return result;
}
