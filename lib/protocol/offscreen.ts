// The one message between the service worker and its offscreen document. Chrome's service worker
// has no DOM, so it cannot write to the clipboard (Chrome's offscreen documents exist for such
// cases: reason CLIPBOARD); everything else the worker does itself. The document gets
// chrome.runtime only: no storage, so it does this one job and answers.

export type OffscreenMessage = { target: 'offscreen'; type: 'copy'; text: string };

export function isOffscreenMessage(m: unknown): m is OffscreenMessage {
  if (m === null || typeof m !== 'object') return false;
  const r = m as Record<string, unknown>;
  return r.target === 'offscreen' && r.type === 'copy' && typeof r.text === 'string';
}
