// End-to-end tests of the Firefox build in Debian's Firefox ESR (puppeteer-core over WebDriver
// BiDi) against the simulator. Like the Chromium suite: plain Node, one file at a time (2 cores).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default defineConfig({
  root,
  test: {
    include: ['tests/e2e/firefox/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    retry: 0,
  },
});
