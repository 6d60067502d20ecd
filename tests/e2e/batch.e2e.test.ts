// A batch of 200 domains through the batch page (issue 8, "Show"), against the simulator's flow
// control of 10 requests a second, with the browser closed in the middle and reopened on the same
// profile: every domain ends done exactly once (one successful Save each), one summary
// notification for the whole batch, the total time against what the limit allows, and the CSV
// export matching the results table (codes with quotes and commas included).
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import {
  type InPage, readJobs, resultsTable, SAVE_ACTION, QUERY_ACTION, waitUntil, writeProfile, type Job } from './harness/index.ts';
import { report, sleep, useSessions } from './fixtures.ts';

const DOMAINS = 200;
const RATE = 10;
const TASK_MS = 2_000;
/** When the browser is closed, after the submit: the Saves are still going out (200 take 20 s). */
const CLOSE_AFTER_MS = 15_000;
/** Saves the simulator holds across the close (a delay fault from HELD_LEAD_MS before it), and for how long. */
const HELD_SAVES = 3;
const HELD_SAVE_MS = 1_200;
const HELD_LEAD_MS = 600;
/** The asserted bound on the whole batch, in units of the time the limit allows (plus the restart gap). */
const GENEROUS_FACTOR = 2;
/** Codes that need quoting in a CSV: a quote, a comma, both, at either end. */
const TRICKY_CODES: Record<number, string> = { 3: 'a"b,c', 77: '"Quoted",', 150: ',lead"' };

const domainOf = (i: number) => `shop${i}-example.com`;

/** RFC 4180: quoted fields may hold separators, line breaks and doubled quotes; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe('a batch of 200 domains at 10 requests/s', () => {
  const session = useSessions();

  test('survives a browser restart mid-batch: each domain done once, one summary notification, CSV = table', async () => {
    const keys = { accessKeyId: 'LTAI5tBatchKey', accessKeySecret: 'batch-secret' };
    const domains = Array.from({ length: DOMAINS }, (_, i) => domainOf(i));
    const s = await session({
      simulator: {
        accessKeys: { [keys.accessKeyId]: keys.accessKeySecret },
        taskDurationMs: TASK_MS,
        rateLimitPerSecond: RATE,
        domains: Object.fromEntries(Object.entries(TRICKY_CODES).map(([i, code]) => [domainOf(Number(i)), { code }])),
      },
    });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.set({ settings: { language: 'en' }, settings$: { v: 1 } }));

    // The rate through the page's own field.
    const page = await s.ext.openPage('batch.html');
    const rate = page.getByLabel('Requests per second', { exact: true });
    await rate.fill(String(RATE));
    await rate.blur();
    await waitUntil(
      async () => {
        const got = await probe.evaluate(() => (globalThis as unknown as InPage).chrome.storage.local.get('settings'));
        return (got.settings as { requestsPerSecond?: number } | undefined)?.requestsPerSecond === RATE;
      },
      5_000,
      'the rate saved in settings',
    );

    // Paste the list and submit.
    await page.getByLabel('Domains', { exact: true }).fill(domains.join('\n'));
    // The throughput of the batch itself: the readiness check before the start is tested in account.e2e.
    await page.getByLabel('Check readiness first', { exact: true }).uncheck();
    const submit = page.getByRole('button', { name: `Get transfer codes for ${DOMAINS} domains`, exact: true });
    await submit.waitFor({ state: 'visible', timeout: 10_000 });
    const startedAt = Date.now();
    await submit.click();
    await page.getByRole('heading', { name: `Batch of ${DOMAINS} domains`, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    const batchId = decodeURIComponent(/#batch=([^&]+)/.exec(page.url())?.[1] ?? '');
    expect(batchId).not.toBe('');
    await page.getByRole('progressbar', { name: 'Progress' }).waitFor({ state: 'visible' });

    // Close the browser in the middle, with Saves on the wire: the simulator holds the last few
    // Saves before the close for HELD_SAVE_MS, then makes their tasks, and their answers are lost.
    await sleep(Math.max(0, startedAt + CLOSE_AFTER_MS - HELD_LEAD_MS - Date.now()));
    s.sim.injectFault({ kind: 'delay', ms: HELD_SAVE_MS, action: SAVE_ACTION, times: HELD_SAVES });
    await sleep(Math.max(0, startedAt + CLOSE_AFTER_MS - Date.now()));
    const simBefore = s.sim.callsTo(SAVE_ACTION).filter((c) => c.status === 200).length;
    const stored = (await readJobs(probe)).filter((j) => j.batchId === batchId);
    const atClose = {
      saves: simBefore,
      polls: s.sim.callsTo(QUERY_ACTION).length,
      waiting: stored.filter((j) => j.state === 'waiting').length,
      submitting: stored.filter((j) => j.state === 'submitting').length,
      done: stored.filter((j) => j.state === 'done').length,
    };
    const closedAt = Date.now();
    await s.closeBrowser();
    const closeMs = Date.now() - closedAt;
    expect(s.notifications.notifications).toHaveLength(0);
    // The held Saves land (their tasks are made) while the browser is closed.
    await sleep(HELD_SAVE_MS + 300);
    const heldAcrossClose = s.sim.callsTo(SAVE_ACTION).filter((c) => c.at > closedAt && c.status === 200).length;
    expect(heldAcrossClose, 'Saves on the wire at the close whose tasks were made after it').toBeGreaterThan(0);
    const callsWhileClosed = s.sim.calls.length;
    await sleep(500);
    expect(s.sim.calls.length).toBe(callsWhileClosed); // nothing runs while the browser is closed
    const ext = await s.relaunch();
    const relaunchedAt = Date.now();
    const gapMs = relaunchedAt - closedAt;

    // The batch page again, on the batch, and the one summary notification.
    const reopened = await ext.openPage(`batch.html#batch=${encodeURIComponent(batchId)}`);
    const n = await s.notifications.waitFor((x) => x.summary.startsWith('Batch finished'), 120_000);
    const totalMs = n.at - startedAt;
    expect(n.summary).toBe(`Batch finished: ${DOMAINS} domains`);
    expect(n.body).toBe(`${DOMAINS} codes ready, 0 failed.`);
    await reopened.getByText(`${DOMAINS} of ${DOMAINS} finished`, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
    await reopened.getByText(`Done: ${DOMAINS}`, { exact: true }).waitFor({ state: 'visible' });
    expect(await reopened.getByRole('progressbar', { name: 'Progress' }).evaluate((el: HTMLProgressElement) => [el.value, el.max])).toEqual([DOMAINS, DOMAINS]);
    await sleep(2_000); // a second notification would come now

    // Exactly one notification in all: the summary, none per domain; Chromium holds it as batch-<id>.
    expect(s.notifications.notifications.map((x) => x.summary)).toEqual([`Batch finished: ${DOMAINS} domains`]);
    const shown = await (await ext.probe()).evaluate(() => (globalThis as unknown as InPage).chrome.notifications.getAll());
    expect(Object.keys(shown)).toEqual([`batch-${batchId}`]);

    // Storage: the batch and its 200 jobs, each done once with the simulator's code.
    const jobs: Job[] = (await readJobs(await ext.probe())).filter((j) => j.batchId === batchId);
    expect(jobs).toHaveLength(DOMAINS);
    expect(new Set(jobs.map((j) => j.domain))).toEqual(new Set(domains));
    expect(jobs.filter((j) => j.state !== 'done' || !j.code)).toEqual([]);
    const batchKeys = await (await ext.probe()).evaluate(
      async (id) => (globalThis as unknown as InPage).chrome.storage.local.get(['batchIndex', `batchJobs:${id}`]),
      batchId,
    );
    const batches = batchKeys.batchIndex as Array<{ id: string; total: number; notified: boolean; summary?: { done: number; failed: number } }>;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ id: batchId, total: DOMAINS, notified: true, summary: { done: DOMAINS, failed: 0 } });
    expect(new Set(batchKeys[`batchJobs:${batchId}`] as string[])).toEqual(new Set(jobs.map((j) => j.id)));

    // The simulator's view: Saves per domain, and which Saves were answered but never stored.
    const saves = s.sim.callsTo(SAVE_ACTION);
    const okSaves = saves.filter((c) => c.status === 200);
    const perDomain = new Map<string, number>();
    for (const c of okSaves) perDomain.set(c.params.DomainName ?? '', (perDomain.get(c.params.DomainName ?? '') ?? 0) + 1);
    const twice = [...perDomain].filter(([, k]) => k > 1).map(([d]) => d);
    const firstCallMs = (s.sim.calls[0]?.at ?? startedAt) - startedAt;
    const lastCallMs = (s.sim.calls.at(-1)?.at ?? startedAt) - startedAt;
    const lastFinishedMs = Math.max(...jobs.map((j) => j.finishedAt ?? 0)) - startedAt;

    // Time: 400 calls at 10/s is 40 s (the issue's target: within 1.15x of that), and the restart
    // adds its gap (closing, starting again). Asserted: a generous bound that still catches a halved
    // rate or a batch that waits for the 30 s backstop alarm; the target is printed, met or not.
    const allowedMs = ((2 * DOMAINS) / RATE) * 1000;
    const targetMs = 1.15 * allowedMs + gapMs;
    const boundMs = GENEROUS_FACTOR * allowedMs + gapMs;
    const runningMs = totalMs - gapMs;
    report(
      `batch of ${DOMAINS} at ${RATE}/s (${TASK_MS / 1000} s tasks) through the batch page: summary Notify ${(totalMs / 1000).toFixed(1)} s after the submit ` +
        `(first API call ${(firstCallMs / 1000).toFixed(1)} s after it); browser closed at ${(CLOSE_AFTER_MS / 1000).toFixed(0)} s, ` +
        `restart gap ${(gapMs / 1000).toFixed(1)} s (close ${(closeMs / 1000).toFixed(1)} s); without the gap ${(runningMs / 1000).toFixed(1)} s = ` +
        `${(runningMs / allowedMs).toFixed(3)}x the ${allowedMs / 1000} s the limit allows; target 1.15x + gap = ${(targetMs / 1000).toFixed(1)} s: ` +
        `${totalMs <= targetMs ? 'met' : `NOT met (by ${((totalMs - targetMs) / 1000).toFixed(1)} s)`}; asserted ${GENEROUS_FACTOR}x + gap = ${(boundMs / 1000).toFixed(1)} s`,
    );
    report(
      `batch: last API call ${(lastCallMs / 1000).toFixed(1)} s after the submit, last job stored as finished ${(lastFinishedMs / 1000).toFixed(1)} s, ` +
        `summary Notify ${(totalMs / 1000).toFixed(1)} s (storage behind the API by ${((lastFinishedMs - lastCallMs) / 1000).toFixed(1)} s at the end)`,
    );
    report(
      `batch at the close: the simulator had answered ${atClose.saves} Saves and ${atClose.polls} polls; storage (read right after) held ` +
        `${atClose.waiting} waiting, ${atClose.done} done, ${atClose.submitting} submitting: ${atClose.saves - atClose.waiting - atClose.done} answered Saves not stored yet`,
    );
    report(
      `batch calls: ${s.sim.calls.length} in all (${saves.length} Saves, ${okSaves.length} successful; ${s.sim.callsTo(QUERY_ACTION).length} polls); ` +
        `refused: ${s.sim.calls.filter((c) => c.status !== 200).map((c) => c.code).join(', ') || 'none'}; throttled by the simulator: ${s.sim.throttled}; ` +
        `domains Saved twice: ${twice.length}${twice.length ? ` (${twice.join(', ')})` : ''}`,
    );

    // Every domain ends once, with one job, one task and its code. A Save whose answer was lost in
    // the close (on the wire, or answered but not yet stored) left its marker (saveSentAt): after the
    // restart its task is looked for (PollTaskResult, QueryTaskList, QueryTaskDetailList) before any
    // Save goes again, so no domain is Saved twice.
    const tasksPerDomain = new Map<string, number>();
    for (const t of s.sim.tasks()) tasksPerDomain.set(t.domain, (tasksPerDomain.get(t.domain) ?? 0) + 1);
    const lookups = ['PollTaskResult', 'QueryTaskList'].map((a) => `${a} ${s.sim.callsTo(a).length}`).join(', ');
    report(`batch: ${heldAcrossClose} Saves made by the simulator after the close began (${HELD_SAVES} held by a delay fault; their answers lost); lookups: ${lookups}; domains with more than one task: ${[...tasksPerDomain].filter(([, k]) => k > 1).length}`);
    expect([...tasksPerDomain].filter(([, k]) => k > 1), 'no domain with more than one task').toEqual([]);
    expect(twice, 'no domain Saved twice').toEqual([]);
    expect(okSaves).toHaveLength(DOMAINS);
    expect(new Set(tasksPerDomain.keys())).toEqual(new Set(domains));
    expect(new Set(perDomain.keys())).toEqual(new Set(domains));
    const issued = new Map(s.sim.tasks().map((t) => [t.domain, t.code]));
    for (const job of jobs) expect(job.code, job.domain).toBe(issued.get(job.domain));
    for (const [i, code] of Object.entries(TRICKY_CODES)) expect(jobs.find((j) => j.domain === domainOf(Number(i)))?.code).toBe(code);
    expect.soft(totalMs, `the batch within ${GENEROUS_FACTOR}x the time the limit allows, plus the restart gap`).toBeLessThanOrEqual(boundMs);

    // Export CSV = the table, row by row; the tricky codes survive the quoting.
    const table = await resultsTable(reopened);
    expect(table).toHaveLength(DOMAINS);
    const [download] = await Promise.all([
      reopened.waitForEvent('download', { timeout: 10_000 }),
      reopened.getByRole('button', { name: 'Export CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^transfer-codes-\d{8}-\d{4}\.csv$/);
    const raw = await readFile(await download.path(), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    const csv = parseCsv(raw.slice(1));
    expect(csv[0]).toEqual(['domain', 'code', 'status', 'reason', 'time']);
    const rows = csv.slice(1);
    expect(rows).toHaveLength(DOMAINS);
    expect(rows).toEqual(table);
    expect(rows.map((r) => r[0])).toEqual(domains); // in the order given
    for (const row of rows) {
      expect(row[1], row[0]).toBe(issued.get(row[0]!));
      expect(row[2]).toBe('Done');
    }
    for (const [i, code] of Object.entries(TRICKY_CODES)) {
      expect(rows[Number(i)]).toEqual([domainOf(Number(i)), code, 'Done', '', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)]);
      expect(raw).toContain(`,"${code.replace(/"/g, '""')}",`);
    }
  });
});
