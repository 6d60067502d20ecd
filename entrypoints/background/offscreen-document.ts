// The service worker's side of the offscreen document: created on demand, only for the clipboard
// (copy a code, and clear it 60 s later if it still holds it: a service worker has no DOM).
// Firefox's background is a page and does both itself.
import { browser } from 'wxt/browser';
import type { OffscreenMessage } from '../../lib/protocol/offscreen';

export const OFFSCREEN_PATH = '/offscreen.html';

/** The part of chrome.offscreen used here (webextension-polyfill's types do not include it). */
export interface OffscreenApi {
  createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
}

export function offscreenApi(): OffscreenApi | undefined {
  return (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
}

let creating: Promise<void> | undefined;

async function ensureDocument(api: OffscreenApi): Promise<void> {
  creating ??= api
    .createDocument({
      url: browser.runtime.getURL(OFFSCREEN_PATH),
      // Chrome's documented reason for writing to the clipboard from an extension's background.
      reasons: ['CLIPBOARD'],
      justification: 'Copy a transfer code to the clipboard when the notification button is pressed, and clear it 60 s later if it still holds the code',
    })
    .catch(() => undefined) // already open: only one offscreen document may exist at a time
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

export async function sendToOffscreen(api: OffscreenApi, message: OffscreenMessage): Promise<unknown> {
  await ensureDocument(api);
  return browser.runtime.sendMessage(message);
}
