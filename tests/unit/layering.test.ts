// The floor plan as rules over the import graph: where a module lives says where it runs (the
// service worker, a page, the offscreen document) or that it is shared (lib/: pure or
// storage-level code; components/: React pieces two or more pages share). Each rule is a pure
// function of one import, tested on a table of made-up imports, then run on every real one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { importsOfFile, relativeTo, ROOT, sourceFiles, staticGraph, type ImportEdge } from './helpers/import-graph';

const PAGES = ['popup', 'options', 'batch', 'readiness'] as const;
const REACT = /^(react|react-dom|scheduler)(\/|$)|^@testing-library\//;

/** Where a file runs or belongs, from its path alone. */
export function placeOf(file: string): string {
  if (file.startsWith('entrypoints/background/')) return 'worker';
  if (file.startsWith('entrypoints/offscreen/')) return 'offscreen';
  if (file === 'entrypoints/first-screen.ts') return 'page:popup';
  const page = PAGES.find((p) => file.startsWith(`entrypoints/${p}/`));
  if (page) return `page:${page}`;
  if (file.startsWith('components/')) return 'components';
  if (file.startsWith('lib/protocol/')) return 'protocol';
  if (file.startsWith('lib/')) return 'lib';
  return 'other';
}

/**
 * lib/ modules that hold or open the secrets: only the worker imports them (pages get profiles
 * without secrets and hand new ones to the worker: issue 15, "Pages never hold secrets").
 */
export const WORKER_ONLY_LIB = ['lib/credentials/vault.ts', 'lib/credentials/secrets-move.ts', 'lib/credentials/code-seal.ts'];

/** Why one import breaks the floor plan, or null when it does not. */
export function ruleBroken(edge: Pick<ImportEdge, 'from' | 'to' | 'spec'>): string | null {
  const from = placeOf(edge.from);
  if (edge.to === null) {
    // A package: React only in pages and their shared components.
    if (REACT.test(edge.spec) && (from === 'lib' || from === 'protocol' || from === 'worker' || from === 'offscreen')) {
      return `${from} code imports React (${edge.spec})`;
    }
    return null;
  }
  const to = placeOf(edge.to);
  if ((from === 'lib' || from === 'protocol') && (to === 'components' || to === 'worker' || to === 'offscreen' || to.startsWith('page:'))) {
    return 'lib/ imports components/ or entrypoints/';
  }
  if (from === 'protocol' && to === 'lib' && !edge.to.startsWith('lib/values')) return 'the protocol imports a feature';
  if (from === 'components' && (to.startsWith('page:') || to === 'worker' || to === 'offscreen')) return 'components/ imports an entry point';
  if (from.startsWith('page:') && (to === 'worker' || to === 'offscreen')) return 'a page imports worker-only or offscreen code';
  if ((from.startsWith('page:') || from === 'components' || from === 'offscreen') && WORKER_ONLY_LIB.includes(edge.to)) {
    return 'a page imports a module that holds the secrets';
  }
  if (from.startsWith('page:') && to.startsWith('page:') && from !== to) return "a page imports another page's own code";
  if ((from === 'worker' || from === 'offscreen') && (to === 'components' || to.startsWith('page:'))) return `${from} code imports page code`;
  if (from === 'worker' && to === 'offscreen') return "the worker imports the offscreen document's code (they talk through lib/protocol/offscreen)";
  if (from === 'offscreen' && to === 'worker') return "the offscreen document imports the worker's code";
  return null;
}

/** The import cycles of a graph (strongly connected components with more than one file, or a self-import). */
export function cyclesOf(edges: Array<Pick<ImportEdge, 'from' | 'to'>>): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (e.to) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('layering rules (on made-up imports)', () => {
  it.each([
    ['lib/jobs/engine.ts', 'entrypoints/background/notifications.ts', 'lib/ imports components/ or entrypoints/'],
    ['lib/domain/name.ts', 'components/DomainField.tsx', 'lib/ imports components/ or entrypoints/'],
    ['lib/protocol/index.ts', 'lib/jobs/types.ts', 'the protocol imports a feature'],
    ['lib/protocol/index.ts', 'lib/values.ts', null],
    ['components/CopyButton.tsx', 'entrypoints/popup/job-view.ts', 'components/ imports an entry point'],
    ['entrypoints/popup/App.tsx', 'entrypoints/background/clipboard.ts', 'a page imports worker-only or offscreen code'],
    ['entrypoints/batch/App.tsx', 'entrypoints/popup/components/JobItem.tsx', "a page imports another page's own code"],
    ['entrypoints/popup/App.tsx', 'entrypoints/popup/components/JobList.tsx', null],
    ['entrypoints/background/index.ts', 'components/LanguageProvider.tsx', 'worker code imports page code'],
    ['entrypoints/background/offscreen-document.ts', 'entrypoints/offscreen/clipboard.ts', "the worker imports the offscreen document's code (they talk through lib/protocol/offscreen)"],
    ['entrypoints/background/index.ts', 'lib/jobs/engine.ts', null],
    ['entrypoints/options/App.tsx', 'lib/protocol/client.ts', null],
    ['entrypoints/options/components/ProfileEditor.tsx', 'lib/credentials/vault.ts', 'a page imports a module that holds the secrets'],
    ['components/UnlockNotice.tsx', 'lib/credentials/code-seal.ts', 'a page imports a module that holds the secrets'],
    ['entrypoints/options/components/ProfileEditor.tsx', 'lib/credentials/profiles.ts', null],
    ['entrypoints/background/handlers/vault.ts', 'lib/credentials/vault.ts', null],
  ])('%s -> %s: %s', (from, to, broken) => {
    expect(ruleBroken({ from, to, spec: to })).toBe(broken);
  });

  it.each([
    ['lib/jobs/engine.ts', 'react', 'lib code imports React (react)'],
    ['entrypoints/background/index.ts', 'react-dom/client', 'worker code imports React (react-dom/client)'],
    ['components/CopyButton.tsx', 'react', null],
    ['lib/domain/name.ts', 'tldts', null],
  ])('%s -> package %s: %s', (from, spec, broken) => {
    expect(ruleBroken({ from, to: null, spec })).toBe(broken);
  });

  it('finds cycles, and only cycles', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'e', to: 'e' },
      { from: 'f', to: null },
    ];
    expect(cyclesOf(edges)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(cyclesOf([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }])).toEqual([]);
  });
});

describe('the real import graph', () => {
  const edges = sourceFiles(['entrypoints', 'components', 'lib']).flatMap(importsOfFile);

  it('is read (sanity check of the walk)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual(expect.objectContaining({ from: 'entrypoints/background/index.ts', to: 'entrypoints/background/engine.ts' }));
    expect(edges).toContainEqual(expect.objectContaining({ from: 'lib/jobs/types.ts', to: 'lib/protocol/index.ts', typeOnly: true }));
  });

  it('no page or shared component names the secrets\' storage items', () => {
    const pageFiles = relativeTo(sourceFiles(['entrypoints', 'components'])).filter((f) => {
      const place = placeOf(f);
      return place.startsWith('page:') || place === 'components';
    });
    expect(pageFiles.length).toBeGreaterThan(20);
    const named = pageFiles.filter((f) => /\b(secretsItem|legacyProfilesItem|unlockedItem)\b|local:secrets/.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(named).toEqual([]);
  });

  it('keeps every layering rule', () => {
    const broken = edges.flatMap((e) => {
      const why = ruleBroken(e);
      return why ? [`${e.from} -> ${e.spec}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('has no import cycle (type-only and lazy imports included)', () => {
    expect(cyclesOf(edges)).toEqual([]);
  });

  it("the worker's bundle pulls in no React and no page code", () => {
    // What background.js carries: the static value imports from its entry, packages included.
    const files = staticGraph('entrypoints/background/index.ts');
    const packages = files.flatMap(importsOfFile).filter((e) => e.to === null && !e.typeOnly && !e.dynamic).map((e) => e.spec);
    expect(packages.filter((spec) => REACT.test(spec))).toEqual([]);
    expect(relativeTo(files).filter((f) => f.startsWith('components/') || PAGES.some((p) => f.startsWith(`entrypoints/${p}/`)))).toEqual([]);
    expect(packages).toContain('wxt/browser'); // sanity: packages are seen
  });
});
