// Only the submit -> Save measurement of the bench (tests/bench/submit-latency.ts), in a minute or so:
//   npx tsx tests/bench/submit-only.ts [--runs N] [--quick] [--no-build] [--no-menu]
// It measures a snapshot of .output/chrome-mv3 (built first unless --no-build) and prints the rows
// and every run's figure.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSubmitLatency, submitDetails, submitRows } from './submit-latency';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : flag('--quick') ? 3 : 10;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a whole number >= 1');

const started = Date.now();
const log = (line: string) => console.error(`[submit ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join('/');

async function main() {
  if (!flag('--no-build')) {
    log('npx wxt build...');
    execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const out = path.join(ROOT, '.output/chrome-mv3');
  if (!existsSync(path.join(out, 'manifest.json'))) throw new Error(`no build in ${out}`);
  // A snapshot, as bench.ts does, so a rebuild during the run cannot change the extension.
  const snapshot = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-submit-extension-')), 'chrome-mv3');
  cpSync(out, snapshot, { recursive: true });
  const loadAtStart = load();
  try {
    const r = await runSubmitLatency({ extensionDir: snapshot, runs: RUNS, menu: !flag('--no-menu'), log });
    console.log(`\nLoad average (1/5/15 min) at the start ${loadAtStart}, at the end ${load()}; ${os.cpus().length} cores; ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
    for (const row of submitRows(r)) console.log(`| ${row.what} | ${row.figure} |`);
    console.log('');
    for (const line of submitDetails(r)) console.log(line);
  } finally {
    rmSync(path.dirname(snapshot), { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
