// @vitest-environment happy-dom
// The popup's static first screen (lib/first-screen.ts): what the classic script decides and does
// before the first paint, against popup.html's real markup.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../lib/i18n';
import { zh } from '../../lib/i18n/popup-zh';
import {
  FIRST_SCREEN_ID,
  applyFirstScreen,
  planFirstScreen,
  readStaticField,
  readUiLang,
  readWords,
  removeFirstScreen,
  saveUiLang,
  saveWords,
  type FirstScreenWords,
  type TextStore,
} from '../../lib/first-screen';
import { mountFirstScreen, popupHtmlHead } from './helpers/first-screen-markup';

const ZH: FirstScreenWords = {
  lang: 'zh',
  htmlLang: 'zh-CN',
  appName: zh.appName,
  label: zh.domainLabel,
  placeholder: zh.domainPlaceholder,
  button: zh.getCode,
};
const EN: FirstScreenWords = {
  lang: 'en',
  htmlLang: 'en',
  appName: t('en', 'appName'),
  label: t('en', 'domainLabel'),
  placeholder: t('en', 'domainPlaceholder'),
  button: t('en', 'getCode'),
};

beforeEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
});

afterEach(() => vi.restoreAllMocks());

describe('planFirstScreen', () => {
  it.each([
    // words, language a page last resolved, navigator.language, plan
    [null, null, 'en-US', 'as-is'],
    [null, null, 'fr', 'as-is'],
    [null, null, 'zh-CN', 'hide'],
    [null, null, 'ZH-tw', 'hide'],
    [null, 'en', 'zh-CN', 'as-is'],
    [null, 'zh', 'en-US', 'hide'],
    [EN, 'en', 'en-US', 'as-is'],
    [EN, 'zh', 'en-US', 'hide'], // the language changed since: English words would flash
    [ZH, 'zh', 'en-US', 'words'],
    [ZH, null, 'zh-CN', 'words'],
    [ZH, 'en', 'zh-CN', 'as-is'], // switched back to English: the markup is English already
    [ZH, null, 'en-GB', 'as-is'],
  ] as const)('words %#: last %s, navigator %s -> %s', (words, last, nav, kind) => {
    expect(planFirstScreen(words, last, nav).kind).toBe(kind);
  });
});

describe('saved words and language', () => {
  it('round-trips the words and the language', () => {
    saveWords(localStorage, ZH);
    saveUiLang(localStorage, 'zh');
    expect(readWords(localStorage)).toEqual(ZH);
    expect(readUiLang(localStorage)).toBe('zh');
  });

  it('does not write again what is saved already', () => {
    const map = new Map<string, string>();
    const store: TextStore = { getItem: (key) => map.get(key) ?? null, setItem: vi.fn((key: string, value: string) => void map.set(key, value)) };
    saveWords(store, ZH);
    saveWords(store, { ...ZH });
    saveUiLang(store, 'zh');
    saveUiLang(store, 'zh');
    expect(store.setItem).toHaveBeenCalledTimes(2);
    saveWords(store, EN);
    expect(store.setItem).toHaveBeenCalledTimes(3);
    expect(readWords(store)).toEqual(EN);
  });

  it.each([
    ['not JSON', '{'],
    ['null', 'null'],
    ['a string', '"zh"'],
    ['a field missing', JSON.stringify({ ...ZH, button: undefined })],
    ['a number', JSON.stringify({ ...ZH, label: 5 })],
    ['an array', JSON.stringify([ZH])],
  ])('counts malformed words (%s) as none', (_what, raw) => {
    localStorage.setItem('firstScreenWords', raw);
    expect(readWords(localStorage)).toBeNull();
  });

  it('a storage that throws is no words, and saving into it does not throw', () => {
    const broken: TextStore = {
      getItem: () => {
        throw new Error('disabled');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(readWords(broken)).toBeNull();
    expect(readUiLang(broken)).toBeNull();
    expect(() => saveWords(broken, ZH)).not.toThrow();
    expect(() => saveUiLang(broken, 'zh')).not.toThrow();
  });
});

describe("popup.html's static first screen", () => {
  it('is in the English the React form shows, with an enabled autofocus field and a disabled button', () => {
    const field = mountFirstScreen();
    const screen = document.getElementById(FIRST_SCREEN_ID)!;
    expect(popupHtmlHead()).toEqual({ lang: 'en', title: EN.appName });
    expect(screen.querySelector('h1')?.textContent).toBe(EN.appName);
    expect(field.labels?.[0]?.textContent).toBe(EN.label);
    expect(field.placeholder).toBe(EN.placeholder);
    expect(field.disabled).toBe(false);
    expect(field.hasAttribute('autofocus')).toBe(true);
    const button = screen.querySelector('button')!;
    expect(button.textContent).toBe(EN.button);
    expect(button.disabled).toBe(true);
    // No <form>: Enter before React takes over cannot navigate the popup away.
    expect(screen.querySelector('form')).toBeNull();
  });

  it('shows saved Chinese words as text', () => {
    const field = mountFirstScreen();
    applyFirstScreen(document, { kind: 'words', words: { ...ZH, label: '<b>域名</b>' } });
    const screen = document.getElementById(FIRST_SCREEN_ID)!;
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe(zh.appName);
    expect(screen.querySelector('h1')?.textContent).toBe(zh.appName);
    expect(field.labels?.[0]?.textContent).toBe('<b>域名</b>');
    expect(screen.querySelector('b')).toBeNull();
    expect(field.placeholder).toBe(zh.domainPlaceholder);
    expect(screen.querySelector('button')?.textContent).toBe(zh.getCode);
    expect(screen.hidden).toBe(false);
    expect(document.activeElement).toBe(field);
  });

  it('hides itself, unfocused, when it has no words in the language expected', () => {
    const field = mountFirstScreen();
    applyFirstScreen(document, { kind: 'hide' });
    expect(document.getElementById(FIRST_SCREEN_ID)?.hidden).toBe(true);
    expect(document.activeElement).not.toBe(field);
  });

  it('keeps the markup as it is for English, and focuses the field', () => {
    const field = mountFirstScreen();
    expect(document.activeElement).not.toBe(field);
    applyFirstScreen(document, { kind: 'as-is' });
    expect(field.labels?.[0]?.textContent).toBe(EN.label);
    expect(document.getElementById(FIRST_SCREEN_ID)?.hidden).toBe(false);
    expect(document.activeElement).toBe(field);
  });

  it('reads what was typed, the selection and the focus, and is removed', () => {
    expect(readStaticField(document)).toBeNull();
    const field = mountFirstScreen();
    field.value = 'example.com';
    field.focus();
    field.setSelectionRange(2, 5, 'backward');
    expect(readStaticField(document)).toEqual({
      value: 'example.com',
      selectionStart: 2,
      selectionEnd: 5,
      direction: 'backward',
      focused: true,
    });
    removeFirstScreen(document);
    expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
    expect(readStaticField(document)).toBeNull();
  });
});
