// Popup open with a long history: the popup opened fresh (time to the "Domain name" field enabled
// and focused) with no job and with a history of 2,000 finished jobs, in two browsers, and the
// bench's one-line React baseline popup in a third, one open in each per round. Part of `npm run bench`;
// alone: `npx tsx tests/bench/popup-open.ts [--no-build] [--opens N]`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUnattachedSession } from '../e2e/harness/index.ts';
import { buildBaseline } from './baseline';
import { historyItems } from './batch-run';
import { openPopupOnce, withBaselineBrowser, type PopupOpen } from './browser-run';
import { percentile } from './stats';

const KEYS = { accessKeyId: 'LTAI5tBenchKey0002', accessKeySecret: 'bench-secret-0002' };

export interface PopupHistoryResult {
  opens: number;
  historyJobs: number;
  empty: PopupOpen[];
  emptyBaseline: PopupOpen[];
  long: PopupOpen[];
  longBaseline: PopupOpen[];
}

/**
 * Two extension browsers, one with an empty history and one with `historyJobs` finished jobs, and
 * the baseline's: each round opens one popup in each, in turn, so that whatever else the machine
 * does at a moment (a compaction after the history was written, another process) falls on all
 * three alike instead of on whichever phase ran then.
 */
export async function measurePopupHistory(o: { extensionDir: string; baselineDir?: string; opens: number; historyJobs: number; log(line: string): void }): Promise<PopupHistoryResult> {
  const simulator = { accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret } };
  const empty = await startUnattachedSession({ extensionDir: o.extensionDir, simulator });
  const long = await startUnattachedSession({ extensionDir: o.extensionDir, simulator }).catch(async (e: unknown) => {
    await empty.stop();
    throw e;
  });
  try {
    await empty.setKeys(KEYS);
    await long.setKeys(KEYS);
    const page = await long.browser.openPage('manifest.json');
    await page.evaluate(`chrome.storage.local.set(${JSON.stringify(historyItems(o.historyJobs))}).then(() => true)`);
    await page.close();
    o.log(`popup: ${o.opens} rounds of one open each with no job, with ${o.historyJobs} jobs in the history, and the baseline...`);
    const r: PopupHistoryResult = { opens: o.opens, historyJobs: o.historyJobs, empty: [], emptyBaseline: [], long: [], longBaseline: [] };
    await withBaselineBrowser(o.baselineDir, async (base) => {
      const settle = () => new Promise((resolve) => setTimeout(resolve, 100)); // let the closed tab go
      for (let i = 0; i < o.opens; i++) {
        r.empty.push(await openPopupOnce(empty.browser));
        await settle();
        r.long.push(await openPopupOnce(long.browser));
        await settle();
        if (base) {
          r.emptyBaseline.push(await openPopupOnce(base, false));
          await settle();
        }
      }
    });
    return r;
  } finally {
    await Promise.all([empty.stop(), long.stop()]);
  }
}

export const p50 = (opens: PopupOpen[]) => percentile(opens.map((x) => x.interactiveMs), 50);

/** The budget lines: with the long history within 10 % of none; with none, no slower than the baseline. */
export function popupHistoryRows(r: PopupHistoryResult): Array<{ what: string; figure: string; budget: string; ok: boolean }> {
  const empty = p50(r.empty);
  const long = p50(r.long);
  const base = p50([...r.emptyBaseline, ...r.longBaseline]);
  // (longBaseline stays empty since the three are measured in turn: one baseline series serves both)
  return [
    { what: `popup open, ${r.historyJobs} jobs in the history vs none (p50, ${r.opens} opens each)`, figure: `${Math.round(long)} ms vs ${Math.round(empty)} ms (${(long / empty).toFixed(2)}x)`, budget: '<= 1.10x', ok: long <= empty * 1.1 },
    { what: `popup open, empty history vs the one-line React baseline (p50)`, figure: `${Math.round(empty)} ms vs ${Math.round(base)} ms`, budget: '<= baseline', ok: empty <= base },
  ];
}

async function main() {
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const args = process.argv.slice(2);
  const opens = Number(args[args.indexOf('--opens') + 1]) || 20;
  const log = (line: string) => console.error(`[popup-open] ${line}`);
  if (!args.includes('--no-build')) execFileSync(path.join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const snapshot = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-popup-')), 'chrome-mv3');
  cpSync(path.join(ROOT, '.output/chrome-mv3'), snapshot, { recursive: true });
  const baseline = buildBaseline(ROOT, log);
  try {
    const r = await measurePopupHistory({ extensionDir: snapshot, baselineDir: baseline.outDir, opens, historyJobs: 2_000, log });
    const fmt = (xs: PopupOpen[]) => xs.map((x) => Math.round(x.interactiveMs)).join(', ');
    console.log(`empty:    ${fmt(r.empty)}\n2,000:    ${fmt(r.long)}\nbaseline: ${fmt(r.emptyBaseline)}`);
    for (const row of popupHistoryRows(r)) console.log(`${row.what}: ${row.figure} (budget ${row.budget}: ${row.ok ? 'met' : 'MISSED'})`);
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join('/')}`);
  } finally {
    rmSync(baseline.dir, { recursive: true, force: true });
    rmSync(path.dirname(snapshot), { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
