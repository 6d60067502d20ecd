// The bench's delay measurement (1) alone, in about 2 minutes: the built extension in headless
// Chromium, jobs of jittered durations on the plan of browser-run.ts, the delay rows of bench.ts.
//
//   npx tsx tests/bench/delay-only.ts [--build] [--extension DIR] [--runs N] [--seed N]
//                                     [--durations 2,3,5,...] [--browsers N] [--quick]
//
// Without --build it measures the existing .output/chrome-mv3 (or --extension DIR), copied first.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowser } from './browser-run';
import { BENCH_DELAY_DURATIONS, BENCH_DELAY_RUNS, BENCH_SEED, DELAY_BUDGET, delayDetails, delayRows, jitterNote, pollLatenessCheck } from './delay';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = argv.includes('--quick');
const runs = Number(opt('--runs') ?? (QUICK ? 2 : BENCH_DELAY_RUNS));
const seed = Number(opt('--seed') ?? BENCH_SEED);
const durations = opt('--durations')?.split(',').map((s) => Math.round(Number(s) * 1000)) ?? BENCH_DELAY_DURATIONS;
const started = Date.now();
const log = (line: string) => console.error(`[delay ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join('/');

async function main() {
  if (argv.includes('--build')) {
    log('npx wxt build...');
    execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const source = path.resolve(opt('--extension') ?? path.join(ROOT, '.output/chrome-mv3'));
  if (!existsSync(path.join(source, 'manifest.json'))) throw new Error(`no build in ${source}`);
  const extensionDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-extension-')), 'chrome-mv3');
  cpSync(source, extensionDir, { recursive: true });
  const loadAtStart = load();
  log(`seed ${seed}, ${runs} runs of ${durations.map((d) => d / 1000).join(', ')} s; load ${loadAtStart}`);
  try {
    const b = await runBrowser({
      extensionDir,
      durationsMs: durations,
      runs,
      seed,
      delayBrowsers: Number(opt('--browsers') ?? 2),
      callDurationsMs: [],
      callRuns: 0,
      heapAfterJobs: 0,
      popupOpens: 0,
      separationMs: 250,
      log,
    });
    console.log('');
    console.log(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${source}; wall time ${((Date.now() - started) / 1000).toFixed(0)} s; load average (1/5/15 min) at the start ${loadAtStart}, at the end ${load()}.`);
    console.log('');
    for (const r of delayRows(b.jobs, durations, DELAY_BUDGET)) console.log(`| ${r.what} | ${r.figure} | ${r.budget} | ${r.result} |`);
    console.log('');
    for (const l of delayDetails(b.jobs, durations)) console.log(l);
    console.log('');
    console.log(`- ${jitterNote(seed, runs)}`);
    console.log(`- ${pollLatenessCheck(b.jobs, b.stepOverheadMs)}`);
    console.log(`- Phases (ms): ${JSON.stringify(b.phaseMs)}`);
  } finally {
    rmSync(path.dirname(extensionDir), { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
