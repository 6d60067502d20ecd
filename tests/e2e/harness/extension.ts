// Driving the extension: through its UI by the accessible names of the UI contract
// (docs: /work/shared/DESIGN.md, "UI contract"), or directly through storage and messages.
import type { Page, Worker } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { browser } from 'wxt/browser';
import type { Job } from '../../../lib/jobs/types.ts';
import type { ExtensionBrowser } from './browser.ts';

export type { Job };

/**
 * An extension page's globals, for the bodies of page.evaluate() (they run in the browser, so they
 * reach chrome.* through globalThis): `(globalThis as unknown as InPage).chrome.storage...`.
 */
export interface InPage {
  chrome: typeof browser;
  /** Firefox's promise-returning namespace (its `chrome` one is the callback form in MV2). */
  browser?: typeof browser;
}

/** The accessible names the tests rely on (English UI). */
export const LABELS = {
  accessKeyId: 'AccessKey ID',
  accessKeySecret: 'AccessKey Secret',
  save: 'Save',
  saved: 'Saved',
  /** The first key saved with the vault off is offered a passphrase first; this declines it. */
  saveWithoutPassphrase: 'Save without passphrase',
  domain: 'Domain name',
  getCode: 'Get transfer code',
  copy: 'Copy',
} as const;

export interface Keys {
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * An extension page or the service worker: both evaluate code with the extension's APIs. Chromium's
 * through Playwright, Firefox's pages through puppeteer (readers below work with both).
 */
export type ExtensionContext = Page | Worker | PuppeteerPage;

function evaluateIn<R, A>(target: ExtensionContext, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  // Page.evaluate and Worker.evaluate (and puppeteer's Page.evaluate, for one argument) have the
  // same contract; TypeScript cannot call the union.
  return (target as Page).evaluate(fn as never, arg) as Promise<R>;
}

/** Polls `check` until it returns something other than undefined/false, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what = 'condition',
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Fills "AccessKey ID" and "AccessKey Secret" on the options page and presses "Save", as a first-time
 * user does; when the page offers a passphrase first (the first key, vault off), presses "Save
 * without passphrase"; then waits for "Saved". Leaves the page open (the caller may close it).
 */
export async function saveKeysInOptions(ext: ExtensionBrowser, keys: Keys, page?: Page): Promise<Page> {
  const options = page ?? (await ext.openOptions());
  await options.getByLabel(LABELS.accessKeyId, { exact: true }).fill(keys.accessKeyId);
  await options.getByLabel(LABELS.accessKeySecret, { exact: true }).fill(keys.accessKeySecret);
  await options.getByRole('button', { name: LABELS.save, exact: true }).click();
  const saved = options.getByText(LABELS.saved, { exact: true }).first();
  const skip = options.getByRole('button', { name: LABELS.saveWithoutPassphrase, exact: true });
  await saved.or(skip).first().waitFor({ state: 'visible', timeout: 10_000 });
  if (await skip.isVisible()) await skip.click();
  await saved.waitFor({ state: 'visible', timeout: 10_000 });
  // The profile must be in storage: that is what the background reads.
  await waitUntil(
    async () => (await readProfiles(options)).profiles.some((p) => p.accessKeyId === keys.accessKeyId),
    5_000,
    'the saved profile in storage',
  );
  return options;
}

export interface StoredProfile {
  id: string;
  name: string;
  site: 'cn' | 'intl';
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * Writes an AccessKey profile straight into storage.local, in the @wxt-dev/storage format of
 * lib/credentials/profiles.ts ('profiles' = {activeId, profiles}, meta 'profiles$' = {v: 1}).
 * For the demo's preconfigured key and for tests that are not about the options page.
 */
export async function writeProfile(target: ExtensionContext, keys: Keys & { site?: 'cn' | 'intl'; name?: string }): Promise<void> {
  const profile: StoredProfile = {
    id: 'e2e-' + keys.accessKeyId,
    name: keys.name ?? 'default',
    site: keys.site ?? 'cn',
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
  };
  await evaluateIn(
    target,
    async (p: StoredProfile) => {
      const g = globalThis as unknown as InPage;
      const storage = (g.browser ?? g.chrome).storage.local;
      await storage.set({ profiles: { activeId: p.id, profiles: [p] }, profiles$: { v: 1 } });
    },
    profile,
  );
}

export async function readProfiles(target: ExtensionContext): Promise<{ activeId: string | null; profiles: StoredProfile[] }> {
  return evaluateIn(
    target,
    async () => {
      const g = globalThis as unknown as InPage;
      const got = await (g.browser ?? g.chrome).storage.local.get('profiles');
      return (got.profiles ?? { activeId: null, profiles: [] }) as { activeId: string | null; profiles: StoredProfile[] };
    },
    undefined,
  );
}

/** Every job in storage.local (one key each: lib/storage.ts), newest first, read from an extension page or the worker. */
export async function readJobs(target: ExtensionContext): Promise<Job[]> {
  return evaluateIn(
    target,
    async () => {
      const g = globalThis as unknown as InPage;
      const all = await (g.browser ?? g.chrome).storage.local.get(null);
      const jobs = Object.entries(all).flatMap(([key, value]) => (key.startsWith('job:') ? [value as Job] : []));
      return jobs.sort((a, b) => b.createdAt - a.createdAt);
    },
    undefined,
  );
}

/** Waits for a job of `domain` that satisfies `predicate`, reading storage from the probe page (either browser's). */
export async function waitForJob(
  ext: { probe(): Promise<ExtensionContext> },
  domain: string,
  predicate: (job: Job) => boolean,
  timeoutMs: number,
): Promise<Job> {
  const probe = await ext.probe();
  return waitUntil(
    async () => (await readJobs(probe)).find((j) => j.domain === domain && predicate(j)),
    timeoutMs,
    `a job for ${domain}`,
    200,
  );
}

/** Types the domain into "Domain name" and presses "Get transfer code" in an open popup page. */
export async function submitDomain(popup: Page, domain: string): Promise<void> {
  const input = popup.getByLabel(LABELS.domain, { exact: true });
  await input.fill(domain);
  await popup.getByRole('button', { name: LABELS.getCode, exact: true }).click();
}

/** The popup's list entry of a domain's job. */
export function jobItem(popup: Page, domain: string) {
  return popup.getByRole('listitem').filter({ hasText: domain });
}

/**
 * Sends a message to the background in @webext-core/messaging's wire format
 * ({id, type, data, timestamp} -> {res} or {err}), from an extension page.
 */
export async function sendToBackground<T = unknown>(page: Page, type: string, data?: unknown): Promise<T> {
  const answer = await page.evaluate(
    ({ type, data }) =>
      (globalThis as unknown as InPage).chrome.runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() }),
    { type, data },
  );
  if (answer && 'err' in answer && answer.err) throw new Error(`background answered an error: ${JSON.stringify(answer.err)}`);
  return answer?.res as T;
}

/** Requests a code without the UI (the same message the popup sends). */
export function requestCodeByMessage(page: Page, text: string) {
  return sendToBackground<{ ok: boolean; jobId?: string; joined?: boolean; reason?: string }>(page, 'requestCode', { text });
}

/**
 * The batch page's results table as shown: domain, code, status, reason, time per row, in order
 * (the table captioned "Results"). Works on either browser's page.
 */
export function resultsTable(page: ExtensionContext): Promise<string[][]> {
  return evaluateIn(
    page,
    () => {
      const table = Array.from(document.querySelectorAll('table')).find((t) => t.caption?.textContent?.trim() === 'Results');
      if (!table) throw new Error('no results table');
      // The code cell also holds where Alibaba emailed the code: the code is its <code> element.
      const text = (cell: HTMLTableCellElement, i: number) => (i === 1 ? (cell.querySelector('code')?.textContent ?? cell.textContent) : cell.textContent) ?? '';
      return Array.from(table.tBodies[0]!.rows, (row) => Array.from(row.cells, text).slice(0, 5));
    },
    undefined,
  );
}
