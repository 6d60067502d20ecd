// Pins the extension's reach: widening a permission must be a visible, reviewed change of this test.
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

type ManifestShape = Record<string, unknown> & { permissions?: string[]; host_permissions?: string[] };
type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => ManifestShape;
const manifestFor = (browser: string, manifestVersion: 2 | 3) =>
  (config.manifest as unknown as ManifestFn)({ browser, manifestVersion, mode: 'production', command: 'build' });

describe.each([
  ['chrome', 3, ['activeTab', 'alarms', 'clipboardWrite', 'contextMenus', 'notifications', 'offscreen', 'storage']],
  ['firefox', 2, ['activeTab', 'alarms', 'clipboardWrite', 'contextMenus', 'notifications', 'storage']],
] as const)('%s manifest (MV%i)', (browser, version, permissions) => {
  const manifest = manifestFor(browser, version);

  it('asks for exactly these permissions', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual([...permissions].sort());
  });

  it('reaches exactly the two Alibaba Cloud Domain API endpoints', () => {
    expect(manifest.host_permissions).toEqual(['https://domain.aliyuncs.com/*', 'https://domain-intl.aliyuncs.com/*']);
  });

  it('keeps the default CSP, no content scripts, no external messaging, no remote code', () => {
    for (const key of ['content_security_policy', 'externally_connectable', 'content_scripts', 'web_accessible_resources', 'optional_host_permissions']) {
      expect(manifest, key).not.toHaveProperty(key);
    }
    expect(JSON.stringify(manifest)).not.toMatch(/https?:\/\/(?!domain(-intl)?\.aliyuncs\.com)/);
  });

  it('has the Alt+Shift+K shortcut that opens the popup', () => {
    const commands = manifest.commands as Record<string, { suggested_key: { default: string } }>;
    const key = version === 2 ? '_execute_browser_action' : '_execute_action';
    expect(commands[key].suggested_key.default).toBe('Alt+Shift+K');
  });
});
