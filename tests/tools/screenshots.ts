// Screenshots of the built extension for docs/: the popup empty, waiting, done, failed and locked,
// the options page and its Security section, the batch page and the transfer-readiness page.
// Run `npx wxt build` first, then `npx tsx tests/tools/screenshots.ts`.
//
// Storage is seeded through the service worker with fake jobs in each state (tests/e2e/harness/seed.ts). Every job is marked
// as notified, and the pending ones are due far in the future, so the live background neither
// shows notifications nor polls while the pictures are taken. The API host names lead to the local
// Domain API simulator (as in the end-to-end tests), which knows the screenshot profile's key: the
// readiness page shows what the simulator answers for its showcase domain locked-example.com.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { fakeJob, lockedVault, noProfiles, sealedProfiles, seedStorage, SEED_KEY_ID, SEED_KEY_SECRET, storageItems, type Batch } from '../e2e/harness/seed.ts';
import type { Job } from '../../lib/jobs/types';
import { launchArgs } from '../e2e/harness/browser.ts';
import { DEMO_DOMAINS, demoDomains, startSimulator } from '../simulator/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
const DOCS = path.join(ROOT, 'docs');
const POPUP_VIEWPORT = { width: 380, height: 560 };
const OPTIONS_VIEWPORT = { width: 900, height: 1400 };
const BATCH_VIEWPORT = { width: 1100, height: 900 };
const READINESS_VIEWPORT = { width: 800, height: 900 };

const DAY = 24 * 3600_000;
const olderDone = fakeJob('j-old', 'example.net', 'done', 2 * DAY, { code: 'Qx7#m2&Lp9' });

/** One scene per picture: the jobs in storage when it is taken. */
const SCENES: Array<{ file: string; jobs: Job[] }> = [
  { file: 'popup-empty.png', jobs: [] },
  {
    file: 'popup-waiting.png',
    jobs: [
      fakeJob('j-wait', 'example.com', 'waiting', 42_000, { taskNo: '939b6918-be3b-4c4f-b949-93553da52dca' }),
      fakeJob('j-sub', '中文域名.中国', 'submitting', 3_000),
      olderDone,
    ],
  },
  {
    file: 'popup-done.png',
    jobs: [fakeJob('j-done', 'example.com', 'done', 95_000, { code: 'a8<Kz"2&f Q' }), olderDone],
  },
  {
    file: 'popup-failed.png',
    jobs: [
      fakeJob('j-fail', 'example.com', 'failed', 20_000, { failure: { cause: 'permission', apiCode: 'Forbidden.RAM' } }),
      fakeJob('j-gone', 'example.org', 'failed', 60_000, {
        failure: { cause: 'domain', apiCode: 'DomainNotExist', detail: 'The domain does not exist.' },
      }),
      olderDone,
    ],
  },
];

/** A batch under way: codes, failures and waiting domains, and an earlier finished batch. */
const BATCH_ID = 'batch-screenshot';
function batchScene(): { jobs: Job[]; batches: Batch[] } {
  const inBatch = (id: string, domain: string, state: Job['state'], ageMs: number, extra: Partial<Job> = {}) =>
    fakeJob(id, domain, state, ageMs, { batchId: BATCH_ID, ...extra });
  const jobs = [
    inBatch('b-1', 'example.com', 'done', 80_000, { code: 'a8<Kz"2&f Q' }),
    inBatch('b-2', 'example.net', 'done', 80_000, { code: 'Qx7#m2&Lp9' }),
    inBatch('b-3', 'example.org', 'failed', 80_000, { failure: { cause: 'domain', apiCode: 'DomainNotExist', detail: 'The domain does not exist.' } }),
    inBatch('b-4', '中文域名.中国', 'done', 80_000, { code: 'Zh9$kT4!mw' }),
    inBatch('b-5', 'example.cn', 'done', 80_000, { code: 'N3w-C0de_77' }),
    inBatch('b-6', 'example.com.cn', 'failed', 80_000, { failure: { cause: 'permission', apiCode: 'Forbidden.RAM' } }),
    inBatch('b-7', 'example.io', 'waiting', 80_000, { taskNo: '4f1c2a9e-0b7d-4c55-9e0a-6d2b1f3c8e71' }),
    inBatch('b-8', 'example.shop', 'submitting', 80_000),
    fakeJob('old-1', 'example.info', 'done', 3 * DAY, { code: 'Old#C0de1', batchId: 'batch-earlier' }),
    fakeJob('old-2', 'example.xyz', 'done', 3 * DAY, { code: 'Old#C0de2', batchId: 'batch-earlier' }),
  ];
  const now = Date.now();
  const batches: Batch[] = [
    { id: 'batch-earlier', createdAt: now - 3 * DAY, jobIds: ['old-1', 'old-2'], notified: true, finishedAt: now - 3 * DAY + 20_000 },
    { id: BATCH_ID, createdAt: now - 80_000, jobIds: ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6', 'b-7', 'b-8'], notified: false },
  ];
  return { jobs, batches };
}

async function extensionWorker(ctx: BrowserContext): Promise<Worker> {
  return ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 20_000 }));
}

/**
 * Waits until the page has painted its content and its fonts, then saves the picture: of the whole
 * page, or of the element matching `part` (with a margin of the page around it).
 */
async function shoot(page: Page, url: string, ready: string, file: string, part?: string): Promise<void> {
  await page.goto(url);
  await page.getByText(ready, { exact: false }).first().waitFor();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Blur the focused field: a focus ring in a static picture looks like a glitch.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  if (part) {
    const box = await page.locator(part).boundingBox();
    if (!box) throw new Error(`${part} is not on ${url}`);
    const margin = 12;
    await page.screenshot({
      path: path.join(DOCS, file),
      fullPage: true,
      clip: { x: Math.max(0, box.x - margin), y: Math.max(0, box.y - margin), width: box.width + 2 * margin, height: box.height + 2 * margin },
    });
  } else {
    await page.screenshot({ path: path.join(DOCS, file), fullPage: true });
  }
  console.log(`docs/${file}`);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build in ${EXTENSION_DIR}: run \`npx wxt build\` first.`);
  }
  mkdirSync(DOCS, { recursive: true });
  const sim = await startSimulator({ accessKeys: { [SEED_KEY_ID]: SEED_KEY_SECRET }, domains: demoDomains() });
  const workDir = mkdtempSync(path.join(tmpdir(), 'transfer-code-shots-'));
  const profileDir = path.join(workDir, 'profile');
  // A copy of the build: a `wxt build` running meanwhile rewrites .output under the browser's feet.
  const extensionDir = path.join(workDir, 'extension');
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const ctx = await chromium
    .launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      colorScheme: 'light',
      reducedMotion: 'reduce', // the pulsing dot of pending jobs, frozen
      locale: 'en-US',
      // The e2e harness's arguments: the build loaded, the API host names mapped to the simulator.
      args: launchArgs(extensionDir, { simulator: sim }),
    })
    .catch(async (error: unknown) => {
      await sim.close();
      throw error;
    });
  try {
    const worker = await extensionWorker(ctx);
    const id = new URL(worker.url()).host;
    const page = await ctx.newPage();

    await page.setViewportSize(POPUP_VIEWPORT);
    for (const scene of SCENES) {
      await seedStorage(worker, storageItems(scene.jobs));
      await shoot(page, `chrome-extension://${id}/popup.html`, scene.jobs[0]?.domain ?? 'No requests yet', scene.file);
    }

    // The vault on and locked: the unlock notice, and a request that waits for the unlock.
    await seedStorage(worker, {
      ...storageItems(
        [fakeJob('j-locked', 'example.com', 'submitting', 12_000, { waitingForUnlock: true }), olderDone],
        { language: 'en' },
        sealedProfiles,
      ),
      ...lockedVault,
    });
    await shoot(page, `chrome-extension://${id}/popup.html`, 'Your AccessKey is locked', 'popup-locked.png');

    // First use: no AccessKey yet.
    await seedStorage(worker, storageItems([], { language: 'en' }, noProfiles));
    await shoot(page, `chrome-extension://${id}/popup.html`, 'Open options', 'popup-no-key.png');

    // The same done state in the dark scheme, to show both.
    await page.emulateMedia({ colorScheme: 'dark' });
    await seedStorage(worker, storageItems(SCENES[2]!.jobs));
    await shoot(page, `chrome-extension://${id}/popup.html`, 'example.com', 'popup-done-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.setViewportSize(OPTIONS_VIEWPORT);
    await seedStorage(worker, storageItems([]));
    await shoot(page, `chrome-extension://${id}/options.html`, 'A secret is stored', 'options.png');
    await seedStorage(worker, storageItems([], { language: 'zh' }));
    await shoot(page, `chrome-extension://${id}/options.html`, '已保存 Secret', 'options-zh.png');

    // The Security section with the vault off: the plain warning and the form that turns it on.
    await seedStorage(worker, storageItems([]));
    await shoot(page, `chrome-extension://${id}/options.html`, 'stored unencrypted', 'options-security.png', '.security');

    // A batch under way, with its results, and the one before it.
    await page.setViewportSize(BATCH_VIEWPORT);
    const { jobs, batches } = batchScene();
    await seedStorage(worker, storageItems(jobs, undefined, undefined, batches));
    await shoot(page, `chrome-extension://${id}/batch.html#batch=${BATCH_ID}`, 'a8<Kz"2&f Q', 'batch.png');

    // A new batch: a pasted list checked line by line before anything is sent.
    await page.goto(`chrome-extension://${id}/batch.html`);
    await page
      .getByLabel('Domains', { exact: true })
      .fill('example.com, example.net\nhttps://www.Example.org/shop\nlocalhost\n中文域名.中国\nEXAMPLE.COM\ncom\n<img src=x>');
    await page.getByText('Duplicate of line 1').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: path.join(DOCS, 'batch-new.png'), fullPage: true });
    console.log('docs/batch-new.png');

    // Transfer readiness of the simulator's locked domain, then the confirmation of the lock switch.
    await page.setViewportSize(READINESS_VIEWPORT);
    await seedStorage(worker, storageItems([]));
    const readinessUrl = `chrome-extension://${id}/readiness.html?domain=${DEMO_DOMAINS.locked}`;
    await shoot(page, readinessUrl, 'Turn transfer lock off', 'readiness.png');
    await page.getByRole('button', { name: 'Turn transfer lock off' }).click();
    await page.getByRole('button', { name: 'Yes, turn it off' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: path.join(DOCS, 'readiness-confirm.png'), fullPage: true });
    console.log('docs/readiness-confirm.png');
  } finally {
    await ctx.close();
    await sim.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
