// The messages between the service worker and its offscreen document. Chrome's service worker
// has no DOM, so it cannot use the clipboard (Chrome's offscreen documents exist for such cases:
// reason CLIPBOARD); everything else the worker does itself. The document gets chrome.runtime
// only: no storage, so it does these jobs and answers.
//
// - copy: put a text on the clipboard (answers true when copied).
// - clear-if: clear the clipboard if its text has this SHA-256 (hex): the code copied 60 s ago.
//   The worker sends the hash, never the code. Answers a ClearOutcome.

export type OffscreenMessage = { target: 'offscreen'; type: 'copy'; text: string } | { target: 'offscreen'; type: 'clear-if'; sha256: string };

/** cleared: it held the code and is now empty; kept: it holds something else; unreadable: it could not be read (no clipboardRead). */
export type ClearOutcome = 'cleared' | 'kept' | 'unreadable';

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  if (r.target !== 'offscreen') return false;
  if (r.type === 'copy') return typeof r.text === 'string';
  return r.type === 'clear-if' && typeof r.sha256 === 'string' && /^[0-9a-f]{64}$/.test(r.sha256);
}

export function isClearOutcome(v: unknown): v is ClearOutcome {
  return v === 'cleared' || v === 'kept' || v === 'unreadable';
}
