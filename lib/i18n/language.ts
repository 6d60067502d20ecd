// The language in force for the UI, the notifications and the API's Lang parameter.
import { browser } from 'wxt/browser';
import type { Lang } from './lang';
import { settingsItem } from '../storage';
import { resolveLang } from './lang';

export function browserLanguage(): string {
  try {
    return browser.i18n.getUILanguage();
  } catch {
    return 'en';
  }
}

export async function currentLang(): Promise<Lang> {
  const settings = await settingsItem.getValue();
  return resolveLang(settings.language, browserLanguage());
}
