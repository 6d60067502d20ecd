// Popup open with a long history: the popup opened fresh (time to the "Domain name" field enabled
// and focused) with no job, then with a history of 2,000 finished jobs, each time alternating with
// the bench's one-line React baseline popup under the same conditions. Part of `npm run bench`;
// alone: `npx tsx tests/bench/popup-open.ts [--no-build] [--opens N]`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUnattachedSession } from '../e2e/harness/index.ts';
import { buildBaseline } from './baseline';
import { historyItems } from './batch-run';
import { measurePopup, withBaselineBrowser, type PopupOpen } from './browser-run';
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

export async function measurePopupHistory(o: { extensionDir: string; baselineDir?: string; opens: number; historyJobs: number; log(line: string): void }): Promise<PopupHistoryResult> {
  const s = await startUnattachedSession({ extensionDir: o.extensionDir, simulator: { accessKeys: { [KEYS.accessKeyId]: KEYS.accessKeySecret } } });
  try {
    await s.setKeys(KEYS);
    o.log(`popup, empty history: ${o.opens} opens (alternating with the baseline)...`);
    const empty = await withBaselineBrowser(o.baselineDir, (base) => measurePopup(s.browser, o.opens, base));
    const page = await s.browser.openPage('manifest.json');
    await page.evaluate(`chrome.storage.local.set(${JSON.stringify(historyItems(o.historyJobs))}).then(() => true)`);
    await page.close();
    o.log(`popup, ${o.historyJobs} jobs in the history: ${o.opens} opens (alternating with the baseline)...`);
    const long = await withBaselineBrowser(o.baselineDir, (base) => measurePopup(s.browser, o.opens, base));
    return { opens: o.opens, historyJobs: o.historyJobs, empty: empty.ours, emptyBaseline: empty.baseline, long: long.ours, longBaseline: long.baseline };
  } finally {
    await s.stop();
  }
}

export const p50 = (opens: PopupOpen[]) => percentile(opens.map((x) => x.interactiveMs), 50);

/** The budget lines: with the long history within 10 % of none; with none, no slower than the baseline. */
export function popupHistoryRows(r: PopupHistoryResult): Array<{ what: string; figure: string; budget: string; ok: boolean }> {
  const empty = p50(r.empty);
  const long = p50(r.long);
  const base = p50([...r.emptyBaseline, ...r.longBaseline]);
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
    console.log(`empty:    ${fmt(r.empty)}\nbaseline: ${fmt(r.emptyBaseline)}\n2,000:    ${fmt(r.long)}\nbaseline: ${fmt(r.longBaseline)}`);
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
