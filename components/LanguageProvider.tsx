// The UI language in force: the saved preference (settingsItem.language), 'auto' meaning the
// browser's UI language. Changing the preference re-renders every page at once through the watch.
// Only English is built in: another language's table is loaded (lib/i18n loadMessages) before
// anything is shown in it. Until the preference is read, the page renders in the language a page
// last resolved (kept in localStorage), so opening it does not wait for storage.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from '@/lib/i18n/lang';
import { readUiLang, saveUiLang } from '@/lib/first-screen';
import { htmlLang, isLoaded, loadMessages, t, type MessageKey, type Params } from '@/lib/i18n';
import { browserLanguage } from '@/lib/i18n/language';
import { resolveLang, type LanguagePreference } from '@/lib/i18n/lang';
import { settingsItem } from '@/lib/storage';
import { useStorageValue } from './hooks/useStorageValue';

export interface LanguageContextValue {
  lang: Lang;
  preference: LanguagePreference;
  setPreference(preference: LanguagePreference): Promise<void>;
  t(key: MessageKey, params?: Params): string;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const settings = useStorageValue(settingsItem);
  const preference = settings?.language ?? 'auto';
  const [lastLang] = useState(lastResolvedLang);
  const wanted = settings ? resolveLang(preference, browserLanguage()) : lastLang;
  // The last language whose table finished loading: while a newly chosen one loads, the page
  // stays whole (no unmount, no lost input) in the language it already shows, never a mix.
  const [loaded, setLoaded] = useState<Lang | undefined>(undefined);
  const lang = wanted && isLoaded(wanted) ? wanted : loaded;

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    loadMessages(wanted).then(
      () => live && setLoaded(wanted),
      (error: unknown) => {
        // The table ships inside the extension, so this should never happen: show English
        // rather than an empty page.
        console.error(`Could not load the ${wanted} messages`, error);
        if (live) setLoaded('en');
      },
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  const setPreference = useCallback(async (language: LanguagePreference) => {
    const current = await settingsItem.getValue();
    await settingsItem.setValue({ ...current, language });
  }, []);

  const value = useMemo<LanguageContextValue | null>(
    () => (lang ? { lang, preference, setPreference, t: (key, params) => t(lang, key, params) } : null),
    [lang, preference, setPreference],
  );

  useEffect(() => {
    if (lang) document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  // Remembered once it comes from the saved preference, for the next page's first render.
  const resolved = settings ? lang : undefined;
  useEffect(() => {
    if (resolved) saveUiLang(localStorage, resolved);
  }, [resolved]);

  // Wait for a language and its table: a first paint in the wrong language would flash.
  if (!value) return null;
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useT(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useT() needs a <LanguageProvider> above it');
  return value;
}

function lastResolvedLang(): Lang | undefined {
  const saved = readUiLang(localStorage);
  return saved === 'en' || saved === 'zh' ? saved : undefined;
}
