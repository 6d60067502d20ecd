// The one typed protocol between the extension's pages and the background.
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { RequestResult } from './jobs/engine';
import type { Job } from './jobs/types';

/** The answer to a message that was not from the extension's own pages, or was malformed. */
export interface Refused {
  ok: false;
  error: 'forbidden' | 'invalid';
}

export type Done = { ok: true } | { ok: false; error: 'not-found' } | Refused;

export interface ProtocolMap {
  /** Normalize the text and start (or join) a job for that domain. */
  requestCode(data: { text: string }): RequestResult | Refused;
  listJobs(): { ok: true; jobs: Job[] } | Refused;
  /** Start a failed job again. */
  retryJob(data: { id: string }): Done;
  /** Remove one job (and its notification). */
  dismissJob(data: { id: string }): Done;
  /** Remove every finished job; pending ones stay. */
  clearHistory(): { ok: true; removed: number } | Refused;
  /** Put a finished job's code on the clipboard from the background. */
  copyCode(data: { id: string }): Done;
  /** One harmless signed call with the active profile's keys: do they work? */
  testConnection(): ConnectionReport | Refused;
}

export type ConnectionReport =
  | { ok: true }
  | { ok: false; error: 'no-credentials' }
  | { ok: false; error: 'api'; code: string; message: string };

export const { sendMessage, onMessage, removeAllListeners } = defineExtensionMessaging<ProtocolMap>();

/** Who sent a message, as runtime.onMessage reports it. */
export interface SenderInfo {
  id?: string;
  url?: string;
}

/** Only pages of this extension (popup, options, tabs showing them) may talk to the background. */
export function isOwnPage(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}

const MAX_TEXT = 1_000_000;
const MAX_ID = 100;

export function isTextPayload(data: unknown): data is { text: string } {
  return isObject(data) && typeof data.text === 'string' && data.text.length <= MAX_TEXT;
}

export function isIdPayload(data: unknown): data is { id: string } {
  return isObject(data) && typeof data.id === 'string' && data.id.length > 0 && data.id.length <= MAX_ID;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
