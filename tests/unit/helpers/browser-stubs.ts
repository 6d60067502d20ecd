// What WXT's fakeBrowser lacks (contextMenus, i18n.getMessage), stubbed so background.main() runs.
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

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
  Object.assign(fakeBrowser, { contextMenus });
  Object.assign(fakeBrowser.i18n, {
    getMessage: (key: string) => `msg:${key}`,
    getUILanguage: () => 'en-US',
  });
  return { created, click: (info) => listeners.forEach((l) => l(info)) };
}
