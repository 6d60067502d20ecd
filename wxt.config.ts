import { defineConfig } from 'wxt';

// The API endpoints are the only hosts the extension may reach. Tests and the demo point these
// same host names at the local simulator (Chromium's --host-resolver-rules), so the build under
// test is exactly the one users install.
export const API_HOSTS = ['https://domain.aliyuncs.com/*', 'https://domain-intl.aliyuncs.com/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'contextMenus', 'offscreen', 'clipboardWrite', 'activeTab'],
    host_permissions: API_HOSTS,
    icons: {
      16: 'icon/16.png',
      32: 'icon/32.png',
      48: 'icon/48.png',
      128: 'icon/128.png',
    },
    action: {
      default_title: '__MSG_extName__',
    },
  },
});
