// The project's own source files a module reaches through static (non-type) imports, for tests
// that check what a page or document carries. Packages are not followed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : null;
  if (!base) return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** Every .ts/.tsx file reachable from `entry` (a path relative to the repository), entry included. */
export function staticGraph(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [path.join(ROOT, entry)];
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

/** Paths relative to the repository, with forward slashes. */
export const relativeTo = (files: string[]) => files.map((file) => path.relative(ROOT, file).split(path.sep).join('/'));

// ---- The whole source graph, for the layering rules (tests/unit/layering.test.ts) --------------

/** One import of a source file: the specifier as written, and the project file it names (null for a package). */
export interface ImportEdge {
  from: string;
  spec: string;
  /** Repository-relative target, or null when the specifier names a package. */
  to: string | null;
  typeOnly: boolean;
  dynamic: boolean;
}

// import x from 'a'; import type {x} from 'a'; export {x} from 'a'; import 'a'; import('a'); typeof import('a')
const ANY_IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every import written in a file (static, type-only and dynamic), comments included only where they look like code. */
export function importsOfFile(file: string): ImportEdge[] {
  const rel = relativeTo([file])[0]!;
  const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const edges: ImportEdge[] = [];
  for (const m of code.matchAll(ANY_IMPORT)) {
    const spec = (m[3] ?? m[4])!;
    const target = resolveImport(file, spec);
    const typeOnly = Boolean(m[2]) || (m[4] !== undefined && /typeof\s+$/.test(code.slice(Math.max(0, m.index - 10), m.index)));
    edges.push({ from: rel, spec, to: target ? relativeTo([target])[0]! : null, typeOnly, dynamic: m[4] !== undefined });
  }
  return edges;
}

/** Every .ts/.tsx file under the given repository folders. */
export function sourceFiles(folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) out.push(full);
    }
  };
  for (const folder of folders) walk(path.join(ROOT, folder));
  return out.sort();
}
