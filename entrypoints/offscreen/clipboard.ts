// The offscreen document's jobs for the service worker: put a text on the clipboard, and clear the
// clipboard when it still holds the code copied 60 s ago (compared by its SHA-256: the worker
// never sends the code again).
import { sha256Hex } from '@/lib/digest';
import { isOffscreenMessage, type ClearOutcome } from '@/lib/protocol/offscreen';

/** Copies with a textarea: navigator.clipboard needs a focused document, which this never is. */
function copyWithTextarea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied;
}

/** Pastes into a textarea; undefined when the paste is refused (no clipboardRead permission). */
function readWithTextarea(): string | undefined {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  const pasted = document.execCommand('paste');
  const text = area.value;
  area.remove();
  return pasted ? text : undefined;
}

/** Empties the clipboard: a copy whose data is set to the empty text. */
function clearWithCopyEvent(): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    return document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}

/** The document's clipboard operations (an object, so that tests can replace them). */
export const clipboardDom = {
  copy: copyWithTextarea,
  read: readWithTextarea,
  clear: clearWithCopyEvent,
};

export interface ClipboardOps {
  read(): string | undefined;
  clear(): boolean;
  copy(text: string): boolean;
}

/**
 * Clears the clipboard if its text has this hash. A clipboard that cannot be read is left alone:
 * it may hold anything the user copied since, and is never cleared blindly.
 */
export async function clearIfHolds(sha256: string, ops: ClipboardOps = clipboardDom): Promise<ClearOutcome> {
  const text = ops.read();
  if (text === undefined) return 'unreadable';
  if ((await sha256Hex(text)) !== sha256) return 'kept';
  ops.clear();
  // Where the empty copy did not take, a single space replaces the code.
  const after = ops.read();
  if (after !== undefined && (await sha256Hex(after)) === sha256) ops.copy(' ');
  return 'cleared';
}

/** The answer to a message, or undefined when the message is not for the offscreen document. */
export function handleOffscreenMessage(message: unknown): Promise<boolean | ClearOutcome> | undefined {
  if (!isOffscreenMessage(message)) return undefined;
  if (message.type === 'clear-if') return clearIfHolds(message.sha256);
  return Promise.resolve(clipboardDom.copy(message.text));
}
