// Issue 17 in the worker: a batch that turns transfer locks off first (one lock task, each job's
// Save after its row of that task ended), and the transfer-out note read after each code.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProfile } from './helpers/profiles';
import { batchIndexItem } from '../../lib/jobs/batches';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import { transferOutDeniedItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { send, startWorker, stopWorker } from './helpers/worker';
import type { Job } from '../../lib/protocol';
import { LOCK_ROW_WAIT_MS, newJob, withinFaultBudget } from '../../lib/jobs/transitions';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

let fake: FakeDomain;
let notes: Array<{ id: string; title: string; message: string }>;
type BatchAnswer = { ok: boolean; batchId?: string; jobIds?: string[]; reason?: string; failure?: unknown };

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 9) });
  stubMissingApis();
  fake = new FakeDomain();
  fake.durationMs = 3_000;
  model.domain = fake;
  notes = [];
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (id: string, o: { title: string; message: string }) => {
    notes.push({ id, title: o.title, message: o.message });
    return id;
  }) as never);
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AK', accessKeySecret: 'secret-unlock' });
  startWorker();
});
afterEach(() => {
  stopWorker();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const byDomain = async (): Promise<Map<string, Job>> => new Map((await getJobs()).map((j) => [j.domain, j]));

describe('a batch that turns transfer locks off first', () => {
  it('sends one lock task for the locked domains, Saves each only after its row ended, and says so in the summary', async () => {
    const texts = ['a-example.com', 'b-example.com', 'c-example.com', 'd-example.com'];
    const answer = await send<BatchAnswer>('requestBatch', { texts, unlock: { domains: ['b-example.com', 'c-example.com'] } });
    expect(answer.ok).toBe(true);
    expect(fake.callsOf('lock-batch')).toHaveLength(1);
    const lockTaskNo = [...fake.lockTasks.keys()][0];
    expect(fake.lockTasks.get(lockTaskNo!)?.domains).toEqual(['b-example.com', 'c-example.com']);

    await vi.advanceTimersByTimeAsync(2_000);
    // The unlocked ones are Saved at once; the locked ones wait for the lock task (3 s).
    expect(fake.callsOf('save').map((c) => c.domain).sort()).toEqual(['a-example.com', 'd-example.com']);
    expect((await byDomain()).get('b-example.com')).toMatchObject({ state: 'submitting', unlock: { taskNo: lockTaskNo } });

    await vi.advanceTimersByTimeAsync(30_000);
    const jobs = await byDomain();
    expect([...jobs.values()].every((j) => j.state === 'done')).toBe(true);
    const lockDone = fake.lockTasks.get(lockTaskNo!)!.doneAt;
    for (const d of ['b-example.com', 'c-example.com']) {
      const save = fake.callsOf('save').find((c) => c.domain === d)!;
      expect(save.at).toBeGreaterThanOrEqual(lockDone);
      expect(jobs.get(d)?.unlockedAt).toBeGreaterThanOrEqual(lockDone);
      expect(jobs.get(d)?.unlock).toBeUndefined();
    }
    expect(jobs.get('a-example.com')?.unlockedAt).toBeUndefined();
    expect(notes).toEqual([
      { id: `batch-${answer.batchId}`, title: 'Batch finished: 4 domains', message: '4 codes ready, 0 failed. Transfer locks turned off: 2 domains.' },
    ]);
    expect((await batchIndexItem.getValue())[0]).toMatchObject({ unlockAsked: 2, summary: { done: 4, failed: 0, unlocked: 2 } });
  });

  it('a row of the lock task that fails fails its job without a Save; the others go on', async () => {
    fake.lockFailures.set('b-example.com', 'Domain is under a registry hold');
    await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['a-example.com', 'b-example.com'] } });
    await vi.advanceTimersByTimeAsync(30_000);
    const jobs = await byDomain();
    expect(jobs.get('a-example.com')).toMatchObject({ state: 'done' });
    expect(jobs.get('b-example.com')).toMatchObject({ state: 'failed', failure: { cause: 'unlock-failed', detail: 'Domain is under a registry hold' } });
    expect(fake.callsOf('save').map((c) => c.domain)).toEqual(['a-example.com']);
    // b's lock did not come off: asked for 2, confirmed for 1.
    expect(notes[0]?.message).toBe('1 code ready, 1 failed. Transfer locks asked off: 2; confirmed off: 1.');
  });

  it('Retry after the lock did not come off reads the lock first: still on, no Save; turned off since, the code', async () => {
    fake.lockFailures.set('b-example.com', 'Domain is under a registry hold');
    await send<BatchAnswer>('requestBatch', { texts: ['b-example.com'], unlock: { domains: ['b-example.com'] } });
    await vi.advanceTimersByTimeAsync(30_000);
    const id = (await byDomain()).get('b-example.com')!.id;
    expect((await byDomain()).get('b-example.com')).toMatchObject({ state: 'failed', failure: { cause: 'unlock-failed' } });

    // Still on: one read of the domain, no Save, and it says so.
    expect(await send('retryJob', { id })).toEqual({ ok: true });
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await byDomain()).get('b-example.com')).toMatchObject({ state: 'failed', failure: { cause: 'still-locked' } });
    expect(fake.callsOf('domain')).toHaveLength(1);
    expect(fake.callsOf('save')).toEqual([]);
    expect(fake.callsOf('lock-batch')).toHaveLength(1); // Retry never turns a lock off by itself

    // The person turned it off (the readiness page): the next Retry reads it off and gets the code.
    fake.lockFailures.delete('b-example.com');
    expect(await send('retryJob', { id })).toEqual({ ok: true });
    await vi.advanceTimersByTimeAsync(10_000);
    const job = (await byDomain()).get('b-example.com')!;
    expect(job).toMatchObject({ state: 'done' });
    expect(job.unlockedAt).toBeUndefined(); // not this extension's doing
    expect(fake.callsOf('domain')).toHaveLength(2);
    expect(fake.callsOf('save').map((c) => c.domain)).toEqual(['b-example.com']);
    expect(fake.callsOf('lock-batch')).toHaveLength(1);
  });

  it.each([
    ['Forbidden.RAM', 403],
    ['InvalidDomainName', 400],
    ['ServiceUnavailable', 503],
  ])('a refusal of the lock task (%s, Alibaba answered) starts nothing and says why', async (code, status) => {
    fake.faults.push({ action: 'lock-batch', error: fake.apiError(code, status) });
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['b-example.com'] } });
    expect(answer).toMatchObject({ ok: false, reason: 'unlock', failure: { ok: false, error: 'api', code } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await getJobs()).toEqual([]);
    expect(fake.callsOf('save')).toEqual([]);
    expect(await batchIndexItem.getValue()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty(`batchJobs:${answer.batchId ?? ''}`);
  });

  /** b-example.com still waits a minute before LOCK_ROW_WAIT_MS, has failed a while after it, never Saved; a-example.com is done. */
  async function expectBFailsUnlockAfterTheWait() {
    await vi.advanceTimersByTimeAsync(LOCK_ROW_WAIT_MS - 60_000);
    expect((await byDomain()).get('b-example.com')).toMatchObject({ state: 'submitting' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const jobs = await byDomain();
    expect(jobs.get('a-example.com')).toMatchObject({ state: 'done' });
    expect(jobs.get('b-example.com')).toMatchObject({ state: 'failed', failure: { cause: 'unlock-failed' } });
    expect(fake.callsOf('save').map((c) => c.domain)).toEqual(['a-example.com']);
  }

  it('a lost answer after Alibaba made the lock task: the batch goes on, and the job reads its own lock before its Save', async () => {
    fake.faults.push({ action: 'lock-batch', error: fake.networkError(), acted: true });
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['b-example.com'] } });
    expect(answer).toMatchObject({ ok: true });
    expect((await byDomain()).get('b-example.com')).toMatchObject({ state: 'submitting', unlock: { since: Date.now() } });
    expect((await byDomain()).get('b-example.com')?.unlock).not.toHaveProperty('taskNo');
    await vi.advanceTimersByTimeAsync(30_000);
    const jobs = await byDomain();
    expect(jobs.get('a-example.com')).toMatchObject({ state: 'done' });
    expect(jobs.get('b-example.com')).toMatchObject({ state: 'done' });
    const lockDone = [...fake.lockTasks.values()][0]!.doneAt;
    expect(fake.callsOf('save').find((c) => c.domain === 'b-example.com')!.at).toBeGreaterThanOrEqual(lockDone);
    // Its lock was read, never a task it does not know the number of; and only b's.
    expect(fake.callsOf('domain').map((c) => c.domain)).toContain('b-example.com');
    expect(new Set(fake.callsOf('domain').map((c) => c.domain))).toEqual(new Set(['b-example.com']));
    expect(fake.callsOf('lock-query')).toEqual([]);
    expect(fake.callsOf('lock-batch')).toHaveLength(1); // never sent again
    expect(notes[0]?.message).toBe('2 codes ready, 0 failed. Transfer lock turned off: 1 domain.');
  });

  it('a lost answer when Alibaba made nothing: the job reads the lock on for 10 min and fails without a Save', async () => {
    fake.faults.push({ action: 'lock-batch', error: fake.networkError() });
    expect(await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['b-example.com'] } })).toMatchObject({ ok: true });
    await expectBFailsUnlockAfterTheWait();
    // On the polls' schedule, not once a second: a handful of reads in 10 min.
    expect(fake.callsOf('domain').length).toBeGreaterThan(3);
    expect(fake.callsOf('domain').length).toBeLessThanOrEqual(25);
    expect(notes[0]?.message).toBe('1 code ready, 1 failed. Transfer locks asked off: 1; confirmed off: 0.');
  });

  it('the worker stops while the lock task is out: the next worker finds the batch and its jobs, and finishes them', async () => {
    fake.lockAnswerHangs = true;
    const texts = ['a-example.com', 'b-example.com', 'c-example.com'];
    void send<BatchAnswer>('requestBatch', { texts, unlock: { domains: ['b-example.com', 'c-example.com'] } });
    await vi.waitFor(() => expect(fake.callsOf('lock-batch')).toHaveLength(1));
    // Everything was stored before the lock task left; nothing was Saved while it was out.
    expect((await getJobs()).map((j) => j.domain).sort()).toEqual(texts);
    expect(await batchIndexItem.getValue()).toEqual([expect.objectContaining({ unlockAsked: 2, total: 0 })]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fake.callsOf('save')).toEqual([]);

    stopWorker();
    startWorker();
    await vi.advanceTimersByTimeAsync(60_000);
    const jobs = await byDomain();
    expect([...jobs.values()].map((j) => j.state)).toEqual(['done', 'done', 'done']);
    const lockDone = [...fake.lockTasks.values()][0]!.doneAt;
    for (const d of ['b-example.com', 'c-example.com']) {
      expect(fake.callsOf('save').find((c) => c.domain === d)!.at).toBeGreaterThanOrEqual(lockDone);
      expect(jobs.get(d)?.unlockedAt).toBeGreaterThanOrEqual(lockDone);
    }
    expect(fake.callsOf('save')).toHaveLength(3);
    expect(fake.callsOf('lock-batch')).toHaveLength(1);
    expect(notes.filter((n) => n.id.startsWith('batch-'))).toEqual([
      expect.objectContaining({ title: 'Batch finished: 3 domains', message: '3 codes ready, 0 failed. Transfer locks turned off: 2 domains.' }),
    ]);
  });

  it('the jobs following one lock task share its reads: a poll round of 60 locked domains is one call', async () => {
    fake.durationMs = 10_000;
    const texts = Array.from({ length: 60 }, (_, i) => `lock${i}-example.com`);
    await send<BatchAnswer>('requestBatch', { texts, unlock: { domains: texts } });
    await vi.advanceTimersByTimeAsync(60_000);
    const jobs = await byDomain();
    expect([...jobs.values()].every((j) => j.state === 'done')).toBe(true);
    const reads = fake.callsOf('lock-query');
    // One read per poll round while the task runs (10 s: a handful of rounds), not one per domain.
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.length).toBeLessThan(15);
    expect(reads.every((c) => c.page === 1)).toBe(true);
    // Each Save still waits for the task's end, and each job counts only the calls it made.
    const lockDone = [...fake.lockTasks.values()][0]!.doneAt;
    expect(Math.min(...fake.callsOf('save').map((c) => c.at))).toBeGreaterThanOrEqual(lockDone);
    expect(fake.callsOf('save')).toHaveLength(60);
    const apiCalls = [...jobs.values()].reduce((sum, j) => sum + j.apiCalls, 0);
    expect(apiCalls).toBe(reads.length + fake.callsOf('save').length + fake.callsOf('query').length + fake.callsOf('transfer-out').length);
  });

  it('a row that never appears in the lock task fails its job after a while, without a Save', async () => {
    await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['a-example.com', 'b-example.com'] } });
    const task = [...fake.lockTasks.values()][0]!;
    task.domains = ['a-example.com']; // Alibaba left b out of its task
    await expectBFailsUnlockAfterTheWait();
  });

  it('a job following its lock task waits out faults like one with a TaskNo; its Save budget starts when the lock came off', () => {
    const base = newJob({ id: 'j', domain: 'a.com', site: 'cn', profileId: 'p' }, 0);
    const minutes = (m: number) => m * 60_000;
    expect(withinFaultBudget({ ...base, unlock: { taskNo: 'T', since: 0 } }, minutes(40))).toBe(true);
    expect(withinFaultBudget(base, minutes(40))).toBe(false);
    expect(withinFaultBudget({ ...base, unlockedAt: minutes(35) }, minutes(40))).toBe(true);
    expect(withinFaultBudget({ ...base, unlockedAt: minutes(35) }, minutes(70))).toBe(false);
  });

  it('only the batch own domains are unlocked; a domain already being fetched is not', async () => {
    fake.durationMs = 20_000;
    await send('requestCode', { text: 'a-example.com' });
    // The lock task waits for its turn in the rate limiter, after a's Save (1/5 s at the default rate).
    const batch = send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'], unlock: { domains: ['a-example.com', 'b-example.com', 'other-example.com'] } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await batch).toMatchObject({ ok: true });
    expect([...fake.lockTasks.values()].map((t) => t.domains)).toEqual([['b-example.com']]);
    await vi.advanceTimersByTimeAsync(60_000); // its jobs finish here, not in the next test's storage
  });

  it('no lock task when none of the domains to unlock is in the batch', async () => {
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com'], unlock: { domains: ['other-example.com'] } });
    expect(answer.ok).toBe(true);
    expect(fake.callsOf('lock-batch')).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
  });

  it.each([
    [{ texts: ['a.com'], unlock: { domains: [] } }],
    [{ texts: ['a.com'], unlock: { domains: ['a b.com'] } }],
    [{ texts: ['a.com'], unlock: { domains: 'a.com' } }],
    [{ texts: ['a.com'], unlock: { domains: ['a.com'], passphrase: 7 } }],
  ])('a malformed unlock is refused: %j', async (payload) => {
    expect(await send('requestBatch', payload)).toEqual({ ok: false, error: 'invalid' });
    expect(fake.calls).toEqual([]);
  });

  it('with the vault unlocked, the passphrase is asked again: missing or wrong sends nothing, right unlocks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const PASS = 'correct horse battery staple';
    expect(await send('vaultEnable', { passphrase: PASS })).toEqual({ ok: true });
    const batch = (passphrase?: string) =>
      send<BatchAnswer>('requestBatch', { texts: ['a-example.com'], unlock: { domains: ['a-example.com'], ...(passphrase !== undefined ? { passphrase } : {}) } });
    for (const wrong of [undefined, '', 'not the passphrase']) {
      expect(await batch(wrong)).toEqual({ ok: false, reason: 'unlock', failure: { ok: false, error: 'wrong-passphrase' } });
    }
    expect(fake.calls).toEqual([]);
    expect(await getJobs()).toEqual([]);
    expect((await batch(PASS)).ok).toBe(true);
    expect(fake.callsOf('lock-batch')).toHaveLength(1);
  });

  it('a page of another extension cannot unlock', async () => {
    const answer = await send('requestBatch', { texts: ['a.com'], unlock: { domains: ['a.com'] } }, { id: 'other', url: 'chrome-extension://other/x.html' });
    expect(answer).toEqual({ ok: false, error: 'forbidden' });
    expect(fake.calls).toEqual([]);
  });
});

describe('what Alibaba did with the code', () => {
  it('after the code, QueryTransferOutInfo is read once and the job keeps the masked address and the dates', async () => {
    await send('requestCode', { text: 'example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    const [job] = await getJobs();
    expect(fake.callsOf('transfer-out')).toHaveLength(1);
    const doneAt = fake.tasks.values().next().value!.doneAt;
    expect(job).toMatchObject({ state: 'done', transferOut: { maskedEmail: 'o•••@example.com', sentAt: Math.floor(doneAt / 1000) * 1000 } });
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain('owner@example.com');
    // the notification came first
    expect(notes.map((n) => n.title)).toEqual(['Transfer code for example.com']);
  });

  it('a missing permission is noted once for the profile and not asked again for a day', async () => {
    fake.transferOut.clear();
    fake.faults.push({ action: 'transfer-out', error: fake.apiError('Forbidden.RAM', 403) });
    await send('requestCode', { text: 'a-example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await transferOutDeniedItem.getValue()).toEqual({ p: expect.any(Number) });
    const [first] = await getJobs();
    expect(first).toMatchObject({ state: 'done' });
    expect(first?.transferOut).toBeUndefined();

    await send('requestCode', { text: 'b-example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.callsOf('transfer-out')).toHaveLength(1);

    // A day later it is asked again, and a success clears the note.
    vi.setSystemTime(Date.now() + 24 * 3_600_000);
    await send('requestCode', { text: 'c-example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.callsOf('transfer-out')).toHaveLength(2);
    expect(await transferOutDeniedItem.getValue()).toEqual({});
  });

  it('another failure leaves the job as it is and notes nothing', async () => {
    fake.faults.push({ action: 'transfer-out', error: fake.networkError() });
    await send('requestCode', { text: 'example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    const [job] = await getJobs();
    expect(job).toMatchObject({ state: 'done', code: 'CODE-example.com' });
    expect(job?.transferOut).toBeUndefined();
    expect(await transferOutDeniedItem.getValue()).toEqual({});
  });

  it('an answer with no sent code leaves no note', async () => {
    fake.transferOut.set('example.com', { RequestId: 'R' });
    await send('requestCode', { text: 'example.com' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await getJobs())[0]?.transferOut).toBeUndefined();
  });
});
