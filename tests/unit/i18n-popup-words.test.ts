// The popup carries only the core words (lib/i18n/en.ts), not the other pages' (en-pages.ts): every
// message key that a module of the popup names must be a core key, or the popup would show the
// key itself. The modules are found by following the static imports from the popup's entry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../lib/i18n/en';
import { enPages } from '../../lib/i18n/en-pages';

const ROOT = path.resolve(__dirname, '../..');
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every source file reachable from `entry` through static (non-type) imports. */
function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file) || !/\.tsx?$/.test(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveImport(file, match[1]!);
      if (target) stack.push(target);
    }
  }
  return [...seen];
}

describe("the popup's words", () => {
  const popupFiles = staticGraph(path.join(ROOT, 'entrypoints/popup/main.tsx'));
  const relative = popupFiles.map((file) => path.relative(ROOT, file));

  it('the graph is the real one (sanity check of the walk)', () => {
    expect(relative).toEqual(expect.arrayContaining(['entrypoints/popup/App.tsx', 'components/DomainForm.tsx', 'lib/i18n/en.ts']));
  });

  it('does not import the pages part', () => {
    expect(relative.filter((file) => /lib[\\/]i18n[\\/](pages|en-pages|zh-pages)\.ts$/.test(file))).toEqual([]);
  });

  it('names only core keys', () => {
    const code = popupFiles.filter((file) => !file.includes(`${path.sep}i18n${path.sep}`)).map((file) => readFileSync(file, 'utf8'));
    // A pages key written as a string anywhere in the popup's code (the parts are disjoint, so a
    // core key never matches).
    const named = Object.keys(enPages).filter((key) => code.some((text) => new RegExp(`['"\`]${key}['"\`]`).test(text)));
    expect(named).toEqual([]);
    expect(Object.keys(en).filter((key) => key in enPages)).toEqual([]);
  });
});
