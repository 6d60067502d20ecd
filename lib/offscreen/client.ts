// The background's side of the offscreen document: create it on demand, send it work.
import { browser } from 'wxt/browser';
import type { VaultResult } from '../credentials/vault';
import type { Refused } from '../messaging';
import type { NameResult } from '../domain/refusals';
import type { OffscreenMessage, VaultRequest } from './protocol';

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
      // No chrome.offscreen.Reason names cryptography; the vault's work shares this one document.
      reasons: ['CLIPBOARD', 'DOM_PARSER'],
      justification: 'Copy a transfer code; parse text into a domain name; seal and open the passphrase vault',
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

/** A vault operation (passphrase or derived key) done by the offscreen document. */
export async function vaultOffscreen(api: OffscreenApi, request: Partial<VaultRequest>): Promise<VaultResult | Refused> {
  const answer = await sendToOffscreen(api, { target: 'offscreen', type: 'vault', request });
  if (typeof (answer as { ok?: unknown } | null)?.ok !== 'boolean') throw new Error('No answer from the vault');
  return answer as VaultResult | Refused;
}
