// User preferences, kept in typed, versioned storage items.
import { storage } from '@wxt-dev/storage';
import type { Lang } from './aliyun/errors';

export type LanguagePreference = 'auto' | 'en' | 'zh';

export interface Settings {
  /** Language of the UI, the notifications and the API's Lang parameter. */
  language: LanguagePreference;
  /** Client-side limit on API calls (batches): default 5 a second. */
  requestsPerSecond?: number;
}

export const DEFAULT_SETTINGS: Settings = { language: 'auto' };

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** 'auto' follows the browser's UI language: Chinese for any zh locale, English otherwise. */
export function resolveLang(preference: LanguagePreference, browserLanguage: string): Lang {
  if (preference !== 'auto') return preference;
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
