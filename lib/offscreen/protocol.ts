// Messages between the background and its offscreen document. A Chrome service worker has no DOM
// and cannot lazy-load code, so two things happen in a short-lived offscreen document instead:
// copying to the clipboard, and parsing text with the public suffix list (too big to load on
// every worker wake for a path that only the context menu needs).

import type { Lang } from '../aliyun/errors';
import type { NameRefusal } from '../domain/refusals';

export type OffscreenMessage =
  | { target: 'offscreen'; type: 'copy'; text: string }
  | { target: 'offscreen'; type: 'normalize'; text: string }
  /** The words for a refusal travel with the parser, not in the service worker. */
  | { target: 'offscreen'; type: 'refusal'; reason: NameRefusal; lang: Lang };

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (r.target !== 'offscreen') return false;
  if (r.type === 'copy' || r.type === 'normalize') return typeof r.text === 'string';
  return r.type === 'refusal' && typeof r.reason === 'string' && (r.lang === 'en' || r.lang === 'zh');
}
