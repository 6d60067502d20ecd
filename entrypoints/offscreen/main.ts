// Offscreen document (Chrome only): copies to the clipboard for the service worker, which has no DOM.
import { browser } from 'wxt/browser';
import { handleOffscreenMessage } from './clipboard';

browser.runtime.onMessage.addListener((message: unknown, sender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  return handleOffscreenMessage(message);
});
