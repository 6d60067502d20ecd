// An offscreen document gets chrome.runtime only: no chrome.storage, no other extension API.
// The unit tests' fake offscreen document (helpers/browser-stubs.ts) runs the handler next to a
// full fake browser, so it cannot show such a mistake (it once hid one); this test reads what the
// document's code actually reaches and refuses any other extension API in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relativeTo, staticGraph } from './helpers/import-graph';

/** browser.X / chrome.X uses other than runtime, and the storage libraries. */
const FORBIDDEN = /\b(?:browser|chrome)\.(?!runtime\b)[a-z]\w*|@wxt-dev\/storage|wxt\/utils\/storage|\bstorage\.defineItem\b/g;

describe('the offscreen document', () => {
  const files = staticGraph('entrypoints/offscreen/main.ts');

  it('the graph is the real one (sanity check of the walk)', () => {
    expect(relativeTo(files)).toEqual(expect.arrayContaining(['entrypoints/offscreen/main.ts', 'entrypoints/offscreen/clipboard.ts', 'lib/protocol/offscreen.ts']));
  });

  it('uses no extension API but chrome.runtime', () => {
    const found = files.flatMap((file, i) => [...readFileSync(file, 'utf8').matchAll(FORBIDDEN)].map((m) => `${relativeTo(files)[i]}: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it('the check finds what it is for', () => {
    const sample = "import { storage } from 'wxt/utils/storage';\nawait browser.storage.local.get('x'); chrome.alarms.create(); browser.runtime.id;";
    expect([...sample.matchAll(FORBIDDEN)].map((m) => m[0])).toEqual(['wxt/utils/storage', 'browser.storage', 'chrome.alarms']);
  });
});
