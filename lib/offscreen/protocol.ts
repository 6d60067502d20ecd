// Messages between the background and its offscreen document. A Chrome service worker has no DOM
// and cannot lazy-load code, so two things happen in a short-lived offscreen document instead:
// copying to the clipboard, and parsing text with the public suffix list (too big to load on
// every worker wake for a path that only the context menu needs).

export type OffscreenMessage =
  | { target: 'offscreen'; type: 'copy'; text: string }
  | { target: 'offscreen'; type: 'normalize'; text: string };

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  return r.target === 'offscreen' && (r.type === 'copy' || r.type === 'normalize') && typeof r.text === 'string';
}
