// Ready for the stores: `npm run zip` writes the Chrome zip, the Firefox zip and the Firefox sources
// zip (for addons.mozilla.org's reviewers). The sources zip holds what a rebuild needs and nothing
// heavy; unpacked in an empty folder and built with the commands README.md gives ("Building from
// the sources zip", read from the README and run as written), it gives the shipped Firefox add-on
// file for file and byte for byte (the build is deterministic: rolldown names chunks by content
// hash, WXT writes no time or absolute path into the output, and zip entries carry no dates of
// their own; measured identical, so the bytes are compared, not only the names). No zip holds a
// test's or the demo's AccessKey.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { readZip, REPO_ROOT, shellEnv, type ZipEntry } from './harness/index.ts';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const zipPath = (kind: string) => path.join(REPO_ROOT, '.output', `${pkg.name}-${pkg.version}-${kind}.zip`);

/** The commands README.md gives under "Building from the sources zip". */
function documentedBuildCommands(readme: string): string[] {
  const section = /^## Building from the sources zip\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Building from the sources zip" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section[1]!);
  if (!block) throw new Error('the "Building from the sources zip" section has no ```sh block');
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}

function run(command: string, cwd: string, timeoutMs: number): Promise<{ status: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    // A reviewer's shell: not Vitest's NODE_ENV=test, not the outer npm run's package context.
    const child = spawn('sh', ['-c', command], { cwd, env: shellEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, output, ms: Date.now() - started });
    });
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * Every made-up key the tests, the demo, the screenshots and the benchmarks use: AccessKey IDs
 * (LTAI...) and secrets (the literals given to accessKeySecret or a *SECRET constant).
 */
function testKeys(): { ids: RegExp; secrets: string[] } {
  const secrets = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) {
        const text = readFileSync(full, 'utf8');
        for (const m of text.matchAll(/(?:accessKeySecret|[A-Z_]*SECRET)\s*[:=]\s*'([^'\s]{8,})'/g)) secrets.add(m[1]!);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'tests'));
  return { ids: /LTAI[0-9A-Za-z]{4,}/, secrets: [...secrets] };
}

test('npm run zip writes the three store zips; the sources zip rebuilds the Firefox zip exactly, with the README\'s commands', async () => {
  const started = Date.now();
  const zipRun = await run('npm run zip', REPO_ROOT, 120_000);
  expect(zipRun.status, zipRun.output).toBe(0);
  const zips = Object.fromEntries(
    (['chrome', 'firefox', 'sources'] as const).map((kind) => {
      expect(existsSync(zipPath(kind)), zipPath(kind)).toBe(true);
      const bytes = readFileSync(zipPath(kind));
      return [kind, { bytes, entries: readZip(bytes) }];
    }),
  ) as Record<'chrome' | 'firefox' | 'sources', { bytes: Buffer; entries: ZipEntry[] }>;

  // The sources zip: what the build reads, the README with the commands, the privacy notes.
  const sources = zips.sources.entries.map((e) => e.name).sort();
  for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'PRIVACY.md']) {
    expect(sources, needed).toContain(needed);
  }
  for (const folder of ['entrypoints/', 'components/', 'lib/', 'public/']) {
    expect(sources.some((name) => name.startsWith(folder)), folder).toBe(true);
  }
  // Nothing else: no dependencies, build output, tests, simulator, docs pictures, dotfiles.
  const allowed = /^(package\.json|package-lock\.json|wxt\.config\.ts|tsconfig\.json|README\.md|PRIVACY\.md|(entrypoints|components|lib|public)\/.+)$/;
  expect(sources.filter((name) => !allowed.test(name))).toEqual([]);
  expect(zips.sources.bytes.length).toBeLessThan(1024 * 1024);

  // Made-up keys stay in the tests.
  const keys = testKeys();
  expect(keys.secrets.length).toBeGreaterThan(10);
  for (const [kind, zip] of Object.entries(zips)) {
    for (const entry of zip.entries) {
      const text = entry.data.toString('latin1');
      expect(keys.ids.exec(text)?.[0], `${kind} zip: ${entry.name}`).toBeUndefined();
      expect(keys.secrets.filter((s) => text.includes(s)), `${kind} zip: ${entry.name}`).toEqual([]);
    }
  }

  // Unpacked in an empty folder and built as README.md says.
  const work = mkdtempSync(path.join(tmpdir(), 'sources-rebuild-'));
  try {
    for (const entry of zips.sources.entries) {
      mkdirSync(path.dirname(path.join(work, entry.name)), { recursive: true });
      writeFileSync(path.join(work, entry.name), entry.data);
    }
    const commands = documentedBuildCommands(readFileSync(path.join(work, 'README.md'), 'utf8'));
    expect(commands).toEqual(['npm ci --prefer-offline --no-audit --no-fund', 'npx wxt build -b firefox']);
    const times: string[] = [];
    for (const command of commands) {
      const r = await run(command, work, 240_000);
      expect(r.status, `${command}\n${r.output}`).toBe(0);
      times.push(`${command}: ${(r.ms / 1000).toFixed(1)} s`);
    }

    const rebuiltDir = path.join(work, '.output/firefox-mv2');
    const rebuilt = filesUnder(rebuiltDir).sort();
    const shipped = zips.firefox.entries.map((e) => e.name).sort();
    const only = (a: string[], b: string[]) => a.filter((name) => !b.includes(name));
    expect({ onlyRebuilt: only(rebuilt, shipped), onlyShipped: only(shipped, rebuilt) }).toEqual({ onlyRebuilt: [], onlyShipped: [] });
    const differing = zips.firefox.entries
      .filter((e) => sha256(readFileSync(path.join(rebuiltDir, e.name))) !== sha256(e.data))
      .map((e) => e.name);
    expect(differing).toEqual([]);

    console.log(
      `[e2e figure] store zips: chrome ${kb(zips.chrome.bytes.length)} (${zips.chrome.entries.length} files), ` +
        `firefox ${kb(zips.firefox.bytes.length)} (${zips.firefox.entries.length} files), sources ${kb(zips.sources.bytes.length)} (${sources.length} files)`,
    );
    console.log(
      `[e2e figure] sources zip rebuild: ${rebuilt.length} of ${shipped.length} files, all byte-identical to the shipped Firefox zip; ` +
        `${times.join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 360_000);
