import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useT } from '../../../components/LanguageProvider';

/** The manifest's suggested key for opening the popup (POPUP_SHORTCUT in wxt.config.ts; a unit test keeps them equal). */
export const SUGGESTED_SHORTCUT = 'Alt+Shift+K';

/** The command that opens the popup: MV3 (Chrome) and MV2 (Firefox) names. */
const POPUP_COMMANDS = ['_execute_action', '_execute_browser_action'];

/** The shortcut the browser has set for opening the popup; '' when none is set or the API is missing. */
export async function popupShortcut(): Promise<string> {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((c) => POPUP_COMMANDS.includes(c.name ?? ''))?.shortcut ?? '';
  } catch {
    return '';
  }
}

/** The options page's "Keyboard shortcut" line: the key set now, and where the browser lets you change it. */
export function KeyboardShortcut() {
  const { t } = useT();
  const [shortcut, setShortcut] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void popupShortcut().then((key) => live && setShortcut(key));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="card" aria-labelledby="shortcut-heading">
      <h2 id="shortcut-heading">{t('shortcutHeading')}</h2>
      {shortcut === undefined ? null : shortcut ? (
        <p className="shortcut">
          {t('shortcutIs')} <kbd>{shortcut}</kbd>
        </p>
      ) : (
        <p className="shortcut">{t('shortcutNotSet', { shortcut: SUGGESTED_SHORTCUT })}</p>
      )}
      {/* Plain text: pages may not link to browser settings pages. */}
      <p className="hint">{t(import.meta.env.FIREFOX ? 'shortcutFirefox' : 'shortcutChrome')}</p>
    </section>
  );
}
