// The UI's message tables and the one function that reads them. Pure: no browser API, so the
// pages and the tests share it. The language in force comes from components/LanguageProvider
// (settings + browser language through lib/settings resolveLang).
//
// The words come in two parts: the core (popup-en.ts: the popup's and what it shares with the other
// pages), which every page has, and the pages part (pages-en.ts: options, batch, readiness), which
// a page adds by importing lib/i18n/pages.ts, so the popup carries none of it. English is
// built in for the parts a page has; every other language loads per part through loadMessages(),
// each its own lazy chunk. LanguageProvider renders nothing until the language in force is loaded
// for every part the page has, so t() never mixes languages.
import type { Lang } from './lang';
import { fillParams, type Params } from './params';
import { en, type CoreKey } from './popup-en';
import type { PagesKey } from './pages-en';

export type MessageKey = CoreKey | PagesKey;
export type { Params } from './params';
type Words = Partial<Record<MessageKey, string>>;
type OtherLang = Exclude<Lang, 'en'>;
type Loader = () => Promise<Words>;

/** One part of the words: the tables loaded so far, how to load another language, loads under way. */
interface Part {
  tables: Partial<Record<Lang, Words>>;
  loaders: Record<OtherLang, Loader>;
  loading: Partial<Record<OtherLang, Promise<void>>>;
}

/** The parts this page has: the core always, the pages part once lib/i18n/pages.ts is imported. */
const parts: Part[] = [{ tables: { en }, loaders: { zh: () => import('./popup-zh').then((m) => m.zh) }, loading: {} }];

/**
 * Adds the pages part (called once by lib/i18n/pages.ts): its English table, and loaders for
 * its other languages.
 */
export function addPagesPart(english: Record<PagesKey, string>, loaders: Record<OtherLang, Loader>): void {
  if (parts.length > 1) return; // added already
  parts.push({ tables: { en: english }, loaders, loading: {} });
}

/** Whether t() can answer in `lang` now, for every part this page has (English always can). */
export function isLoaded(lang: Lang): boolean {
  return parts.every((part) => part.tables[lang] !== undefined);
}

/** Loads `lang` for every part this page has (once; a failed load can be retried). */
export function loadMessages(lang: Lang): Promise<void> {
  if (lang === 'en') return Promise.resolve();
  return Promise.all(parts.map((part) => (part.tables[lang] ? undefined : loadPart(part, lang)))).then(() => undefined);
}

function loadPart(part: Part, lang: OtherLang): Promise<void> {
  return (part.loading[lang] ??= part.loaders[lang]().then(
    (table) => {
      part.tables[lang] = table;
    },
    (error: unknown) => {
      delete part.loading[lang];
      throw error;
    },
  ));
}

function lookup(lang: Lang, key: MessageKey): string | undefined {
  for (const part of parts) {
    const text = part.tables[lang]?.[key];
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * The message `key` in `lang`, with `{param}` placeholders filled in as plain text. Falls back to
 * English only while the table of `lang` is not loaded yet (see loadMessages()), and to the key
 * itself for a pages word on a page without the pages part (a bug a test would show).
 */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  return fillParams(lookup(lang, key) ?? lookup('en', key) ?? key, params);
}

export { htmlLang, type Lang } from './lang';

/** Elapsed time as m:ss (h:mm:ss past an hour): digits read the same in both languages. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local time as YYYY-MM-DD HH:MM:SS: sorts as text, reads the same in both languages. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A list of names joined the way each language writes lists. */
export function joinNames(lang: Lang, names: string[]): string {
  return names.join(lang === 'zh' ? '、' : ', ');
}
