// The Chrome service worker must not load the vault's cryptography (issue 7: background.js gzip
// budget): the passphrase work runs in the offscreen document. A cheap static check of the
// background's side of the vault: nothing it imports at run time reaches vault-crypto or vault-ops.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

/** Relative imports that stay at run time: not `import type`, not a dynamic import(). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const statements = source.match(/^\s*(import|export)\s[^;]*?\sfrom\s+'[^']+';/gms) ?? [];
  return statements
    .filter((s) => !/^\s*(import|export)\s+type\s/.test(s))
    .map((s) => /from\s+'([^']+)'/.exec(s)![1]!)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec) + '.ts');
}

/** Every file reachable through run-time relative imports, starting at these (within lib/). */
function graph(...entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((e) => resolve(root, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    try {
      queue.push(...runtimeImports(file));
    } catch {
      // not a .ts file (an index or a .tsx): outside what the vault's background side imports
    }
  }
  return seen;
}

describe('the background side of the vault', () => {
  const reached = [...graph('lib/background/vault-messages.ts', 'lib/credentials/vault.ts', 'lib/jobs/engine.ts', 'lib/credentials/test-connection.ts')]
    .map((f) => f.slice(root.length + 1));

  it('does not import the vault cryptography or the passphrase operations', () => {
    expect(reached).toContain('lib/credentials/vault.ts');
    expect(reached).toContain('lib/offscreen/client.ts');
    expect(reached).not.toContain('lib/credentials/vault-crypto.ts');
    expect(reached).not.toContain('lib/credentials/vault-ops.ts');
  });

  it('reaches the operations only through the Firefox-only dynamic import', () => {
    const source = readFileSync(resolve(root, 'lib/background/vault-messages.ts'), 'utf8');
    const dynamic = source.split('\n').filter((l) => l.includes("import('../credentials/vault-ops')"));
    expect(dynamic).toHaveLength(1);
    expect(dynamic[0]).toMatch(/if \(import\.meta\.env\.FIREFOX\)/);
  });

  it('the offscreen handler is where the operations run', () => {
    const source = readFileSync(resolve(root, 'lib/offscreen/handler.ts'), 'utf8');
    expect(source).toContain("import('../credentials/vault-ops')");
  });
});
