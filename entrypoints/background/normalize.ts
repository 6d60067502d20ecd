// Domain normalization from the background. The parser carries the public suffix list (about
// 50 KB gzip), which a Chrome service worker would parse again on every wake; so there it runs in
// the offscreen document, loaded only when text actually arrives. Firefox's background is a page
// and parses in place.
import type { Lang } from '../../lib/aliyun/errors';
import { offscreenApi, normalizeOffscreen, sendToOffscreen } from './offscreen-document';
import { MAX_INPUT_LENGTH } from '../../lib/protocol/limits';
import type { NameRefusal, NameResult } from '../../lib/domain/refusals';

export async function normalizeInBackground(text: string): Promise<NameResult> {
  // Refuse what needs no parsing before waking any document: empty or oversized input.
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'too-long-input' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const api = offscreenApi();
  if (api) return normalizeOffscreen(api, text);
  if (import.meta.env.FIREFOX) return (await import('../../lib/domain/name')).normalizeDomain(text);
  throw new Error('No way to parse domain names in this browser');
}

/** The sentence for a refusal, from the same place as the parser (the offscreen document on Chrome). */
export async function refusalInBackground(reason: NameRefusal, lang: Lang): Promise<string> {
  const api = offscreenApi();
  if (api) return String(await sendToOffscreen(api, { target: 'offscreen', type: 'refusal', reason, lang }));
  if (import.meta.env.FIREFOX) return (await import('../../lib/domain/refusals')).refusalMessage(reason, lang);
  throw new Error('No way to word a refusal in this browser');
}
