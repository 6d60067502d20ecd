// Drives the real background entry point over WXT's fake browser, as a worker would run.
import { expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background/index';
import { removeAllListeners } from '../../../lib/protocol/index';

/** The extension's own popup, as runtime.onMessage reports it. */
const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

export async function send<T>(type: string, data: unknown, sender: { id?: string; url?: string } = popupSender()): Promise<T> {
  let answer: unknown;
  const replied = new Promise<void>((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger({ id: 1, type, data, timestamp: Date.now() }, sender, (r: unknown) => {
      answer = r;
      resolve();
    });
  });
  await replied;
  // The messaging library wraps every answer as { res } (or { err } for a thrown error).
  expect(answer).not.toHaveProperty('err');
  return (answer as { res: T }).res;
}

export function startWorker() {
  removeAllListeners(); // the messaging library allows one handler per type in a JS context
  // fakeBrowser has the call but throws "not implemented"; Chrome answers it at every start.
  if (!vi.isMockFunction(fakeBrowser.storage.session.setAccessLevel)) {
    Object.assign(fakeBrowser.storage.session, { setAccessLevel: vi.fn(async () => undefined) });
  }
  background.main();
}

/** What a stopped service worker loses: its timers and its listeners. Storage and alarms stay. */
export function stopWorker() {
  vi.clearAllTimers();
  fakeBrowser.alarms.onAlarm.removeAllListeners();
  fakeBrowser.runtime.onMessage.removeAllListeners();
  fakeBrowser.runtime.onStartup.removeAllListeners();
  fakeBrowser.runtime.onInstalled.removeAllListeners();
  fakeBrowser.notifications.onClicked.removeAllListeners();
  fakeBrowser.notifications.onButtonClicked.removeAllListeners();
}

