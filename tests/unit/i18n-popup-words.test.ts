// The popup carries only the core words (lib/i18n/popup-en.ts), not the other pages' (pages-en.ts): every
// message key that a module of the popup names must be a core key, or the popup would show the
// key itself. The modules are found by following the static imports from the popup's entry.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/popup-en';
import { enPages } from '../../lib/i18n/pages-en';
import { relativeTo, staticGraph } from './helpers/import-graph';

describe("the popup's words", () => {
  const popupFiles = staticGraph('entrypoints/popup/main.tsx');
  const relative = relativeTo(popupFiles);

  it('the graph is the real one (sanity check of the walk)', () => {
    expect(relative).toEqual(expect.arrayContaining(['entrypoints/popup/App.tsx', 'entrypoints/popup/components/DomainForm.tsx', 'lib/i18n/popup-en.ts']));
  });

  it('does not import the pages part', () => {
    expect(relative.filter((file) => /lib\/i18n\/(pages|pages-en|pages-zh)\.ts$/.test(file))).toEqual([]);
  });

  it('names only core keys', () => {
    // lib/protocol names message types (e.g. 'testConnection'), not words: it is not searched.
    const code = popupFiles.filter((file) => !/[\\/](i18n|protocol)[\\/]/.test(file)).map((file) => readFileSync(file, 'utf8'));
    // A pages key written as a string anywhere in the popup's code (the parts are disjoint, so a
    // core key never matches).
    const named = Object.keys(enPages).filter((key) => code.some((text) => new RegExp(`['"\`]${key}['"\`]`).test(text)));
    expect(named).toEqual([]);
    expect(Object.keys(en).filter((key) => key in enPages)).toEqual([]);
  });
});
