// Screenshots of the built extension for docs/: the popup empty, waiting, done, failed and locked,
// the options page and its Security section, the batch page and the transfer-readiness page.
// Run `npx wxt build` first, then `npx tsx tests/tools/screenshots.ts`.
//
// `--store`: the store set instead (`npm run screenshots:store`), in docs/store/screenshots/: 1280x800
// 24-bit PNGs without alpha (what the Chrome Web Store and addons.mozilla.org take), English and
// Chinese: the popup with a code, drawn at 1.35x over a plain background with a few words beside it
// (the toolbar popup itself cannot be captured: it is the real popup page, rendered alone, then
// placed); the options page, the batch page and the transfer-readiness page at 1280x800.
//
// Storage is seeded through the service worker with fake jobs in each state (tests/e2e/harness/seed.ts). Every job is marked
// as notified, and the pending ones are due far in the future, so the live background neither
// shows notifications nor polls while the pictures are taken. The API host names lead to the local
// Domain API simulator (as in the end-to-end tests), which knows the screenshot profile's key: the
// readiness page shows what the simulator answers for its showcase domain locked-example.com.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { fakeJob, lockedVault, noProfiles, sealedProfiles, seedStorage, SEED_KEY_ID, SEED_KEY_SECRET, storageItems, type Batch, type Settings } from '../e2e/harness/seed.ts';
import type { Job } from '../../lib/jobs/types';
import { launchArgs } from '../e2e/harness/browser.ts';
import { DEMO_DOMAINS, demoDomains, startSimulator } from '../simulator/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');
const DOCS = path.join(ROOT, 'docs');
const STORE_DIR = path.join(DOCS, 'store/screenshots');
const STORE_SIZE = { width: 1280, height: 800 };
/** How much larger than life the popup is drawn in the store picture (CSS zoom: sharp text). */
const STORE_POPUP_ZOOM = 1.35;
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
function batchScene(lang: 'en' | 'zh' = 'en'): { jobs: Job[]; batches: Batch[] } {
  const inBatch = (id: string, domain: string, state: Job['state'], ageMs: number, extra: Partial<Job> = {}) =>
    fakeJob(id, domain, state, ageMs, { batchId: BATCH_ID, ...extra });
  const jobs = [
    inBatch('b-1', 'example.com', 'done', 80_000, { code: 'a8<Kz"2&f Q' }),
    inBatch('b-2', 'example.net', 'done', 80_000, { code: 'Qx7#m2&Lp9' }),
    // The API's own words come in the UI's language (its Lang parameter): the English ones only beside English.
    inBatch('b-3', 'example.org', 'failed', 80_000, {
      failure: { cause: 'domain', apiCode: 'DomainNotExist', ...(lang === 'en' ? { detail: 'The domain does not exist.' } : {}) },
    }),
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
    if (process.argv.includes('--store')) await storeSet(ctx, worker, id, page);
    else await docsSet(worker, id, page);
  } finally {
    await ctx.close();
    await sim.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function docsSet(worker: Worker, id: string, page: Page): Promise<void> {
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
}

type Lang = 'en' | 'zh';

/** The words beside the popup in the store picture: what the extension does, in the UI's terms. */
const STORE_WORDS: Record<Lang, { title: string; points: string[] }> = {
  en: {
    title: 'The transfer code of your domain, in one click',
    points: [
      'Type the domain and press Enter: the code arrives in a desktop notification and in the popup.',
      'Signs with your own RAM AccessKey, in the extension; talks only to Alibaba Cloud’s Domain API.',
      'Batches of up to 1,000 domains, a transfer-readiness check, English and 中文.',
    ],
  },
  zh: {
    title: '一键获取域名的转移密码',
    points: [
      '输入域名并按回车：转移密码通过桌面通知送达，也显示在弹出窗口中。',
      '在扩展内用你自己的 RAM 用户 AccessKey 签名，只与阿里云域名 API 通信。',
      '一次最多 1,000 个域名的批量获取、转移前检查，中文和 English 界面。',
    ],
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Saves a 1280x800 store picture of the page as it is now (the viewport, not the full page). */
async function storeShot(page: Page, file: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: path.join(STORE_DIR, file), fullPage: false });
  console.log(`docs/store/screenshots/${file}`);
}

async function storeSet(ctx: BrowserContext, worker: Worker, id: string, page: Page): Promise<void> {
  mkdirSync(STORE_DIR, { recursive: true });
  const canvas = await ctx.newPage();
  await canvas.setViewportSize(STORE_SIZE);
  for (const lang of ['en', 'zh'] as const) {
    const settings: Settings = { language: lang };

    // The popup with a fresh code, an older one, and a request on its way, rendered alone at 1.35x.
    const popupJobs = [
      fakeJob('s-done', 'example.com', 'done', 95_000, { code: 'a8<Kz"2&f Q' }),
      fakeJob('s-wait', lang === 'zh' ? '中文域名.中国' : 'example.org', 'waiting', 42_000, { taskNo: '939b6918-be3b-4c4f-b949-93553da52dca' }),
      olderDone,
    ];
    await seedStorage(worker, storageItems(popupJobs, settings));
    await page.setViewportSize({ width: Math.round(POPUP_VIEWPORT.width * STORE_POPUP_ZOOM), height: Math.round(POPUP_VIEWPORT.height * STORE_POPUP_ZOOM) });
    await page.goto(`chrome-extension://${id}/popup.html`);
    await page.getByText('a8<Kz"2&f Q').waitFor();
    await page.evaluate((zoom) => {
      document.documentElement.style.zoom = String(zoom);
      (document.activeElement as HTMLElement | null)?.blur();
      return document.fonts.ready.then(() => undefined);
    }, STORE_POPUP_ZOOM);
    const popupPng = await page.screenshot({ fullPage: false });

    // ... placed as a toolbar popup over a plain background, with the words beside it.
    const words = STORE_WORDS[lang];
    await canvas.setContent(`<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><style>
      html, body { margin: 0; width: 1280px; height: 800px; overflow: hidden; }
      body { font-family: system-ui, 'Noto Sans CJK SC', sans-serif; color: #1b1f24;
        background: linear-gradient(135deg, #fff7ed 0%, #ffedd5 55%, #fed7aa 100%); position: relative; }
      .bar { position: absolute; left: 0; right: 0; top: 0; height: 40px; background: #e9e9e8; border-bottom: 1px solid #d5d9e0; }
      .bar .icon { position: absolute; right: 126px; top: 8px; width: 24px; height: 24px; }
      .words { position: absolute; left: 72px; top: 150px; width: 560px; }
      h1 { font-size: 44px; line-height: 1.2; margin: 0 0 36px; color: #9a3412; font-weight: 700; }
      li { font-size: 22px; line-height: 1.5; margin: 0 0 18px; }
      ul { padding-left: 24px; margin: 0; }
      .popup { position: absolute; right: 60px; top: 40px; border: 1px solid #d5d9e0; border-radius: 0 0 10px 10px;
        box-shadow: 0 18px 48px rgba(154, 52, 18, 0.28); overflow: hidden; background: #fff; }
      .popup img { display: block; }
    </style></head><body>
      <div class="bar"><img class="icon" src="data:image/png;base64,${iconPng().toString('base64')}" alt=""></div>
      <div class="words"><h1>${escapeHtml(words.title)}</h1><ul>${words.points.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>
      <div class="popup"><img src="data:image/png;base64,${popupPng.toString('base64')}" alt=""></div>
    </body></html>`);
    await canvas.evaluate(() => Promise.all([document.fonts.ready, ...[...document.images].map((i) => i.decode())]).then(() => undefined));
    await storeShot(canvas, `popup-${lang}.png`);

    // The options page: the profile with its key stored, the site, the language.
    await page.setViewportSize(STORE_SIZE);
    await seedStorage(worker, storageItems([], settings));
    await page.goto(`chrome-extension://${id}/options.html`);
    await page.getByText(lang === 'zh' ? '已保存 Secret' : 'A secret is stored', { exact: false }).first().waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await storeShot(page, `options-${lang}.png`);

    // A batch under way, with its results.
    const { jobs, batches } = batchScene(lang);
    await seedStorage(worker, storageItems(jobs, settings, undefined, batches));
    await page.goto(`chrome-extension://${id}/batch.html#batch=${BATCH_ID}`);
    await page.getByText('a8<Kz"2&f Q').first().waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await storeShot(page, `batch-${lang}.png`);

    // Transfer readiness of the simulator's locked domain.
    await seedStorage(worker, storageItems([], settings));
    await page.goto(`chrome-extension://${id}/readiness.html?domain=${DEMO_DOMAINS.locked}`);
    await page.getByRole('button', { name: lang === 'zh' ? '关闭禁止转移锁' : 'Turn transfer lock off' }).waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await storeShot(page, `readiness-${lang}.png`);
  }
  await canvas.close();
}

/** The extension's 128 px icon from the build (drawn small in the picture's toolbar). */
function iconPng(): Buffer {
  return readFileSync(path.join(EXTENSION_DIR, 'icon/128.png'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
