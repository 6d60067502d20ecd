// Runs once before the e2e files: fail fast, with the command to run, when something is missing;
// then snapshot the build, so that a `wxt build` run elsewhere in this working tree during the
// tests (an editor, another terminal) cannot change the extension under a running browser.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEFAULT_EXTENSION_DIR } from './harness/browser.ts';
import { ensurePrerequisites } from './harness/prerequisites.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The snapshot of the built extension the tests load. */
    extensionDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  // Never installs from a test run: .ci/run (as root) and `npm run demo` do that.
  ensurePrerequisites({ install: false });
  if (!existsSync(path.join(DEFAULT_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${DEFAULT_EXTENSION_DIR}: run \`npm run test:e2e\` (it builds first) or \`npx wxt build\`.`);
  }
  const snapshot = path.join(mkdtempSync(path.join(tmpdir(), 'e2e-extension-')), 'chrome-mv3');
  cpSync(DEFAULT_EXTENSION_DIR, snapshot, { recursive: true });
  project.provide('extensionDir', snapshot);
  return () => rmSync(path.dirname(snapshot), { recursive: true, force: true });
}
