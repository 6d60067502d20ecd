// The right-click entries: on selected text, and on a link (its domain).
import { browser } from 'wxt/browser';
import type { Lang } from '../../lib/i18n/lang';
import type { JobEngine, RequestResult } from '../../lib/jobs/engine';
import { failureText, refusalMessage, workerT } from '../../lib/i18n/worker-words';
import { showNotice } from './notifications';

export const MENU_SELECTION = 'transfer-code-selection';
export const MENU_LINK = 'transfer-code-link';

/** The parts of contextMenus.OnClickData used here. */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  linkUrl?: string;
}

/** The text to look up for a click on one of our entries, or undefined for other entries. */
export function menuTarget(info: MenuClick): string | undefined {
  if (info.menuItemId === MENU_LINK) return info.linkUrl ?? '';
  if (info.menuItemId === MENU_SELECTION) return info.selectionText ?? '';
  return undefined;
}

/** Called from runtime.onInstalled: entries persist, so they are re-created from scratch. */
export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_SELECTION,
    title: browser.i18n.getMessage('menuSelection'),
    contexts: ['selection'],
  });
  browser.contextMenus.create({
    id: MENU_LINK,
    title: browser.i18n.getMessage('menuLink'),
    contexts: ['link'],
  });
}

/** Why a menu request was refused, in words for a notification. */
export function refusalNotice(result: Extract<RequestResult, { ok: false }>, lang: Lang): string {
  return result.reason === 'no-credentials' ? failureText({ cause: 'no-credentials' }, lang) : refusalMessage(result.reason, lang);
}

export async function handleMenuClick(engine: JobEngine, info: MenuClick, lang: Lang): Promise<void> {
  const text = menuTarget(info);
  if (text === undefined) return;
  const result = await engine.request(text);
  if (!result.ok) await showNotice(`refused-${Date.now()}`, workerT(lang, 'menuRefusedTitle'), refusalNotice(result, lang));
}
