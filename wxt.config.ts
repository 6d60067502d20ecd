import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

// The API endpoints are the only hosts the extension may reach. Tests and the demo point these
// same host names at the local simulator (Chromium's --host-resolver-rules), so the build under
// test is exactly the one users install.
export const API_HOSTS = ['https://domain.aliyuncs.com/*', 'https://domain-intl.aliyuncs.com/*'];

/** The keyboard shortcut that opens the popup (users can change it in the browser's settings). */
// Alt+Shift+T is Chrome's own "focus the toolbar" key: Chrome never assigns it to an extension.
export const POPUP_SHORTCUT = 'Alt+Shift+K';

/**
 * The extension pages' CSP (popup, options, the other pages, the MV3 service worker and the MV2
 * background page): scripts only from the package, no plugins, no <base> or form submission that
 * could send a page elsewhere, and network requests only to the API endpoints, so even injected
 * code could not send a secret anywhere else; images (a way out a URL can carry) only from the
 * package too. No default-src or style-src: the popup's stylesheet is an inline <style>
 * (inlinePopupStylesheet), and with images and connections closed a style has no way out.
 */
export const EXTENSION_PAGES_CSP = [
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  `connect-src ${API_HOSTS.map((h) => h.replace(/\/\*$/, '')).join(' ')}`,
  "img-src 'self'",
].join('; ');

// idle: the vault's lock on system idle or screen lock (no warning in the permission prompt).
const PERMISSIONS = ['storage', 'alarms', 'notifications', 'contextMenus', 'clipboardWrite', 'activeTab', 'idle'];

/**
 * Asked for only when the user turns it on (options page): reading the clipboard lets the worker
 * clear it 60 s after a copy only if it still holds the code, never blindly.
 */
const OPTIONAL_PERMISSIONS = ['clipboardRead'];

/**
 * The popup's stylesheet goes into popup.html as a <style> element: a linked stylesheet holds the
 * first-screen script (and so the focused field) until it has loaded. Extension pages' CSP limits
 * scripts, not styles. The other pages keep the shared file.
 */
function inlinePopupStylesheet(): Plugin {
  return {
    name: 'inline-popup-stylesheet',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['entrypoints/popup/index.html'];
      if (!html || html.type !== 'asset' || typeof html.source !== 'string') return;
      html.source = html.source.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (link, file: string) => {
        const css = bundle[file];
        return css && css.type === 'asset' ? `<style>${String(css.source)}</style>` : link;
      });
    },
  };
}

/**
 * What the Firefox sources zip (`wxt zip -b firefox`, for addons.mozilla.org's reviewers) holds: an
 * allowlist of exactly what `npm ci` and `npx wxt build -b firefox` need, and the README with those
 * commands ("Building from the sources zip"). Not the tests, the simulator, the docs' pictures or
 * anything generated. tests/e2e/stores.e2e.test.ts rebuilds from it and compares with the shipped zip.
 */
export const SOURCES_ZIP_INCLUDE = [
  'package.json',
  'package-lock.json',
  'wxt.config.ts',
  'tsconfig.json',
  'entrypoints/**',
  'components/**',
  'lib/**',
  'public/**',
  'README.md',
  'PRIVACY.md',
];

export default defineConfig({
  zip: {
    includeSources: SOURCES_ZIP_INCLUDE,
  },
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [inlinePopupStylesheet()],
    build: {
      modulePreload: {
        // The polyfill is for browsers without <link rel="modulepreload">; every browser this
        // extension supports has it, so the pages skip those 0.4 KB.
        polyfill: false,
        // The popup's first screen is markup (popup.html): preloading its ~300 KB of modules up
        // front only competes with the stylesheet and the first-screen script, and delays the
        // focused field (measured: p50 about 20 ms later). Its modules load from the entry instead.
        resolveDependencies: (_file, deps, { hostId, hostType }) => (hostType === 'html' && hostId === 'entrypoints/popup/index.html' ? [] : deps),
      },
      rolldownOptions: {
        output: {
          // The chunk rule follows the floor plan, not a list of files. What a page loads late is
          // exactly what it reaches through import() (the name rules and their suffix list, the
          // tables of another language, the failure words): each such set keeps a chunk of its own.
          // Everything else a page starts with goes into as few files as possible (many small
          // files compress worse than one):
          advancedChunks: {
            groups: [
              // the runtime every page starts with
              { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|webextension-polyfill|@webext-core|@wxt-dev|superlock|@aklinker1)[\\/]/, priority: 2 },
              // components/ holds what two or more pages share, with what it imports statically
              { name: 'shared', test: /[\\/]components[\\/](?!full-page[\\/])/, minShareCount: 2, priority: 1 },
              // components/full-page/ holds what the full pages (options, batch, readiness) share and
              // the popup does not: kept out of the popup's first load (after 'shared' has taken
              // what both use)
              { name: 'full-page', test: /[\\/]components[\\/]full-page[\\/]/, minShareCount: 2, priority: 0 },
            ],
          },
        },
      },
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Chrome's service worker needs an offscreen document to write to the clipboard (it has no
    // DOM); Firefox's background page copies itself.
    permissions: browser === 'firefox' ? PERMISSIONS : [...PERMISSIONS, 'offscreen'],
    optional_permissions: OPTIONAL_PERMISSIONS,
    host_permissions: API_HOSTS,
    // Written in the MV3 form for both builds: for MV2 (Firefox) WXT turns it into the plain string
    // MV2 expects (convertCspToMv2); `wxt dev` adds its dev server to this object, not to a string.
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    icons: {
      16: 'icon/16.png',
      32: 'icon/32.png',
      48: 'icon/48.png',
      128: 'icon/128.png',
    },
    action: {
      default_title: '__MSG_extName__',
    },
    commands: {
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: POPUP_SHORTCUT },
        description: '__MSG_commandOpenPopup__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'transfer-code@aliyun-transfer-code',
              // The first versions that know data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing is collected: requests go only to Alibaba Cloud, with the user's own key.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
