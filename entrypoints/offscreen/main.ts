// Offscreen document: does for the background what a service worker cannot (see lib/offscreen).
import { browser } from 'wxt/browser';
import { handleOffscreenMessage } from './handler';

browser.runtime.onMessage.addListener((message: unknown, sender) => {
  if (sender.id !== browser.runtime.id) return undefined;
  return handleOffscreenMessage(message);
});
