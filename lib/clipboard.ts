// Writing text to the clipboard from the background. A Chrome service worker has no DOM, so
// the text goes to a short-lived offscreen document that copies it; a Firefox background page
// has a DOM and copies itself.
import { browser } from 'wxt/browser';

export const OFFSCREEN_PATH = '/offscreen.html';

/** The message the offscreen document understands. */
export interface OffscreenCopyMessage {
  target: 'offscreen';
  type: 'copy';
  text: string;
}

export function isOffscreenCopyMessage(m: unknown): m is OffscreenCopyMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  return r.target === 'offscreen' && r.type === 'copy' && typeof r.text === 'string';
}

/** The part of chrome.offscreen used here (the polyfill's types do not include it). */
interface OffscreenApi {
  createDocument(params: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

function offscreenApi(): OffscreenApi | undefined {
  const g = globalThis as { chrome?: { offscreen?: OffscreenApi } };
  return g.chrome?.offscreen;
}

export async function copyText(text: string): Promise<void> {
  const offscreen = offscreenApi();
  if (!offscreen) {
    await navigator.clipboard.writeText(text);
    return;
  }
  try {
    await offscreen.createDocument({
      url: browser.runtime.getURL(OFFSCREEN_PATH),
      reasons: ['CLIPBOARD'],
      justification: 'Copy the transfer code when the notification button is pressed',
    });
  } catch {
    // Already open: only one offscreen document may exist at a time.
  }
  const message: OffscreenCopyMessage = { target: 'offscreen', type: 'copy', text };
  await browser.runtime.sendMessage(message);
}
