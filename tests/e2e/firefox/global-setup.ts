// Runs once before the Firefox e2e files: fail fast when Firefox ESR, dbus-daemon, libnotify or
// zip is missing (with the command to run), then snapshot the Firefox build, so that a rebuild in
// this working tree during the run cannot change the add-on under a running browser.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEFAULT_FIREFOX_EXTENSION_DIR, geckoId } from '../harness/firefox.ts';
import { firefoxMissing, installCommand } from '../harness/prerequisites.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The snapshot of the Firefox build the tests install. */
    firefoxExtensionDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const missing = firefoxMissing();
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not found. Install with:\n  ${installCommand()}`);
  if (!existsSync(path.join(DEFAULT_FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No Firefox build in ${DEFAULT_FIREFOX_EXTENSION_DIR}: run \`npm run test:e2e:firefox\` (it builds first) or \`npx wxt build -b firefox\`.`,
    );
  }
  geckoId(DEFAULT_FIREFOX_EXTENSION_DIR); // a Chromium build here would fail every test: say so once
  const snapshot = path.join(mkdtempSync(path.join(tmpdir(), 'e2e-firefox-extension-')), 'firefox-mv2');
  cpSync(DEFAULT_FIREFOX_EXTENSION_DIR, snapshot, { recursive: true });
  project.provide('firefoxExtensionDir', snapshot);
  return () => rmSync(path.dirname(snapshot), { recursive: true, force: true });
}
