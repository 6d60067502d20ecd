// Where the extension's own pages are, and opening them in a tab (from the popup, whose links
// would otherwise open inside it).
import { browser } from 'wxt/browser';

export const BATCH_PAGE = '/batch.html';

/** The readiness page for one (normalized) domain. */
export const readinessPath = (domain: string) => `/readiness.html?domain=${encodeURIComponent(domain)}`;

/** Opens one of the extension's pages in a new tab; the popup closes as the tab takes the focus. */
export async function openPageInTab(path: string): Promise<void> {
  try {
    await browser.tabs.create({ url: browser.runtime.getURL(path as never) });
  } catch {
    // No tabs API (should not happen on an extension page): let the browser open it.
    window.open(path, '_blank', 'noopener');
  }
}

/**
 * Click handler for a link to one of the extension's pages inside the popup: a plain click opens
 * the page in a new tab (a link followed inside the popup would replace the popup); modified clicks
 * keep the browser's own behaviour.
 */
export function openInTabOnClick(path: string) {
  return (event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; preventDefault(): void }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void openPageInTab(path);
  };
}
