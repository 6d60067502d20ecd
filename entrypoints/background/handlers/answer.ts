// Who may talk to the background: the extension's own pages, nothing else.
import type { GetDataType, GetReturnType } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { noteActivity } from '../../../lib/credentials/vault';
import { isOwnPage, onMessage, type ProtocolMap, type Refused, type SenderInfo } from '../../../lib/protocol/index';

export function trusted(sender: SenderInfo): boolean {
  return isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/'));
}

const FORBIDDEN: Refused = { ok: false, error: 'forbidden' };
const INVALID: Refused = { ok: false, error: 'invalid' };

/**
 * Answers one message type. Every handler goes through here, so each one checks the sender and
 * then the payload's shape (when it has one) first, and answers with a value, never an exception.
 */
export function answer<K extends keyof ProtocolMap>(
  type: K,
  valid: ((data: unknown) => boolean) | null,
  handle: (data: GetDataType<ProtocolMap[K]>) => Promise<GetReturnType<ProtocolMap[K]>>,
): void {
  onMessage(type, async ({ data, sender }) => {
    // Every answer in ProtocolMap includes Refused.
    if (!trusted(sender)) return FORBIDDEN as GetReturnType<ProtocolMap[K]>;
    if (valid && !valid(data)) return INVALID as GetReturnType<ProtocolMap[K]>;
    // A page's message is a person's action (the page opened, a button pressed): the vault's
    // auto-lock time starts again (or, past it, the vault locks before the message is handled).
    await noteActivity().catch(() => undefined);
    return handle(data);
  });
}
