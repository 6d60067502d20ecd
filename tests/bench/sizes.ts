// gzip sizes of what a page of a built extension loads: the scripts its HTML names (the entry,
// any classic script, and its modulepreload links) plus every chunk those import statically, i.e. everything
// the page needs before it can paint; and separately what it loads later through import().
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface PageSizes {
  page: string;
  /** Loaded before first paint: entry + modulepreloads + static imports, transitively. */
  eager: ChunkSize[];
  /** Loaded only by import() (and what those import), minus what is already eager. */
  lazy: ChunkSize[];
  eagerGzip: number;
  lazyGzip: number;
  /** Stylesheets the HTML links (not counted in the JavaScript figures). */
  cssGzip: number;
}

/**
 * The popup's JavaScript before its first paint may weigh at most this much (gzip -9, summed):
 * 1.3 times a one-line React popup built with the same toolchain (67.7 KB, measured by the bench's
 * baseline). tests/e2e/built-output.e2e.test.ts fails the build past it; npm run bench prints it.
 */
export const POPUP_PREPAINT_BUDGET_BYTES = 88_000;

export const gzipSize = (buf: Buffer | string): number => gzipSync(buf, { level: 9 }).length;

function size(root: string, file: string): ChunkSize {
  const buf = readFileSync(path.join(root, file));
  return { file, bytes: buf.length, gzip: gzipSize(buf) };
}

/** Extension-root-relative path of a reference made from `from` (a root-relative file). */
function resolveRef(from: string, ref: string): string {
  if (ref.startsWith('/')) return ref.slice(1);
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), ref));
}

/** Static and dynamic imports of one built chunk (minified ES module). */
export function importsOf(code: string): { statics: string[]; dynamics: string[] } {
  const statics = new Set<string>();
  const dynamics = new Set<string>();
  // import"./x.js"  import{a}from"./x.js"  export{a}from"./x.js"  (never import(...))
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]([^"'`\s]+\.js)["'`]/g)) statics.add(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*["'`]([^"'`\s]+\.js)["'`]\s*\)/g)) dynamics.add(m[1]!);
  return { statics: [...statics], dynamics: [...dynamics] };
}

function closure(root: string, starts: string[], seen = new Set<string>(), dynamicsOut?: Set<string>): Set<string> {
  const stack = [...starts];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    if (!existsSync(path.join(root, file))) throw new Error(`${file} is referenced but missing in ${root}`);
    seen.add(file);
    const { statics, dynamics } = importsOf(readFileSync(path.join(root, file), 'utf8'));
    for (const s of statics) stack.push(resolveRef(file, s));
    for (const d of dynamics) dynamicsOut?.add(resolveRef(file, d));
  }
  return seen;
}

export function pageSizes(root: string, html: string): PageSizes {
  const text = readFileSync(path.join(root, html), 'utf8');
  const refs: string[] = [];
  for (const tag of text.matchAll(/<script\b[^>]*>/g)) {
    const src = /\bsrc=["']([^"']+)["']/.exec(tag[0]);
    // Module entries and classic scripts alike (popup.html's first-screen.js is a classic one).
    if (src) refs.push(resolveRef(html, src[1]!));
  }
  const css: string[] = [];
  for (const tag of text.matchAll(/<link\b[^>]*>/g)) {
    const href = /\bhref=["']([^"']+)["']/.exec(tag[0])?.[1];
    if (!href) continue;
    if (/\brel=["']modulepreload["']/.test(tag[0])) refs.push(resolveRef(html, href));
    if (/\brel=["']stylesheet["']/.test(tag[0])) css.push(resolveRef(html, href));
  }
  const dynamics = new Set<string>();
  const eager = closure(root, refs, new Set(), dynamics);
  const lazyFiles = new Set<string>();
  // What import() brings in, transitively (static and further dynamic imports), minus the eager set.
  let frontier = [...dynamics].filter((f) => !eager.has(f));
  const seen = new Set(eager);
  while (frontier.length > 0) {
    const more = new Set<string>();
    for (const f of closure(root, frontier, seen, more)) if (!eager.has(f)) lazyFiles.add(f);
    frontier = [...more].filter((f) => !seen.has(f));
  }
  const eagerSizes = [...eager].sort().map((f) => size(root, f));
  const lazySizes = [...lazyFiles].sort().map((f) => size(root, f));
  const sum = (xs: ChunkSize[]) => xs.reduce((a, x) => a + x.gzip, 0);
  return {
    page: html,
    eager: eagerSizes,
    lazy: lazySizes,
    eagerGzip: sum(eagerSizes),
    lazyGzip: sum(lazySizes),
    cssGzip: css.reduce((a, f) => a + size(root, f).gzip, 0),
  };
}

/** background.js and whatever it imports statically (a service worker cannot use import()). */
export function backgroundSizes(root: string): PageSizes {
  const files = [...closure(root, ['background.js'])].sort().map((f) => size(root, f));
  const gz = files.reduce((a, x) => a + x.gzip, 0);
  return { page: 'background.js', eager: files, lazy: [], eagerGzip: gz, lazyGzip: 0, cssGzip: 0 };
}
