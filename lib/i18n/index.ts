// The UI's message tables and the one function that reads them. Pure: no browser API, so the
// popup, the options page and the tests share it. The language in force comes from
// components/LanguageProvider (settings + browser language through lib/settings resolveLang).
// English is built in; every other table is its own lazy chunk, loaded by loadMessages() so a
// page only downloads the language it shows. LanguageProvider renders nothing until the table
// of the language in force is loaded, so t() never shows English while another one is chosen.
import type { Lang } from '../aliyun/errors';
import { en, type MessageKey } from './en';

export type { MessageKey } from './en';
export type Params = Record<string, string | number>;
type Table = Record<MessageKey, string>;

const tables: Partial<Record<Lang, Table>> = { en };
const loading: Partial<Record<Lang, Promise<void>>> = {};
const LOADERS: Record<Exclude<Lang, 'en'>, () => Promise<Table>> = {
  zh: () => import('./zh').then((m) => m.zh),
};

/** Whether t() can answer in `lang` now (English always can). */
export function isLoaded(lang: Lang): boolean {
  return tables[lang] !== undefined;
}

/** Loads the table of `lang` (once; a failed load can be retried). English resolves at once. */
export function loadMessages(lang: Lang): Promise<void> {
  if (lang === 'en' || tables[lang]) return Promise.resolve();
  return (loading[lang] ??= LOADERS[lang]().then(
    (table) => {
      tables[lang] = table;
    },
    (error: unknown) => {
      delete loading[lang];
      throw error;
    },
  ));
}

const PARAM = /\{(\w+)\}/g;

/**
 * The message `key` in `lang`, with `{param}` placeholders filled in as plain text. Falls back to
 * English only while the table of `lang` is not loaded yet (see loadMessages()).
 */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  const text = (tables[lang] ?? en)[key];
  if (!params) return text;
  return text.replace(PARAM, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The value for <html lang>, so screen readers pick the right voice. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

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
