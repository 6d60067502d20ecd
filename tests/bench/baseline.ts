// The baseline the bundle budgets compare with: a WXT extension with the project's own WXT, React
// and Vite (same installed copies), a one-line React popup and an empty background, built in a
// temporary folder whose node_modules is a link to the project's (no npm install).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PACKAGES = ['wxt', '@wxt-dev/module-react', 'react', 'react-dom', 'vite'] as const;

export function installedVersion(root: string, pkg: string): string {
  return JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
}

export interface Baseline {
  dir: string;
  outDir: string;
  versions: Record<string, string>;
}

/** Builds the baseline; returns the folder (the caller removes it) and its .output/chrome-mv3. */
export function buildBaseline(repoRoot: string, log: (line: string) => void): Baseline {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-baseline-'));
  const versions = Object.fromEntries(PACKAGES.map((p) => [p, installedVersion(repoRoot, p)]));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'bench-baseline',
        version: '0.0.0',
        private: true,
        type: 'module',
        dependencies: { react: versions.react, 'react-dom': versions['react-dom'] },
        devDependencies: { wxt: versions.wxt, '@wxt-dev/module-react': versions['@wxt-dev/module-react'], vite: versions.vite },
      },
      null,
      2,
    ),
  );
  write('wxt.config.ts', "import { defineConfig } from 'wxt';\nexport default defineConfig({ modules: ['@wxt-dev/module-react'] });\n");
  write('entrypoints/background.ts', 'export default defineBackground(() => {});\n');
  write(
    'entrypoints/popup/index.html',
    '<!doctype html>\n<html lang="en">\n  <head><meta charset="UTF-8" /><title>Baseline</title></head>\n  <body>\n    <div id="root"></div>\n    <script type="module" src="./main.tsx"></script>\n  </body>\n</html>\n',
  );
  write(
    'entrypoints/popup/main.tsx',
    "import { createRoot } from 'react-dom/client';\n\ncreateRoot(document.getElementById('root')!).render(<p>Hello</p>);\n",
  );
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  log(`baseline: wxt ${versions.wxt}, @wxt-dev/module-react ${versions['@wxt-dev/module-react']}, react ${versions.react}, vite ${versions.vite} in ${dir}`);
  execFileSync(path.join(repoRoot, 'node_modules/.bin/wxt'), ['build'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, outDir: path.join(dir, '.output/chrome-mv3'), versions };
}
