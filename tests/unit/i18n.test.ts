import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/popup-en';
import { enPages } from '../../lib/i18n/pages-en';
import { zh } from '../../lib/i18n/popup-zh';
import { zhPages } from '../../lib/i18n/pages-zh';
import { formatElapsed, isLoaded, joinNames, loadMessages, t } from '../../lib/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function readLocale(name: string): Record<string, { message: string }> {
  return JSON.parse(readFileSync(new URL(`../../public/_locales/${name}/messages.json`, import.meta.url), 'utf8'));
}

describe('UI message tables', () => {
  const parts = { core: { en, zh }, pages: { en: enPages, zh: zhPages } };

  it.each(Object.entries(parts))('%s: en and zh have identical key sets', (_part, { en: english, zh: chinese }) => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
  });

  it('no key is in both parts', () => {
    expect(Object.keys(en).filter((key) => key in enPages)).toEqual([]);
  });

  it.each(Object.entries({ en, zh, enPages, zhPages }))('no %s message is empty', (_lang, table) => {
    for (const [key, value] of Object.entries(table)) expect(value.trim(), key).not.toBe('');
  });

  it.each(Object.entries(parts))('%s: each zh message has the same {placeholders} as its en message', (_part, { en: english, zh: chinese }) => {
    for (const [key, text] of Object.entries(english)) {
      expect(placeholders((chinese as Record<string, string>)[key]!), key).toEqual(placeholders(text));
    }
  });

  it('the UI names the extension as the manifest does', () => {
    expect(en.appName).toBe(readLocale('en').extName.message);
    expect(zh.appName).toBe(readLocale('zh_CN').extName.message);
  });
});

describe('_locales (extension name, description, context-menu titles)', () => {
  const localeEn = readLocale('en');
  const localeZh = readLocale('zh_CN');

  it('en and zh_CN have the same keys', () => {
    expect(Object.keys(localeZh).sort()).toEqual(Object.keys(localeEn).sort());
  });

  it('no message is empty', () => {
    for (const [key, { message }] of [...Object.entries(localeEn), ...Object.entries(localeZh)]) {
      expect(message.trim(), key).not.toBe('');
    }
  });

  it('keeps the names the manifest and the context menu use', () => {
    expect(Object.keys(localeEn)).toEqual(expect.arrayContaining(['extName', 'extDescription', 'menuSelection', 'menuLink']));
  });
});

describe('loadMessages() and the pages part', () => {
  // In this order, before the t() tests below: this file's module state starts with the core
  // English words only, as the popup has them.
  it('has the core English built in and loads Chinese on demand, until then t() answers in English', async () => {
    expect(isLoaded('en')).toBe(true);
    expect(isLoaded('zh')).toBe(false);
    expect(t('zh', 'getCode')).toBe(en.getCode);
    const first = loadMessages('zh');
    const second = loadMessages('zh');
    expect(isLoaded('zh')).toBe(false);
    await Promise.all([first, second]);
    expect(isLoaded('zh')).toBe(true);
    expect(t('zh', 'getCode')).toBe(zh.getCode);
    await expect(loadMessages('en')).resolves.toBeUndefined();
  });

  it("has no pages words until lib/i18n/pages is imported; then zh waits for the pages' table too", async () => {
    // Without the part (the popup): the key itself, never another page's text.
    expect(t('en', 'optionsTitle')).toBe('optionsTitle');
    await import('../../lib/i18n/pages');
    expect(t('en', 'optionsTitle')).toBe(enPages.optionsTitle);
    expect(isLoaded('en')).toBe(true);
    // Chinese core is loaded (test above), the pages' Chinese not yet: not loaded as a whole.
    expect(isLoaded('zh')).toBe(false);
    expect(t('zh', 'optionsTitle')).toBe(enPages.optionsTitle);
    await loadMessages('zh');
    expect(isLoaded('zh')).toBe(true);
    expect(t('zh', 'optionsTitle')).toBe(zhPages.optionsTitle);
    expect(t('zh', 'getCode')).toBe(zh.getCode);
  });
});

describe('t()', () => {
  beforeAll(() => loadMessages('zh'));

  it('fills in parameters as plain text', () => {
    expect(t('en', 'remove', { domain: 'example.com' })).toBe('Remove example.com');
    expect(t('zh', 'remove', { domain: 'example.com' })).toBe('删除 example.com');
    expect(t('en', 'codeLabel', { domain: '<b>x</b>' })).toBe('Transfer code for <b>x</b>');
  });

  it('leaves an unknown placeholder visible instead of dropping text', () => {
    expect(t('en', 'remove', {})).toBe('Remove {domain}');
  });

  it('returns the message itself without parameters', () => {
    expect(t('zh', 'getCode')).toBe('获取转移密码');
  });
});

describe('formatting', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [1000, '0:01'],
    [65_000, '1:05'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
  ])('formatElapsed(%i) = %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  it('joins names per language', () => {
    expect(joinNames('en', ['a', 'b'])).toBe('a, b');
    expect(joinNames('zh', ['a', 'b'])).toBe('a、b');
  });
});
