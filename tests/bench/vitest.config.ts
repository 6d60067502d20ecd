// Vitest config for the benchmark's fake-timer runs (tests/bench/*.bench-run.ts): WXT's plugin
// (fake browser, aliases) as in the unit tests, but only these files. Run by `npm run bench`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default defineConfig({
  root,
  plugins: [WxtVitest()],
  test: {
    include: ['tests/bench/**/*.bench-run.ts'],
    testTimeout: 60_000,
  },
});
