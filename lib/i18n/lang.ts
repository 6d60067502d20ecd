// The languages the extension speaks, and which one is in force. Pure: no browser API.

/** The UI languages (and the Domain API's Lang parameter): English and Simplified Chinese. */
export type Lang = 'en' | 'zh';

/** What the user chose in the options: a language, or 'auto' for the browser's. */
export type LanguagePreference = 'auto' | Lang;

/** 'auto' follows the browser's UI language: Chinese for any zh locale, English otherwise. */
export function resolveLang(preference: LanguagePreference, browserLanguage: string): Lang {
  if (preference !== 'auto') return preference;
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The value for <html lang>, so screen readers pick the right voice. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
