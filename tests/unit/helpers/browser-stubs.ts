// What WXT's fakeBrowser lacks (contextMenus, i18n.getMessage), stubbed so background.main() runs.
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleOffscreenMessage } from '../../../entrypoints/offscreen/clipboard';

type Listener = (info: { menuItemId: string | number; selectionText?: string; linkUrl?: string }) => void;

export interface MenuStub {
  created: Array<{ id?: string; title?: string; contexts?: string[] }>;
  click(info: Parameters<Listener>[0]): void;
}

export function stubMissingApis(): MenuStub {
  const listeners: Listener[] = [];
  const created: MenuStub['created'] = [];
  const contextMenus = {
    create: vi.fn((props: MenuStub['created'][number]) => {
      created.push(props);
      return props.id ?? '';
    }),
    removeAll: vi.fn(async () => {
      created.length = 0;
    }),
    onClicked: { addListener: (l: Listener) => listeners.push(l) },
  };
  Object.assign(fakeBrowser, { contextMenus, offscreen: fakeOffscreen(), idle: fakeIdle() });
  Object.assign(fakeBrowser.i18n, {
    getMessage: (key: string) => `msg:${key}`,
    getUILanguage: () => 'en-US',
  });
  return { created, click: (info) => listeners.forEach((l) => l(info)) };
}

/** chrome.idle: the detection interval set, and onStateChanged with a trigger (fakeBrowser has neither). */
export interface IdleStub {
  interval: number | undefined;
  setDetectionInterval(seconds: number): void;
  onStateChanged: { addListener(l: (state: string) => void): void; trigger(state: string): Promise<void> };
}

function fakeIdle(): IdleStub {
  const listeners: Array<(state: string) => unknown> = [];
  const stub: IdleStub = {
    interval: undefined,
    setDetectionInterval(seconds) {
      stub.interval = seconds;
    },
    onStateChanged: {
      addListener: (l) => void listeners.push(l),
      trigger: async (state) => void (await Promise.all(listeners.map((l) => l(state)))),
    },
  };
  return stub;
}

/**
 * chrome.offscreen: "creating" the document attaches the real offscreen handler to runtime
 * messages, as the document would. Like Chrome, a second create while it exists is refused.
 */
function fakeOffscreen() {
  const listener = (message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
    const answer = handleOffscreenMessage(message);
    if (!answer) return false;
    // A failure answers something the background refuses, as a rejected answer would in Chrome.
    void answer.then(sendResponse, (e: unknown) => sendResponse({ offscreenError: String(e) }));
    return true;
  };
  return {
    created: 0,
    async createDocument(this: { created: number }) {
      if (fakeBrowser.runtime.onMessage.hasListener(listener)) throw new Error('Only a single offscreen document may be created.');
      this.created++;
      fakeBrowser.runtime.onMessage.addListener(listener);
    },
  };
}
