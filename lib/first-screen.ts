// The popup's first screen before any of its modules run: popup.html carries the heading, the
// "Domain name" field and a disabled button as plain markup, so the field takes the focus and
// keystrokes at the browser's first paint. A small classic script (entrypoints/first-screen.ts)
// puts those words in the language the popup last showed and focuses the field; React then takes
// the screen over (components/useFirstScreen.ts), keeping what was typed and the focus.
//
// Everything here is text from the extension's own pages, kept in the pages' localStorage (the
// extension's origin only) and written with textContent / attributes, never as markup.

/** The ids of the static first screen in entrypoints/popup/index.html. */
export const FIRST_SCREEN_ID = 'first-screen';
export const FIRST_SCREEN_FIELD_ID = 'first-screen-domain';

/** The words of the first screen in one language, as the popup last rendered them. */
export interface FirstScreenWords {
  /** The UI language code ('en', 'zh') the words are in. */
  lang: string;
  /** The value for <html lang>. */
  htmlLang: string;
  appName: string;
  label: string;
  placeholder: string;
  button: string;
}

/** What a page's localStorage offers (a subset of the DOM's Storage, so tests can pass a Map-like). */
export type TextStore = Pick<Storage, 'getItem' | 'setItem'>;

const WORDS_KEY = 'firstScreenWords';
const LANG_KEY = 'uiLang';

const WORD_FIELDS = ['lang', 'htmlLang', 'appName', 'label', 'placeholder', 'button'] as const;

/** Reads the saved words; anything malformed counts as none. */
export function readWords(store: TextStore): FirstScreenWords | null {
  try {
    const words: unknown = JSON.parse(store.getItem(WORDS_KEY) ?? 'null');
    return isWords(words) ? words : null;
  } catch {
    return null;
  }
}

function isWords(value: unknown): value is FirstScreenWords {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return WORD_FIELDS.every((field) => typeof record[field] === 'string');
}

/** Saves the words the popup shows now, when they differ from the saved ones. */
export function saveWords(store: TextStore, words: FirstScreenWords): void {
  const saved = readWords(store);
  if (saved && WORD_FIELDS.every((field) => saved[field] === words[field])) return;
  safeSet(store, WORDS_KEY, JSON.stringify(words));
}

/** The UI language a page last resolved from the saved preference (any extension page writes it). */
export function readUiLang(store: TextStore): string | null {
  return safeGet(store, LANG_KEY);
}

export function saveUiLang(store: TextStore, lang: string): void {
  if (safeGet(store, LANG_KEY) !== lang) safeSet(store, LANG_KEY, lang);
}

/**
 * What the static first screen should do before the first paint: show the markup's English as it
 * is, show it in the saved words, or stay hidden until React renders (the language is not English
 * and no words in it are saved, so showing English would flash the wrong language).
 */
export type FirstScreenPlan = { kind: 'as-is' } | { kind: 'words'; words: FirstScreenWords } | { kind: 'hide' };

/**
 * `lastLang` is the language a page last resolved (null before any page ran); `navigatorLanguage`
 * is the browser's, the best guess on the very first open.
 */
export function planFirstScreen(words: FirstScreenWords | null, lastLang: string | null, navigatorLanguage: string): FirstScreenPlan {
  const expected = lastLang ?? (navigatorLanguage.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  if (words && words.lang === expected) return expected === 'en' ? { kind: 'as-is' } : { kind: 'words', words };
  return expected === 'en' ? { kind: 'as-is' } : { kind: 'hide' };
}

/**
 * Carries out a plan on the popup's document (the classic script calls it while the page is being
 * parsed, before the first paint), then focuses the field at once: `autofocus` alone waits for the
 * browser's next rendering step, which comes after the page's modules have run.
 */
export function applyFirstScreen(doc: Document, plan: FirstScreenPlan): void {
  const screen = doc.getElementById(FIRST_SCREEN_ID);
  const field = doc.getElementById(FIRST_SCREEN_FIELD_ID);
  if (!screen || !field) return;
  if (plan.kind === 'hide') {
    screen.hidden = true;
    return;
  }
  if (plan.kind === 'words') {
    const { words } = plan;
    doc.documentElement.lang = words.htmlLang;
    doc.title = words.appName;
    setText(screen.querySelector('h1'), words.appName);
    setText(screen.querySelector('label'), words.label);
    setText(screen.querySelector('button'), words.button);
    field.setAttribute('placeholder', words.placeholder);
  }
  field.focus({ preventScroll: true });
}

/** What the user did in the static field before React took over. */
export interface FieldState {
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
  direction: 'forward' | 'backward' | 'none';
  focused: boolean;
}

/** The static field's state, or null when there is no first screen. */
export function readStaticField(doc: Document): FieldState | null {
  const screen = doc.getElementById(FIRST_SCREEN_ID);
  const field = doc.getElementById(FIRST_SCREEN_FIELD_ID);
  if (!screen || !(field instanceof HTMLInputElement)) return null;
  return {
    value: field.value,
    selectionStart: field.selectionStart,
    selectionEnd: field.selectionEnd,
    direction: field.selectionDirection ?? 'none',
    focused: doc.activeElement === field,
  };
}

/** Removes the static first screen (React's own screen is in the document by now). */
export function removeFirstScreen(doc: Document): void {
  doc.getElementById(FIRST_SCREEN_ID)?.remove();
}

function setText(element: Element | null, text: string): void {
  if (element) element.textContent = text;
}

// localStorage can throw (storage disabled, quota): the first screen is an optimisation, never a
// reason for the popup to fail.
function safeGet(store: TextStore, key: string): string | null {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(store: TextStore, key: string, value: string): void {
  try {
    store.setItem(key, value);
  } catch {
    // Not saved: the next open shows the markup's English or waits for React.
  }
}
