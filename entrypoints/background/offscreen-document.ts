// The background's side of the offscreen document: create it on demand, send it work.
import { browser } from 'wxt/browser';
import type { NameResult } from '../../lib/domain/refusals';
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
      reasons: ['CLIPBOARD', 'DOM_PARSER'],
      justification: 'Copy a transfer code to the clipboard; parse selected text into a domain name',
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

export async function normalizeOffscreen(api: OffscreenApi, text: string): Promise<NameResult> {
  return (await sendToOffscreen(api, { target: 'offscreen', type: 'normalize', text })) as NameResult;
}
