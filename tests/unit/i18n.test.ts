import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/en';
import { zh } from '../../lib/i18n/zh';
import { formatElapsed, isLoaded, joinNames, loadMessages, t } from '../../lib/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function readLocale(name: string): Record<string, { message: string }> {
  return JSON.parse(readFileSync(new URL(`../../public/_locales/${name}/messages.json`, import.meta.url), 'utf8'));
}

describe('UI message tables', () => {
  it('en and zh have identical key sets', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.entries({ en, zh }))('no %s message is empty', (_lang, table) => {
    for (const [key, value] of Object.entries(table)) expect(value.trim(), key).not.toBe('');
  });

  it('each zh message has the same {placeholders} as its en message', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
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

describe('loadMessages()', () => {
  // Runs before the t() tests below load zh: this file's module state starts with English only.
  it('has English built in and loads Chinese on demand, until then t() answers in English', async () => {
    expect(isLoaded('en')).toBe(true);
    expect(isLoaded('zh')).toBe(false);
    expect(t('zh', 'getCode')).toBe(en.getCode);
    const first = loadMessages('zh');
    expect(loadMessages('zh')).toBe(first);
    await first;
    expect(isLoaded('zh')).toBe(true);
    expect(t('zh', 'getCode')).toBe(zh.getCode);
    await expect(loadMessages('en')).resolves.toBeUndefined();
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
    expect(t('zh', 'getCode')).toBe('获取转移码');
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
