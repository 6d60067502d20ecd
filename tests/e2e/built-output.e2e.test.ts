// What the built extension (.output/chrome-mv3, built by `npm run test:e2e` before this runs)
// makes a user's browser load: the popup's JavaScript before its first paint stays within its
// budget, and the service worker's bundle carries no React (pages' code stays out of it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backgroundSizes, pageSizes, POPUP_PREPAINT_BUDGET_BYTES } from '../bench/sizes';

const BUILD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.output/chrome-mv3');

describe('the built extension', () => {
  it(`popup: JavaScript before first paint <= ${POPUP_PREPAINT_BUDGET_BYTES / 1000} KB gzip`, () => {
    const popup = pageSizes(BUILD, 'popup.html');
    console.log(`[e2e figure] popup pre-paint JS ${(popup.eagerGzip / 1000).toFixed(1)} KB gzip (${popup.eager.length} files), lazy ${(popup.lazyGzip / 1000).toFixed(1)} KB`);
    // Sanity: the walk found the entry, the first-screen script and React.
    expect(popup.eager.map((c) => c.file)).toEqual(expect.arrayContaining(['first-screen.js']));
    expect(popup.eagerGzip).toBeGreaterThan(50_000);
    expect(popup.eagerGzip).toBeLessThanOrEqual(POPUP_PREPAINT_BUDGET_BYTES);
  });

  it('background.js: no React, no page code', () => {
    const files = backgroundSizes(BUILD).eager.map((c) => c.file);
    const code = files.map((f) => readFileSync(path.join(BUILD, f), 'utf8')).join('\n');
    console.log(`[e2e figure] background.js ${(backgroundSizes(BUILD).eagerGzip / 1000).toFixed(1)} KB gzip`);
    // React's element marker and its hooks dispatcher error: present in every React build.
    expect(code).not.toMatch(/react\.element|react\.transitional\.element|Invalid hook call/);
    // Sanity: the same check finds React in a page's bundle.
    const popupCode = pageSizes(BUILD, 'popup.html').eager.map((c) => readFileSync(path.join(BUILD, c.file), 'utf8')).join('\n');
    expect(popupCode).toMatch(/react\.element|react\.transitional\.element|Invalid hook call/);
  });
});
