// Issue 17, "Show": the batch page loads the account's 30 domains over three pages of
// QueryDomainList and filters them to 12. The batch's check before it starts leaves out the one
// registered 20 days ago (with its reason) and lists the 4 transfer-locked ones with one
// confirmation. Cancel first sends nothing; the confirmation turns their locks off with one
// SaveBatchTaskForTransferProhibitionLock, each of their codes is requested only after the lock
// task ended, 11 codes arrive with one summary notification, and each job shows where Alibaba
// also emailed its code.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { type InPage, readJobs, waitUntil, writeProfile, QUERY_ACTION, SAVE_ACTION, type Job } from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

const DAY_MS = 86_400_000;
const LIST_ACTION = 'QueryDomainList';
const BATCH_LOCK_ACTION = 'SaveBatchTaskForTransferProhibitionLock';
const READ_ACTION = 'QueryDomainByDomainName';
const TRANSFER_OUT_ACTION = 'QueryTransferOutInfo';
/** The simulator answers at most this many domains a page, whatever the client asks: 30 take 3 pages. */
const PAGE_CAP = 10;
const TASK_MS = 1_500;
const RATE = 10;

/** 30 domains stored interleaved (two .net, three .com, ...), so every page holds some of the 12. */
const ACCOUNT = Array.from({ length: 30 }, (_, i) => (i % 5 < 2 ? `move${Math.floor(i / 5) * 2 + (i % 5) + 1}-example.net` : `keep${i + 1}-example.com`));
const MOVING = ACCOUNT.filter((d) => d.endsWith('.net'));
const LOCKED = [MOVING[1], MOVING[4], MOVING[7], MOVING[10]] as string[];
const FRESH = MOVING[2] as string;
const FETCHED = MOVING.filter((d) => d !== FRESH);

/** The stored jobs of the batch now shown on the page. */
async function batchJobs(page: Page, probe: Parameters<typeof readJobs>[0]): Promise<Job[]> {
  const batchId = decodeURIComponent(/#batch=([^&]+)/.exec(page.url())?.[1] ?? '');
  return (await readJobs(probe)).filter((j) => j.batchId === batchId);
}

describe('pick from the account, unlock and fetch in one go', () => {
  const session = useSessions();

  test('30 domains over 3 pages, filtered to 12: 1 left out, Cancel sends nothing, 4 unlocked after one confirmation, 11 codes, one summary', async () => {
    expect(MOVING).toHaveLength(12);
    const keys = { accessKeyId: 'LTAI5tAccountKey', accessKeySecret: 'account-secret' };
    const now = Date.now();
    const domains = Object.fromEntries(
      ACCOUNT.map((d) => [d, LOCKED.includes(d) ? { transferLock: true } : d === FRESH ? { registeredAt: now - 20 * DAY_MS } : {}]),
    );
    const s = await session({
      simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: TASK_MS, domains, listPageSizeCap: PAGE_CAP },
    });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(
      (rate) => (globalThis as unknown as InPage).chrome.storage.local.set({ settings: { language: 'en', requestsPerSecond: rate }, settings$: { v: 1 } }),
      RATE,
    );

    const page = await s.ext.openPage('batch.html');
    const startedAt = Date.now();
    await page.getByRole('button', { name: 'Load domains from the account', exact: true }).click();
    await page.getByText('Loaded 30 domains', { exact: true }).waitFor({ timeout: 15_000 });
    const lists = s.sim.callsTo(LIST_ACTION);
    expect(lists.map((c) => [c.params.PageNum, c.status])).toEqual([
      ['1', 200],
      ['2', 200],
      ['3', 200],
    ]);
    const loadedMs = Date.now() - startedAt;

    // Filtered to the 12 .net domains; "Locked" reads their 12 locks (one QueryDomainByDomainName each).
    await page.getByLabel('Suffix', { exact: true }).selectOption('.net');
    await page.getByRole('table', { name: 'Matching domains: 12 of 30' }).waitFor();
    await page.getByLabel('Transfer lock', { exact: true }).selectOption('locked');
    await page.getByText('Transfer locks read: 12.', { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: 'Matching domains: 4 of 30' }).waitFor();
    const lockedShown = await page.getByRole('table', { name: 'Matching domains: 4 of 30' }).getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label') ?? b.closest('label')?.textContent?.trim()));
    expect(new Set(lockedShown)).toEqual(new Set(LOCKED));
    expect(new Set(s.sim.callsTo(READ_ACTION).map((c) => c.params.DomainName))).toEqual(new Set(MOVING));
    await page.getByLabel('Transfer lock', { exact: true }).selectOption('any');
    await page.getByRole('table', { name: 'Matching domains: 12 of 30' }).waitFor();
    await page.getByLabel('Select all', { exact: true }).check();
    await page.getByText('12 selected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Use 12 selected domains', exact: true }).click();
    const listed = async () => (await page.getByLabel('Domains', { exact: true }).inputValue()).split('\n').sort().join(' ');
    await waitUntil(async () => (await listed()) === [...MOVING].sort().join(' '), 5_000, 'the 12 domains in the Domains box');

    // The check before the start: its facts were read for the lock filter, so nothing is read again.
    const reads = s.sim.callsTo(READ_ACTION).length;
    expect(await page.getByLabel('Check readiness first', { exact: true }).isChecked()).toBe(true);
    const submit = page.getByRole('button', { name: 'Get transfer codes for 12 domains', exact: true });
    await submit.click();
    const review = page.getByRole('region', { name: 'Before the batch starts' });
    await review.waitFor({ timeout: 15_000 });
    expect(s.sim.callsTo(READ_ACTION)).toHaveLength(reads);
    await review.getByText('Left out, cannot be transferred now (1):', { exact: true }).waitFor();
    const reviewText = (await review.textContent()) ?? '';
    expect(reviewText).toContain(FRESH);
    expect(reviewText).toMatch(/less than 60 days ago/);
    await review.getByText('Transfer lock on (4):', { exact: true }).waitFor();
    for (const d of LOCKED) expect(reviewText).toContain(d);
    const confirm = review.getByRole('button', { name: 'Turn off 4 transfer locks and get codes', exact: true });
    await confirm.waitFor();

    // Cancel first: nothing is sent, and the list is still there.
    const before = s.sim.calls.length;
    await review.getByRole('button', { name: 'Cancel', exact: true }).click();
    await review.waitFor({ state: 'detached' });
    await sleep(1_500);
    expect(s.sim.calls.length).toBe(before);
    expect(s.sim.callsTo(BATCH_LOCK_ACTION)).toEqual([]);
    expect(s.sim.callsTo(SAVE_ACTION)).toEqual([]);
    expect(await listed()).toBe([...MOVING].sort().join(' '));

    // Again, and this time confirmed.
    await submit.click();
    await review.waitFor({ timeout: 15_000 });
    const confirmedAt = Date.now();
    await review.getByRole('button', { name: 'Turn off 4 transfer locks and get codes', exact: true }).click();
    await page.getByRole('heading', { name: 'Batch of 11 domains', exact: true }).waitFor({ timeout: 15_000 });
    const n = await s.notifications.waitFor((x) => x.summary.startsWith('Batch finished'), 60_000);
    expect(n.summary).toBe('Batch finished: 11 domains');
    expect(n.body).toBe('11 codes ready, 0 failed. Transfer locks turned off: 4 domains.');

    // One lock task for exactly the 4, Status false; each of their Saves after it ended.
    const locks = s.sim.callsTo(BATCH_LOCK_ACTION);
    expect(locks).toHaveLength(1);
    const lock = locks[0]!;
    expect(lock.status).toBe(200);
    expect(lock.params.Status).toBe('false');
    const named = Object.entries(lock.params).filter(([k]) => k.startsWith('DomainName.')).map(([, v]) => v);
    expect(new Set(named)).toEqual(new Set(LOCKED));
    const saves = s.sim.callsTo(SAVE_ACTION).filter((c) => c.status === 200);
    expect(new Set(saves.map((c) => c.params.DomainName))).toEqual(new Set(FETCHED));
    expect(saves).toHaveLength(11);
    for (const d of LOCKED) {
      const save = saves.find((c) => c.params.DomainName === d)!;
      expect(save.at - lock.at, `${d} Saved after its lock task ended`).toBeGreaterThanOrEqual(TASK_MS);
    }
    expect(saves.some((c) => c.params.DomainName === FRESH)).toBe(false);
    // The 4 jobs following the lock task read its rows together: one QueryTaskDetailList of the
    // whole task (no domain filter, a page of 1000) per poll round, never one per domain.
    const lockReads = s.sim.callsTo(QUERY_ACTION).filter((c) => c.params.PageSize === '1000');
    expect(lockReads.length).toBeGreaterThan(0);
    expect(lockReads.every((c) => c.params.DomainName === undefined && c.params.PageNum === '1')).toBe(true);
    const gaps = lockReads.slice(1).map((c, i) => c.at - lockReads[i]!.at);
    expect(Math.min(...gaps, Infinity), 'two lock-row reads in one poll round').toBeGreaterThan(500);

    // Each job: done, and where Alibaba also emailed its code, masked, on the page.
    await waitUntil(async () => (await batchJobs(page, probe)).filter((j) => j.transferOut?.maskedEmail).length === 11, 20_000, 'the 11 transfer-out notes');
    const jobs = await batchJobs(page, probe);
    expect(jobs.filter((j) => j.state === 'done')).toHaveLength(11);
    expect(jobs.filter((j) => j.unlockedAt !== undefined).map((j) => j.domain).sort()).toEqual([...LOCKED].sort());
    for (const d of FETCHED) {
      await page.getByRole('row').filter({ hasText: d }).getByText(new RegExp(`^Also emailed to o•••@${d.replace(/\./g, '\\.')} on `)).waitFor({ timeout: 10_000 });
    }
    expect(s.sim.callsTo(TRANSFER_OUT_ACTION).filter((c) => c.status === 200)).toHaveLength(11);
    // The page shows no full address; storage holds none.
    expect(await page.locator('body').textContent()).not.toContain('owner@');
    const local = JSON.stringify(await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.get(null)));
    expect(local).not.toContain('owner@');
    await sleep(1_500);
    expect(s.notifications.notifications.map((x) => x.summary)).toEqual(['Batch finished: 11 domains']);

    report(
      `account picker: 30 domains in ${lists.length} pages loaded in ${(loadedMs / 1000).toFixed(1)} s; 12 locks read once (${reads} QueryDomainByDomainName, none again for the pre-flight); ` +
        `Cancel sent 0 calls; confirm -> summary Notify ${((n.at - confirmedAt) / 1000).toFixed(1)} s (1 lock task for 4, its rows read ${lockReads.length} times, 11 Saves, ${s.sim.callsTo(TRANSFER_OUT_ACTION).length} QueryTransferOutInfo, ${s.sim.calls.length} calls in all)`,
    );
  });
});
