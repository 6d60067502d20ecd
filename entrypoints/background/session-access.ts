// storage.session holds the unlocked vault's keys: only the extension's trusted contexts (the
// worker and the extension's own pages, never a content script) may read it. That is Chrome's
// default; it is set here explicitly so that no later default or API change can widen it.
import { browser } from 'wxt/browser';

export async function limitSessionStorage(): Promise<void> {
  const session = browser.storage.session as { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };
  // Firefox 153 has no setAccessLevel; there storage.session is not exposed to content scripts
  // (MDN, storage.session), and this extension has none.
  if (typeof session.setAccessLevel !== 'function') return;
  try {
    await session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Refused: the default, trusted contexts only, stays.
  }
}
