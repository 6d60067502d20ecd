// Who may talk to the background: the extension's own pages, nothing else.
import { browser } from 'wxt/browser';
import { isOwnPage, type SenderInfo } from '../messaging';

export function trusted(sender: SenderInfo): boolean {
  return isOwnPage(sender, browser.runtime.id, browser.runtime.getURL('/'));
}
