// Pins the extension's reach: widening a permission must be a visible, reviewed change of this test.
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';

type ManifestShape = Record<string, unknown> & { permissions?: string[]; host_permissions?: string[] };
const manifest = config.manifest as ManifestShape;

describe('manifest', () => {
  it('asks for exactly these permissions', () => {
    expect([...(manifest.permissions ?? [])].sort()).toEqual(
      ['activeTab', 'alarms', 'clipboardWrite', 'contextMenus', 'notifications', 'offscreen', 'storage'].sort(),
    );
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
});
