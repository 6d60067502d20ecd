// Domain normalization from the background. The parser carries the public suffix list (about
// 50 KB gzip), which a Chrome service worker would parse again on every wake; so there it runs in
// the offscreen document, loaded only when text actually arrives. Firefox's background is a page
// and parses in place.
import { offscreenApi, normalizeOffscreen } from '../offscreen/client';
import { MAX_INPUT_LENGTH } from './limits';
import type { NameResult } from './refusals';

export async function normalizeInBackground(text: string): Promise<NameResult> {
  // Refuse what needs no parsing before waking any document: empty or oversized input.
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too-long-input' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const api = offscreenApi();
  if (api) return normalizeOffscreen(api, text);
  if (import.meta.env.FIREFOX) return (await import('./name')).normalizeDomain(text);
  throw new Error('No way to parse domain names in this browser');
}
