// Accessibility audited, not assumed (issue 16): axe-core on every page (popup, options, batch,
// readiness), in English and Chinese, light and dark, with jobs in every state (waiting, retrying,
// done, failed, locked with the unlock form) and a few views of their own (no key yet, an inline
// refusal, a batch preview, the lock switch's confirmation): 0 violations of any impact. Then the
// popup and the batch page by keyboard alone: the Tab order reaches the domain field, the submit
// button and Copy of a done job; Enter submits; every focused control shows a focus ring.
//
// One browser for the whole file; each case swaps storage.local (tests/e2e/harness/seed.ts, the
// worker's own layout) instead of starting another. axe-core runs inside the page through
// page.evaluate(source): the extension's CSP refuses an injected <script>.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_DOMAINS, demoDomains } from '../simulator/showcase.ts';
import {
  type E2eSession,
  fakeJob,
  lockedVault,
  noProfiles,
  retryingJob,
  sealedProfiles,
  savesFor,
  SEED_KEY_ID,
  SEED_KEY_SECRET,
  seedProfiles,
  seedStorage,
  startSession,
  storageItems,
  waitUntil,
  type Batch,
  type Job,
  type ProfileBook,
} from './harness/index.ts';
import { extensionDir, report } from './fixtures.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = (JSON.parse(readFileSync(path.join(path.dirname(require.resolve('axe-core/axe.min.js')), 'package.json'), 'utf8')) as { version: string }).version;

type Lang = 'en' | 'zh';
type Scheme = 'light' | 'dark';
const LANGS: Lang[] = ['en', 'zh'];
const SCHEMES: Scheme[] = ['light', 'dark'];
const POPUP_VIEWPORT = { width: 380, height: 600 };
const WIDE_VIEWPORT = { width: 1100, height: 900 };

/** A domain whose transfer would fail at the registry: on hold, its last transfer-out rejected. */
const HELD_DOMAIN = 'held-example.com';
const BATCH_ID = 'batch-a11y';
const DAY = 24 * 3600_000;
const SEALED = { iv: 'b3BhcXVlLWl2LTEy', data: 'c2VhbGVkLWExMXktcmVjb3JkLW5vdC1hLWNvZGU=' };

interface Scene {
  state: 'waiting' | 'retrying' | 'done' | 'failed' | 'locked';
  jobs: Job[];
  book?: ProfileBook;
  extra?: Record<string, unknown>;
  /** The domain the readiness page checks in this scene. */
  readiness: string;
}

/** Jobs of the scene's batch (the batch page shows them) and, the same records, the popup's history. */
const inBatch = (job: Job): Job => ({ ...job, batchId: BATCH_ID });

const SCENES: Scene[] = [
  {
    state: 'waiting',
    jobs: [
      fakeJob('w-1', 'example.com', 'waiting', 42_000, { taskNo: '939b6918-be3b-4c4f-b949-93553da52dca' }),
      fakeJob('w-2', '中文域名.中国', 'submitting', 3_000),
    ].map(inBatch),
    readiness: DEMO_DOMAINS.locked,
  },
  {
    state: 'retrying',
    jobs: [retryingJob('r-1', 'example.net', 65_000), retryingJob('r-2', 'example.io', 20_000, 12_000, { fault: { cause: 'throttled', since: Date.now() - 5_000 } })].map(inBatch),
    readiness: DEMO_DOMAINS.fresh,
  },
  {
    state: 'done',
    jobs: [
      fakeJob('d-1', 'example.org', 'done', 95_000, { code: 'a8<Kz"2&f Q' }),
      fakeJob('d-2', 'example.net', 'done', 2 * DAY, { code: 'Qx7#m2&Lp9' }),
    ].map(inBatch),
    readiness: DEMO_DOMAINS.ready,
  },
  {
    state: 'failed',
    jobs: [
      fakeJob('f-1', 'example.cn', 'failed', 20_000, { failure: { cause: 'permission', apiCode: 'Forbidden.RAM' } }),
      fakeJob('f-2', 'example.shop', 'failed', 60_000, { failure: { cause: 'domain', apiCode: 'DomainNotExist', detail: 'The domain does not exist.' } }),
    ].map(inBatch),
    readiness: HELD_DOMAIN,
  },
  {
    // The vault on and locked: the unlock form, a request waiting for the unlock, a code hidden.
    state: 'locked',
    jobs: [
      fakeJob('l-1', 'example.com', 'submitting', 12_000, { waitingForUnlock: true }),
      fakeJob('l-2', 'example.org', 'done', 95_000, { sealedCode: SEALED }),
    ].map(inBatch),
    book: sealedProfiles,
    extra: lockedVault,
    readiness: DEMO_DOMAINS.locked,
  },
];

function sceneItems(scene: Scene, lang: Lang): Record<string, unknown> {
  const batch: Batch = { id: BATCH_ID, createdAt: Date.now() - 95_000, jobIds: scene.jobs.map((j) => j.id), notified: false };
  return { ...storageItems(scene.jobs, { language: lang }, scene.book ?? seedProfiles, [batch]), ...scene.extra };
}

interface Finding {
  rule: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core on the whole document as it is now (loaded into the page once). */
async function axe(page: Page): Promise<{ violations: Finding[]; incomplete: Finding[] }> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      nodes: Array<{ target: unknown[]; failureSummary?: string }>;
    }
    const run = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeResult[]; incomplete: AxeResult[] }> } }).axe;
    const r = await run.run(document, { resultTypes: ['violations', 'incomplete'] });
    const shape = (v: AxeResult) => ({
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`),
    });
    return { violations: r.violations.map(shape), incomplete: r.incomplete.map(shape) };
  });
}

/**
 * The page has rendered in `lang` (React mounted, the static first screen gone), `ready` holds, and
 * nothing has changed in the DOM for 250 ms (a popup with pending jobs ticks once a second).
 */
async function settled(page: Page, lang: Lang, ready?: string): Promise<void> {
  await page.waitForFunction(
    ({ want, ready }) =>
      document.documentElement.lang.startsWith(want) &&
      !document.getElementById('first-screen') &&
      (document.getElementById('root')?.childElementCount ?? 0) > 0 &&
      (!ready || document.querySelector(ready) !== null),
    { want: lang, ready },
    { timeout: 15_000 },
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const done = () => {
          observer.disconnect();
          resolve();
        };
        let timer = setTimeout(done, 250);
        const observer = new MutationObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(done, 250);
        });
        observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
  );
}

/** What has the focus: enough to name it, where it is, and whether it shows a focus ring. */
interface Focused {
  tag: string;
  id: string;
  name: string;
  /** The text of the job's list item or the table row it is in. */
  row: string;
  outline: string;
  shadow: string;
  /** A focus ring is drawn: an outline that is not 'none' nor 0px wide, or a box shadow. */
  ring: boolean;
  focusVisible: boolean;
  /** Contrast of the outline's colour with the background it is drawn on (WCAG 1.4.11 asks 3:1). */
  ringContrast: number;
}

async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '');
    // The outline lies outside the control, on its parent's background (the first opaque one up).
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let under = el.parentElement;
    while (under && (rgb(getComputedStyle(under).backgroundColor)[3] ?? 1) === 0) under = under.parentElement;
    const [a, b] = [luminance(rgb(style.outlineColor)), luminance(rgb(getComputedStyle(under ?? document.documentElement).backgroundColor))];
    const ringContrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: (el.getAttribute('aria-label') ?? (labelled || el.textContent || '')).trim(),
      row: (el.closest('li, tr')?.textContent ?? '').trim(),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      shadow: style.boxShadow,
      ring,
      focusVisible: el.matches(':focus-visible'),
      ringContrast,
    };
  });
}

/** The lowest focus-ring contrast met by tabWalk, for the report. */
let lowestRingContrast = Infinity;

const describe1 = (f: Focused) => `${f.tag}${f.id ? '#' + f.id : ''} "${f.name.slice(0, 40)}"`;

/**
 * Presses Tab until `stop` holds for the focused element (returned last), or the focus comes back
 * to where the walk started, or `max` presses; every control the focus lands on must show its
 * focus ring. Returns what was focused, in order.
 */
async function tabWalk(page: Page, stop: (f: Focused) => boolean = () => false, max = 40): Promise<Focused[]> {
  const start = await focused(page);
  const walked: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue; // the focus left the page (after the last control): the next Tab comes back
    expect.soft(f.ring && f.focusVisible, `focus ring on ${describe1(f)}: outline ${f.outline}, box-shadow ${f.shadow}`).toBe(true);
    expect.soft(f.ringContrast, `focus ring contrast on ${describe1(f)}: outline ${f.outline}`).toBeGreaterThanOrEqual(3);
    lowestRingContrast = Math.min(lowestRingContrast, f.ringContrast);
    walked.push(f);
    if (stop(f)) return walked;
    if (start && f.tag === start.tag && f.id === start.id && f.name === start.name && f.row === start.row) return walked;
  }
  return walked;
}

describe('accessibility', () => {
  let s: E2eSession;
  const shots = process.env.E2E_A11Y_SHOTS; // a folder: a picture of every audited view (for people)

  beforeAll(async () => {
    const domains = {
      ...demoDomains(),
      [HELD_DOMAIN]: { clientHold: true, transferOut: { status: 8 as const, resultCode: 'clientRejected', resultMsg: 'Transfer out rejected' } },
    };
    s = await startSession({
      simulator: { accessKeys: { [SEED_KEY_ID]: SEED_KEY_SECRET }, domains, taskDurationMs: 600 },
      launch: { extensionDir: extensionDir() },
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  test('axe-core: every page, in English and Chinese, light and dark, with jobs in every state and the unlock form: 0 violations', async () => {
    const started = Date.now();
    const worker = await s.ext.worker();
    const page = await s.ext.context.newPage();
    const violations: string[] = [];
    const incomplete = new Map<string, number>();
    const audited = { scenes: 0, extras: 0 };
    const backgrounds = new Map<Scheme, Set<string>>(SCHEMES.map((x) => [x, new Set()]));

    /** Audits the page as it is, light then dark; `view` names it in the findings. */
    const auditBoth = async (view: string, lang: Lang, kind: 'scenes' | 'extras') => {
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        const { bg, dark } = await page.evaluate(() => ({
          bg: getComputedStyle(document.body).backgroundColor,
          dark: matchMedia('(prefers-color-scheme: dark)').matches,
        }));
        expect(dark, `${view} ${scheme}`).toBe(scheme === 'dark');
        backgrounds.get(scheme)!.add(bg);
        const found = await axe(page);
        audited[kind]++;
        for (const v of found.violations) violations.push(`${view} [${lang}, ${scheme}] ${v.rule} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`);
        for (const v of found.incomplete) incomplete.set(v.rule, (incomplete.get(v.rule) ?? 0) + 1);
        if (shots) await page.screenshot({ path: path.join(shots, `${view.replace(/[^a-z0-9]+/gi, '-')}-${lang}-${scheme}.png`), fullPage: true });
      }
    };

    for (const scene of SCENES) {
      for (const lang of LANGS) {
        await seedStorage(worker, sceneItems(scene, lang));
        const views: Array<{ name: string; url: string; ready: string; wide: boolean }> = [
          { name: 'popup', url: 'popup.html', ready: scene.state === 'locked' ? 'li.job ~ li.job, input[type=password]' : 'li.job ~ li.job', wide: false },
          { name: 'options', url: 'options.html', ready: 'main.options', wide: true },
          { name: 'batch', url: `batch.html#batch=${BATCH_ID}`, ready: 'table tbody tr ~ tr', wide: true },
          { name: 'readiness', url: `readiness.html?domain=${encodeURIComponent(scene.readiness)}`, ready: '.readiness-report, .readiness-error, .notice', wide: true },
        ];
        for (const view of views) {
          await page.setViewportSize(view.wide ? WIDE_VIEWPORT : POPUP_VIEWPORT);
          await page.goto(s.ext.url(view.url));
          await settled(page, lang, view.ready);
          if (view.name === 'popup' && scene.state === 'locked') await page.locator('input[type=password]').waitFor({ timeout: 10_000 });
          await auditBoth(`${view.name} (${scene.state})`, lang, 'scenes');
        }
      }
    }

    // Views of their own, in both languages and schemes.
    for (const lang of LANGS) {
      // First use: no AccessKey yet.
      await seedStorage(worker, storageItems([], { language: lang }, noProfiles));
      await page.setViewportSize(POPUP_VIEWPORT);
      await page.goto(s.ext.url('popup.html'));
      await settled(page, lang, '.notice');
      await auditBoth('popup (no key, no requests)', lang, 'extras');

      // A refusal said inline, on the field.
      await seedStorage(worker, storageItems([], { language: lang }));
      await page.goto(s.ext.url('popup.html'));
      await settled(page, lang);
      await page.locator('#domain').fill('localhost');
      await page.locator('#domain').press('Enter');
      await settled(page, lang, '#domain[aria-invalid=true]');
      await auditBoth('popup (refused input)', lang, 'extras');

      // A pasted list checked line by line before anything is sent.
      await page.setViewportSize(WIDE_VIEWPORT);
      await page.goto(s.ext.url('batch.html'));
      await settled(page, lang, '#batch-domains');
      await page.locator('#batch-domains').fill('example.com, example.net\nhttps://www.Example.org/shop\nlocalhost\n中文域名.中国\nEXAMPLE.COM\ncom\n<img src=x>');
      await settled(page, lang, '.batch-form table');
      await auditBoth('batch (preview)', lang, 'extras');

      // The account's domains loaded (issue 17), then the check before the start: the held domain
      // left out with its reason, the locked one offered for unlocking.
      await page.goto(s.ext.url('batch.html'));
      await settled(page, lang, '.account-domains .actions button');
      await page.locator('.account-domains .actions button').first().click();
      await settled(page, lang, '.account-domains table');
      await auditBoth('batch (account domains)', lang, 'extras');
      await page.locator('.account-select input').check();
      await page.locator('.account-domains .actions button').last().click();
      await waitUntil(async () => (await page.locator('#batch-domains').inputValue()).split('\n').length === 4, 5_000, 'the picked domains in the form');
      await page.locator('.batch-form button[type=submit]').click();
      await settled(page, lang, '.preflight .to-unlock');
      await auditBoth('batch (before the batch starts)', lang, 'extras');

      // The lock switch asks first.
      await page.goto(s.ext.url(`readiness.html?domain=${DEMO_DOMAINS.locked}`));
      await settled(page, lang, '.lock-fix button');
      await page.locator('.lock-fix button').click();
      await settled(page, lang, '.lock-fix.confirm');
      await auditBoth('readiness (lock switch confirmation)', lang, 'extras');
    }
    await page.close();

    // The dark scheme really applied: the page background differs from the light one.
    for (const bg of backgrounds.get('dark')!) expect(backgrounds.get('light')!.has(bg), `dark background ${bg}`).toBe(false);

    const total = audited.scenes + audited.extras;
    const needsReview = [...incomplete].map(([rule, n]) => `${rule} ${n}`).join(', ') || 'none';
    report(
      `axe-core ${AXE_VERSION}: 4 pages × ${LANGS.length} languages × ${SCHEMES.length} schemes × ${SCENES.length} job states ` +
        `(${SCENES.map((x) => x.state).join(', ')}) = ${audited.scenes} audits, + 6 views (no key, refused input, batch preview, ` +
        `account domains, before the batch starts, lock confirmation) × ${LANGS.length} × ${SCHEMES.length} = ${audited.extras}; ${total} audits, ${violations.length} violations ` +
        `(needs review, not failures: ${needsReview}); ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(violations, violations.join('\n')).toEqual([]);
  });

  test('keyboard only: the popup and the batch page by Tab and Enter, with a visible focus ring on every control', async () => {
    const worker = await s.ext.worker();
    await seedStorage(worker, storageItems([], { language: 'en' }));
    const page = await s.ext.context.newPage();
    await page.setViewportSize(POPUP_VIEWPORT);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });

    // The popup opens with the focus in "Domain name"; typing and Enter submit.
    const domain = 'keyboard-example.com';
    await page.goto(s.ext.url('popup.html'));
    await settled(page, 'en');
    expect((await focused(page))?.id).toBe('domain');
    await page.keyboard.type(domain);
    await page.keyboard.press('Enter');
    await page.getByRole('listitem').filter({ hasText: domain }).getByRole('button', { name: 'Copy', exact: true }).waitFor({ timeout: 15_000 });
    expect(savesFor(s.sim, domain).filter((c) => c.status === 200)).toHaveLength(1);

    // One round of Tab from the field back to it: the submit button next, Copy of the done job after.
    await page.locator('#domain').focus();
    const round = await tabWalk(page);
    const names = round.map(describe1);
    const at = (pred: (f: Focused) => boolean) => round.findIndex(pred);
    const submitAt = at((f) => f.tag === 'button' && f.name === 'Get transfer code');
    const copyAt = at((f) => f.tag === 'button' && f.name === 'Copy' && f.row.includes(domain));
    const fieldAt = at((f) => f.id === 'domain');
    expect(submitAt, names.join(' > ')).toBe(0);
    expect(copyAt, names.join(' > ')).toBeGreaterThan(submitAt);
    expect(fieldAt, names.join(' > ')).toBe(round.length - 1);

    // In the dark scheme too; and Enter on Copy copies.
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.locator('#domain').focus();
    const toCopy = await tabWalk(page, (f) => f.tag === 'button' && f.name === 'Copy' && f.row.includes(domain));
    expect(toCopy.at(-1)?.name).toBe('Copy');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem').filter({ hasText: domain }).getByText('Copied', { exact: true }).waitFor({ timeout: 5_000 });
    const code = s.sim.tasks().find((t) => t.domain === domain)?.code;
    expect(await s.ext.readClipboard()).toBe(code);

    // The batch page: Tab to "Domains", type the list, Tab to the submit button, Enter starts it.
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.setViewportSize(WIDE_VIEWPORT);
    await page.goto(s.ext.url('batch.html'));
    await settled(page, 'en', '#batch-domains');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const toDomains = await tabWalk(page, (f) => f.id === 'batch-domains');
    expect(toDomains.at(-1)?.id, toDomains.map(describe1).join(' > ')).toBe('batch-domains');
    const batch = ['kb-one-example.com', 'kb-two-example.com'];
    await page.keyboard.type(batch.join('\n'));
    // The list is checked behind the typing (a deferred value): the button counts both once it is.
    const submit = page.getByRole('button', { name: 'Get transfer codes for 2 domains', exact: true });
    await waitUntil(() => submit.isEnabled(), 10_000, 'the batch submit button enabled');
    const toSubmit = await tabWalk(page, (f) => f.tag === 'button' && f.name === 'Get transfer codes for 2 domains');
    const formNames = toSubmit.map(describe1).join(' > ');
    expect(toSubmit.at(-1)?.name, formNames).toBe('Get transfer codes for 2 domains');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Batch of 2 domains', exact: true }).waitFor({ timeout: 10_000 });
    const results = page.getByRole('table', { name: 'Results' });
    await waitUntil(async () => (await results.getByRole('button', { name: 'Copy', exact: true }).count()) === 2, 20_000, 'both codes in the results');

    // From the top of the page, Tab reaches Copy of the first domain's row.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(() => window.scrollTo(0, 0));
    const toRowCopy = await tabWalk(page, (f) => f.tag === 'button' && f.name === 'Copy' && f.row.includes(batch[0]!), 80);
    expect(toRowCopy.at(-1)?.row, toRowCopy.map(describe1).join(' > ')).toContain(batch[0]!);
    await page.close();
    report(`keyboard: popup round of ${round.length} Tab stops (field, submit, Copy of the done job; Enter submitted), batch page ${toDomains.length + toSubmit.length} stops to its submit button and ${toRowCopy.length} to a row's Copy; a focus ring on every one, light and dark, contrast with its background at least ${lowestRingContrast.toFixed(1)}:1`);
  });
});
