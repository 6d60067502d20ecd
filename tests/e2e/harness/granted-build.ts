// A copy of a build whose manifest grants an optional permission at install. The browsers ask for
// an optional permission in their own prompt (Chrome's dialog, Firefox's doorhanger): browser UI
// that no automation reaches. The tests that need the grant load this copy; its code is the
// build's, unchanged, and the permission is the one the shipped manifest lists as optional.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface GrantedBuild {
  dir: string;
  remove(): void;
}

export function buildWithGranted(sourceDir: string, permission: string): GrantedBuild {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'e2e-granted-')), path.basename(sourceDir));
  cpSync(sourceDir, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { permissions?: string[]; optional_permissions?: string[] };
  if (!manifest.optional_permissions?.includes(permission)) throw new Error(`${sourceDir}/manifest.json does not list ${permission} as optional`);
  manifest.optional_permissions = manifest.optional_permissions.filter((p) => p !== permission);
  manifest.permissions = [...(manifest.permissions ?? []), permission];
  writeFileSync(file, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(path.dirname(dir), { recursive: true, force: true }) };
}
