// The popup's static first screen exactly as entrypoints/popup/index.html has it, for the tests
// that run the classic script's logic or React's takeover against it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FIRST_SCREEN_FIELD_ID, FIRST_SCREEN_ID } from '../../../lib/first-screen';

const POPUP_HTML = readFileSync(resolve(__dirname, '../../../entrypoints/popup/index.html'), 'utf8');

/** Puts popup.html's first screen at the start of document.body and returns its field. */
export function mountFirstScreen(): HTMLInputElement {
  const parsed = new DOMParser().parseFromString(POPUP_HTML, 'text/html');
  const screen = parsed.getElementById(FIRST_SCREEN_ID);
  if (!screen) throw new Error(`popup.html has no #${FIRST_SCREEN_ID}`);
  document.getElementById(FIRST_SCREEN_ID)?.remove();
  document.body.prepend(document.importNode(screen, true));
  return document.getElementById(FIRST_SCREEN_FIELD_ID) as HTMLInputElement;
}

/** popup.html's own <html lang> and <title>. */
export function popupHtmlHead(): { lang: string | null; title: string } {
  const parsed = new DOMParser().parseFromString(POPUP_HTML, 'text/html');
  return { lang: parsed.documentElement.getAttribute('lang'), title: parsed.title };
}
