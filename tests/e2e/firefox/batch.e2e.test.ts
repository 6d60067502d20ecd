// A small batch in Firefox ESR through the batch page: three domains pasted and submitted, each
// done once with its code in the results table, one "Batch finished" notification and none per
// domain. The Firefox twin of ../batch.e2e.test.ts at a size that keeps the suite fast (no restart
// here: ./restart.e2e.test.ts covers one).
import { describe, expect, test } from 'vitest';
import {
  clickButton,
  fillField,
  type InPage,
  type Job,
  readJobs,
  resultsTable,
  SAVE_ACTION,
  savesFor,
  waitForText,
  writeProfile,
} from '../harness/index.ts';
import { sleep, report, useFirefoxSessions } from './fixtures.ts';

const DOMAINS = ['fox-batch-a-example.com', 'fox-batch-b-example.com', 'fox-batch-c-example.com'];
/** One code that needs care in a table cell and a CSV. */
const TRICKY = { [DOMAINS[1]!]: { code: 'a"b,<c>' } };

describe('Firefox: a batch through the batch page', () => {
  const session = useFirefoxSessions();

  test('three domains: each done once with its code in the table, one summary notification', async () => {
    const keys = { accessKeyId: 'LTAI5tFoxBatchKey', accessKeySecret: 'fox-batch-secret' };
    const s = await session({ simulator: { accessKeys: { [keys.accessKeyId]: keys.accessKeySecret }, taskDurationMs: 1_500, domains: TRICKY } });
    const probe = await s.ext.probe();
    await writeProfile(probe, keys);
    await probe.evaluate(() => (globalThis as unknown as InPage).browser!.storage.local.set({ settings: { language: 'en' }, settings$: { v: 1 } }));

    const page = await s.ext.openPage('batch.html');
    await fillField(page, 'Domains', DOMAINS.join('\n'));
    const startedAt = Date.now();
    await clickButton(page, `Get transfer codes for ${DOMAINS.length} domains`);
    await waitForText(page, `Batch of ${DOMAINS.length} domains`, { timeoutMs: 15_000 });

    const n = await s.notifications.waitFor((x) => x.summary.startsWith('Batch finished'), 60_000);
    expect(n.summary).toBe(`Batch finished: ${DOMAINS.length} domains`);
    expect(n.body).toBe(`${DOMAINS.length} codes ready, 0 failed.`);
    await waitForText(page, `${DOMAINS.length} of ${DOMAINS.length} finished`);
    await waitForText(page, `Done: ${DOMAINS.length}`);
    expect(await page.$eval('progress', (el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([DOMAINS.length, DOMAINS.length]);
    await sleep(1_500); // a second notification would come now
    expect(s.notifications.notifications.map((x) => x.summary)).toEqual([`Batch finished: ${DOMAINS.length} domains`]);

    // Storage and the simulator: one job, one successful Save and one task per domain, with its code.
    const issued = new Map(s.sim.tasks().map((t) => [t.domain, t.code]));
    expect(s.sim.tasks()).toHaveLength(DOMAINS.length);
    const jobs: Job[] = (await readJobs(probe)).filter((j) => j.batchId);
    expect(jobs.map((j) => j.domain).sort()).toEqual([...DOMAINS].sort());
    for (const job of jobs) {
      expect(job.state, job.domain).toBe('done');
      expect(job.code, job.domain).toBe(issued.get(job.domain));
    }
    for (const d of DOMAINS) expect(savesFor(s.sim, d).filter((c) => c.status === 200), d).toHaveLength(1);
    expect(issued.get(DOMAINS[1]!)).toBe(TRICKY[DOMAINS[1]!]!.code);

    // The results table, in the order given, the codes as text.
    const table = await resultsTable(page);
    expect(table.map((r) => r.slice(0, 4))).toEqual(DOMAINS.map((d) => [d, issued.get(d), 'Done', '']));
    report(`Firefox batch of ${DOMAINS.length} through the batch page: summary Notify ${((n.at - startedAt) / 1000).toFixed(1)} s after the submit, ${s.sim.callsTo(SAVE_ACTION).length} Saves`);
  });
});
