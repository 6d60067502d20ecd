// Offscreen document: copies text sent by the background to the clipboard, then closes itself.
import { browser } from 'wxt/browser';
import { isOffscreenCopyMessage } from '@/lib/clipboard';

browser.runtime.onMessage.addListener((message: unknown, sender) => {
  if (sender.id !== browser.runtime.id || !isOffscreenCopyMessage(message)) return undefined;
  const area = document.getElementById('clipboard') as HTMLTextAreaElement;
  area.value = message.text;
  area.select();
  // navigator.clipboard needs a focused document, which an offscreen document never is.
  const copied = document.execCommand('copy');
  area.value = '';
  setTimeout(() => window.close(), 0);
  return Promise.resolve(copied);
});
