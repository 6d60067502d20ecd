// The UI language in force: the saved preference (settingsItem.language), 'auto' meaning the
// browser's UI language. Changing the preference re-renders every page at once through the watch.
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { Lang } from '@/lib/aliyun/errors';
import { htmlLang, t, type MessageKey, type Params } from '@/lib/i18n';
import { browserLanguage } from '@/lib/language';
import { resolveLang, settingsItem, type LanguagePreference } from '@/lib/settings';
import { useStorageValue } from './useStorageValue';

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
  const lang = resolveLang(preference, browserLanguage());

  const setPreference = useCallback(async (language: LanguagePreference) => {
    const current = await settingsItem.getValue();
    await settingsItem.setValue({ ...current, language });
  }, []);

  const value = useMemo<LanguageContextValue>(
    () => ({ lang, preference, setPreference, t: (key, params) => t(lang, key, params) }),
    [lang, preference, setPreference],
  );

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  // Wait for the saved preference: a first paint in the wrong language would flash.
  if (!settings) return null;
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useT(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useT() needs a <LanguageProvider> above it');
  return value;
}
