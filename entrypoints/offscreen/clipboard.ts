// The offscreen document's one job: put a text on the clipboard for the service worker.
import { isOffscreenMessage } from '@/lib/protocol/offscreen';

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

/** The answer to a message, or undefined when the message is not for the offscreen document. */
export function handleOffscreenMessage(message: unknown): Promise<boolean> | undefined {
  if (!isOffscreenMessage(message)) return undefined;
  return Promise.resolve(copyWithTextarea(message.text));
}
