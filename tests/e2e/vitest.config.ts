// End-to-end tests: the built extension in real (headless) Chromium against the simulator.
// Plain Node environment (no WXT fake browser); one file at a time to stay within 2 cores.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default defineConfig({
  root,
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    // The Firefox suite has its own config (tests/e2e/firefox/vitest.config.ts).
    exclude: ['tests/e2e/firefox/**', '**/node_modules/**'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // A real browser is slow to misbehave: a failure is a finding, not something to retry away.
    retry: 0,
  },
});
