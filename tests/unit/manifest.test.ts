// Pins the extension's reach: widening a permission must be a visible, reviewed change of this test.
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../lib/domain/api';
import config from '../../wxt.config';

type ManifestShape = Record<string, unknown> & { permissions?: string[]; optional_permissions?: string[]; host_permissions?: string[] };
type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => ManifestShape;
const manifestFor = (browser: string, manifestVersion: 2 | 3) =>
  (config.manifest as unknown as ManifestFn)({ browser, manifestVersion, mode: 'production', command: 'build' });

describe.each([
  ['chrome', 3, ['activeTab', 'alarms', 'clipboardWrite', 'contextMenus', 'idle', 'notifications', 'offscreen', 'storage']],
  ['firefox', 2, ['activeTab', 'alarms', 'clipboardWrite', 'contextMenus', 'idle', 'notifications', 'storage']],
] as const)('%s manifest (MV%i)', (browser, version, permissions) => {
  const manifest = manifestFor(browser, version);

  it('asks for exactly these permissions', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual([...permissions].sort());
  });

  // idle (the vault's lock on idle) shows no warning at install; clipboardRead (clearing the
  // clipboard only when it still holds the code) is asked for when the user turns it on.
  it('asks for clipboardRead only as an optional permission', () => {
    expect(manifest.optional_permissions).toEqual(['clipboardRead']);
    expect(manifest.permissions).not.toContain('clipboardRead');
  });

  it('reaches exactly the two Alibaba Cloud Domain API endpoints', () => {
    expect(manifest.host_permissions).toEqual(['https://domain.aliyuncs.com/*', 'https://domain-intl.aliyuncs.com/*']);
  });

  it('has no content scripts, no external messaging, no remote code', () => {
    for (const key of ['externally_connectable', 'content_scripts', 'web_accessible_resources', 'optional_host_permissions']) {
      expect(manifest, key).not.toHaveProperty(key);
    }
    expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\/(?!domain(-intl)?\.aliyuncs\.com)/);
  });

  // Both builds are given the MV3 form; WXT writes the same policy as a plain string for MV2
  // (convertCspToMv2 in wxt/dist/core/utils/manifest.mjs). Only extension pages: no sandbox pages.
  it('sets exactly this CSP for the extension pages', () => {
    const csp = manifest.content_security_policy as { extension_pages: string };
    expect(Object.keys(csp)).toEqual(['extension_pages']);
    const directives = csp.extension_pages.split(';').map((d) => d.trim().split(/\s+/));
    expect(directives).toEqual([
      ['script-src', "'self'"],
      ['object-src', "'none'"],
      ['base-uri', "'none'"],
      ['form-action', "'none'"],
      ['connect-src', 'https://domain.aliyuncs.com', 'https://domain-intl.aliyuncs.com'],
      ['img-src', "'self'"],
    ]);
    expect(csp.extension_pages).toBe(
      "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; connect-src https://domain.aliyuncs.com https://domain-intl.aliyuncs.com; img-src 'self'",
    );
    // The popup's stylesheet is an inline <style>: a default-src or style-src would block it.
    expect(csp.extension_pages).not.toMatch(/default-src|style-src|unsafe|\*/);
  });

  // The pages and the worker call exactly the endpoints lib/domain/api signs for; the tests and the
  // demo reach the simulator under these same host names (--host-resolver-rules), so no build differs.
  it('lets the pages connect to exactly the endpoints the client calls, and nowhere else', () => {
    const csp = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    const directive = (name: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1);
    expect(directive('connect-src')).toEqual(Object.values(ENDPOINTS).map((url) => new URL(url).origin));
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    expect(directive('form-action')).toEqual(["'none'"]);
    expect(manifest.host_permissions).toEqual(Object.values(ENDPOINTS).map((url) => `${new URL(url).origin}/*`));
  });

  it('has the Alt+Shift+K shortcut that opens the popup', () => {
    const commands = manifest.commands as Record<string, { suggested_key: { default: string } }>;
    const key = version === 2 ? '_execute_browser_action' : '_execute_action';
    expect(commands[key].suggested_key.default).toBe('Alt+Shift+K');
  });
});

// Firefox MV3 reads the same key as Chrome; the MV2 build gets it as a string from WXT (above).
describe('the CSP is the same for every browser and manifest version', () => {
  it.each([['chrome', 3], ['firefox', 3], ['firefox', 2]] as const)('%s MV%i', (browser, version) => {
    expect(manifestFor(browser, version).content_security_policy).toEqual(manifestFor('chrome', 3).content_security_policy);
  });
});
