// Transfer readiness through the readiness page (issue 8, "Show"): the verdicts for a locked, a
// freshly registered and a ready domain (the simulator's demo domains), and the transfer lock
// switch: it asks first, "Cancel" sends nothing, "Yes, turn it off" sends exactly one
// SaveSingleTaskForTransferProhibitionLock with Status=false and the page then shows the lock off.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { MIN_AGE_DAYS } from '../../lib/domain/readiness.ts';
import { formatDate } from '../../lib/i18n/readiness-words.ts';
import { DEMO_DOMAINS, demoDomains } from '../simulator/showcase.ts';
import { LOCK_ACTION } from '../simulator/server.ts';
import {
  type InPage, waitUntil, writeProfile } from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

const DAY_MS = 86_400_000;
/** The lock task's duration on the simulator (the page asks again every 2.5 s). */
const LOCK_TASK_MS = 1_000;

const TEXT = {
  blocker: 'A transfer would fail now: fix the problems below first.',
  ready: 'Ready to transfer.',
  badgeOk: 'OK',
  badgeBlocks: 'Blocks the transfer',
  lockOn: 'The transfer lock is on: the domain cannot be transferred until it is turned off.',
  lockOffText: 'The transfer lock is off.',
  lockOff: 'Turn transfer lock off',
  yes: 'Yes, turn it off',
  cancel: 'Cancel',
  done: 'Done: the transfer lock is now off.',
  checkAgain: 'Check again',
} as const;

const CHECKS = ['Transfer lock', 'Registration date', 'Expiration date', 'Domain status', 'Transfer-out'] as const;

/** The report of `domain` once the page shows it: the overall verdict and each check's badge and sentence. */
async function shownReport(page: Page, domain: string) {
  const card = page.locator('section.readiness-report').filter({ has: page.getByRole('heading', { name: domain, level: 2, exact: true }) });
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  const verdict = (await card.locator('p.verdict').textContent())?.trim();
  const checks: Record<string, { badge: string; text: string }> = {};
  for (const title of CHECKS) {
    const item = card.getByRole('listitem', { name: title, exact: true });
    checks[title] = {
      badge: ((await item.locator('.badge').textContent()) ?? '').trim(),
      text: ((await item.locator('.check-text').textContent()) ?? '').trim(),
    };
  }
  return { card, verdict, checks };
}

describe('transfer readiness page', () => {
  const session = useSessions();

  test('locked, fresh and ready domains: the verdicts; the lock switch asks first, Cancel sends nothing, Yes turns it off', async () => {
    const keys = { accessKeyId: 'LTAI5tReadinessKey', accessKeySecret: 'readiness-secret' };
    const now = Date.now();
    const domains = demoDomains(now);
    // Only the lock task's duration matters here (no code is requested).
    domains[DEMO_DOMAINS.locked] = { ...domains[DEMO_DOMAINS.locked], durationMs: LOCK_TASK_MS };
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, domains } });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.set({ settings: { language: 'en' }, settings$: { v: 1 } }));

    // Ready: every check OK.
    const ready = await s.ext.openPage(`readiness.html?domain=${DEMO_DOMAINS.ready}`);
    const r = await shownReport(ready, DEMO_DOMAINS.ready);
    expect(r.verdict).toBe(TEXT.ready);
    for (const title of CHECKS) expect(r.checks[title]?.badge, title).toBe(TEXT.badgeOk);
    expect(r.checks['Transfer lock']?.text).toBe(TEXT.lockOffText);
    expect(r.checks['Registration date']?.text).toBe(
      `Registered on ${formatDate(domains[DEMO_DOMAINS.ready]!.registeredAt!)}, more than ${MIN_AGE_DAYS} days ago.`,
    );
    expect(await r.card.getByRole('button', { name: TEXT.lockOff }).count()).toBe(0);
    await ready.close();

    // Fresh (registered 10 days ago): the age blocks, with the date a transfer becomes possible.
    const fresh = await s.ext.openPage(`readiness.html?domain=${DEMO_DOMAINS.fresh}`);
    const f = await shownReport(fresh, DEMO_DOMAINS.fresh);
    expect(f.verdict).toBe(TEXT.blocker);
    const possibleAt = domains[DEMO_DOMAINS.fresh]!.registeredAt! + MIN_AGE_DAYS * DAY_MS;
    expect(f.checks['Registration date']).toEqual({
      badge: TEXT.badgeBlocks,
      text: `Registered less than ${MIN_AGE_DAYS} days ago: a transfer is possible from ${formatDate(possibleAt)} (in 50 days).`,
    });
    expect(f.checks['Registration date']?.text).toMatch(/\d{4}-\d{2}-\d{2}/);
    for (const title of CHECKS.filter((t) => t !== 'Registration date')) expect(f.checks[title]?.badge, title).toBe(TEXT.badgeOk);
    expect(await f.card.getByRole('button', { name: TEXT.lockOff }).count()).toBe(0);
    await fresh.close();

    // Locked: the lock blocks; the other checks pass.
    const page = await s.ext.openPage(`readiness.html?domain=${DEMO_DOMAINS.locked}`);
    const l = await shownReport(page, DEMO_DOMAINS.locked);
    expect(l.verdict).toBe(TEXT.blocker);
    expect(l.checks['Transfer lock']).toEqual({ badge: TEXT.badgeBlocks, text: TEXT.lockOn });
    for (const title of CHECKS.filter((t) => t !== 'Transfer lock')) expect(l.checks[title]?.badge, title).toBe(TEXT.badgeOk);

    // The switch asks first; Cancel sends nothing.
    const toggle = l.card.getByRole('button', { name: TEXT.lockOff, exact: true });
    await toggle.click();
    const confirmation = l.card.getByRole('group', { name: `Turn off the transfer lock of ${DEMO_DOMAINS.locked}?` });
    await confirmation.waitFor({ state: 'visible', timeout: 5_000 });
    await expect.poll(() => confirmation.getByRole('button', { name: TEXT.yes, exact: true }).isVisible()).toBe(true);
    await confirmation.getByRole('button', { name: TEXT.cancel, exact: true }).click();
    await confirmation.waitFor({ state: 'detached', timeout: 5_000 });
    await toggle.waitFor({ state: 'visible', timeout: 5_000 });
    await sleep(500); // nothing may leave late
    expect(s.sim.callsTo(LOCK_ACTION)).toHaveLength(0);
    expect(s.sim.domainState?.(DEMO_DOMAINS.locked).transferLock).toBe(true);

    // Again, and "Yes, turn it off": one lock call with Status=false, then the page shows the lock off.
    await toggle.click();
    await confirmation.waitFor({ state: 'visible', timeout: 5_000 });
    const confirmedAt = Date.now();
    await confirmation.getByRole('button', { name: TEXT.yes, exact: true }).click();
    await l.card.getByText(TEXT.done, { exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
    const offShownAt = Date.now();
    const after = await shownReport(page, DEMO_DOMAINS.locked);
    expect(after.checks['Transfer lock']).toEqual({ badge: TEXT.badgeOk, text: TEXT.lockOffText });
    expect(after.verdict).toBe(TEXT.ready);
    expect(await after.card.getByRole('button', { name: TEXT.lockOff }).count()).toBe(0);

    const lockCalls = s.sim.callsTo(LOCK_ACTION);
    expect(lockCalls).toHaveLength(1);
    expect(lockCalls[0]).toMatchObject({ status: 200, params: { DomainName: DEMO_DOMAINS.locked, Status: 'false' } });
    expect(s.sim.domainState?.(DEMO_DOMAINS.locked).transferLock).toBe(false);
    expect(s.sim.tasks().filter((t) => t.lockOn !== undefined)).toEqual([expect.objectContaining({ domain: DEMO_DOMAINS.locked, lockOn: false })]);

    // "Check again" still says so (a fresh query), and sends no second lock call.
    const queriesBefore = s.sim.callsTo('QueryDomainByDomainName').length;
    await page.getByRole('button', { name: TEXT.checkAgain, exact: true }).click();
    await waitUntil(() => s.sim.callsTo('QueryDomainByDomainName').length > queriesBefore, 10_000, 'the re-check');
    await page.getByRole('button', { name: TEXT.checkAgain, exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 10_000 });
    const again = await shownReport(page, DEMO_DOMAINS.locked);
    expect(again.checks['Transfer lock']).toEqual({ badge: TEXT.badgeOk, text: TEXT.lockOffText });
    expect(s.sim.callsTo(LOCK_ACTION)).toHaveLength(1);

    report(
      `readiness: lock switch (${LOCK_TASK_MS / 1000} s lock task): "lock is off" shown ${((offShownAt - confirmedAt) / 1000).toFixed(1)} s after "Yes"; ` +
        `${lockCalls.length} lock call (Status=${lockCalls[0]?.params.Status}); ${s.sim.callsTo('QueryDomainByDomainName').length} QueryDomainByDomainName calls in all`,
    );
  });
});
