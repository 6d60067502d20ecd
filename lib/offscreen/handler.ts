// What the offscreen document does with a message from the background.
import { normalizeDomain, type NameResult } from '../domain/name';
import { isOffscreenMessage } from './protocol';

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
export function handleOffscreenMessage(message: unknown): Promise<boolean | NameResult> | undefined {
  if (!isOffscreenMessage(message)) return undefined;
  if (message.type === 'copy') return Promise.resolve(copyWithTextarea(message.text));
  return Promise.resolve(normalizeDomain(message.text));
}
