// What the offscreen document does with a message from the background.
import { describeError } from '../../lib/aliyun/errors';
import { normalizeDomain, refusalMessage, type NameResult } from '../../lib/domain/name';
import { failureText } from '../../lib/jobs/messages';
import { isOffscreenMessage } from '../../lib/protocol/offscreen';

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
export function handleOffscreenMessage(message: unknown): Promise<boolean | NameResult | string> | undefined {
  if (!isOffscreenMessage(message)) return undefined;
  switch (message.type) {
    case 'copy':
      return Promise.resolve(copyWithTextarea(message.text));
    case 'normalize':
      return Promise.resolve(normalizeDomain(message.text));
    case 'refusal':
      return Promise.resolve(refusalMessage(message.reason, message.lang));
    case 'failure-text':
      return Promise.resolve(failureText(message.failure, message.lang));
    case 'describe-error':
      return Promise.resolve(describeError(message.code, message.lang, message.httpStatus));
  }
}
