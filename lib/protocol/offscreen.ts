// Messages between the background and its offscreen document (which gets chrome.runtime only:
// no storage, so it does pure work and answers). A Chrome service worker has no DOM and cannot
// lazy-load code, so some work happens in a short-lived offscreen document instead: copying to
// the clipboard, parsing text with the public suffix list, and wording refusals, failures and API
// errors (bilingual tables the worker would otherwise parse on every wake for rare paths).

import type { Lang } from '../aliyun/errors';
import type { NameRefusal } from '../domain/refusals';
import type { Failure } from '../jobs/types';

export type OffscreenMessage =
  | { target: 'offscreen'; type: 'copy'; text: string }
  | { target: 'offscreen'; type: 'normalize'; text: string }
  /** The words for a refusal travel with the parser, not in the service worker. */
  | { target: 'offscreen'; type: 'refusal'; reason: NameRefusal; lang: Lang }
  /** The words for a failed job or an API error: the bilingual tables stay out of the worker. */
  | { target: 'offscreen'; type: 'failure-text'; failure: Failure; lang: Lang }
  | { target: 'offscreen'; type: 'describe-error'; code: string; httpStatus?: number; lang: Lang };

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (r.target !== 'offscreen') return false;
  if (r.type === 'copy' || r.type === 'normalize') return typeof r.text === 'string';
  const lang = r.lang === 'en' || r.lang === 'zh';
  if (r.type === 'failure-text') {
    const failure = r.failure as Record<string, unknown> | null;
    return lang && typeof failure === 'object' && failure !== null && typeof failure.cause === 'string';
  }
  if (r.type === 'describe-error') return lang && typeof r.code === 'string' && (r.httpStatus === undefined || typeof r.httpStatus === 'number');
  return r.type === 'refusal' && typeof r.reason === 'string' && lang;
}
