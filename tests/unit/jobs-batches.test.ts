import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProfile } from './helpers/profiles';
import { batchIndexItem as batchesItem, summarize } from '../../lib/jobs/batches';
import { newJob } from '../../lib/jobs/transitions';
import { readAllJobs as getJobs, readBatchJobIds } from '../../lib/jobs/reader';
import { seedJobs } from './helpers/job-storage';
import { settingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { send, startWorker, stopWorker } from './helpers/worker';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

let fake: FakeDomain;
let notes: Array<{ id: string; title: string; message: string }>;
type BatchAnswer = { ok: true; batchId: string; jobIds: string[]; joined: number; refused: Array<{ text: string; reason: string }> };

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 28, 12) });
  stubMissingApis();
  fake = new FakeDomain();
  fake.durationMs = 3_000;
  model.domain = fake;
  notes = [];
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (id: string, o: { title: string; message: string }) => {
    notes.push({ id, title: o.title, message: o.message });
    return id;
  }) as never);
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AK', accessKeySecret: 'secret-batch' });
});
afterEach(() => {
  stopWorker();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const domains = (n: number) => Array.from({ length: n }, (_, i) => `d${i}-example.com`);

describe('batches', () => {
  it('normalizes every line, merges duplicates, reports refusals, and sends one summary', async () => {
    startWorker();
    const texts = ['a-example.com', 'https://www.A-Example.com/x', 'b-example.com', 'not a domain', '127.0.0.1', 'c-example.com'];
    const answer = await send<BatchAnswer>('requestBatch', { texts });
    expect(answer).toMatchObject({ ok: true, joined: 0, refused: [{ text: 'not a domain', reason: 'illegal-characters' }, { text: '127.0.0.1', reason: 'ip-address' }] });
    expect(answer.jobIds).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(30_000);
    const jobs = await getJobs();
    expect(jobs.map((j) => j.domain).sort()).toEqual(['a-example.com', 'b-example.com', 'c-example.com']);
    expect(jobs.every((j) => j.state === 'done' && j.batchId === answer.batchId && j.notified)).toBe(true);
    expect(notes).toEqual([{ id: `batch-${answer.batchId}`, title: 'Batch finished: 3 domains', message: '3 codes ready, 0 failed.' }]);
    expect((await batchesItem.getValue())[0]).toMatchObject({ id: answer.batchId, notified: true });
  });

  it('clicking the summary notification opens the batch page on that batch', async () => {
    startWorker();
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com'] });
    await vi.advanceTimersByTimeAsync(30_000);
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger(`batch-${answer.batchId}`);
    expect(tabs).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL(`/batch.html#batch=${answer.batchId}`) });
  });

  it('a job removed from the history counts as neither waiting nor done', () => {
    const jobs = [
      { ...newJob({ id: 'x', domain: 'x.com', site: 'cn', profileId: 'p' }, 0), state: 'done' as const },
      newJob({ id: 'y', domain: 'y.com', site: 'cn', profileId: 'p' }, 0),
      undefined, // the job of 'gone' is no longer in the history
    ];
    expect(summarize(3, jobs)).toEqual({ total: 3, waiting: 1, done: 1, failed: 0, unlocked: 0 });
  });

  it('counts failures in the summary', async () => {
    fake.failures.set('b-example.com', 'locked');
    fake.faults.push({ action: 'save', error: fake.apiError('Forbidden.RAM', 403) });
    startWorker();
    await send('requestBatch', { texts: ['a-example.com', 'b-example.com', 'c-example.com'] });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toBe('1 code ready, 2 failed.');
  });

  it('a worker stopped mid-batch resumes and still sends exactly one summary', async () => {
    fake.durationMs = 40_000;
    startWorker();
    const answer = await send<BatchAnswer>('requestBatch', { texts: domains(12) });
    await vi.advanceTimersByTimeAsync(5_000);
    stopWorker();
    await fakeBrowser.alarms.clearAll(); // even a browser restart
    startWorker();
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.advanceTimersByTimeAsync(120_000);
    const jobs = await getJobs();
    expect(jobs).toHaveLength(12);
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    expect(new Set(fake.callsOf('save').map((c) => c.domain)).size).toBe(12);
    expect(notes.map((n) => n.id)).toEqual([`batch-${answer.batchId}`]);
  });

  it('keeps to the configured request rate, and submits before polling', async () => {
    await settingsItem.setValue({ language: 'en', requestsPerSecond: 4 });
    startWorker();
    await send('requestBatch', { texts: domains(20) });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await getJobs()).every((j) => j.state === 'done')).toBe(true);
    const times = fake.calls.map((c) => c.at);
    for (const t of times) expect(times.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(4);
    const lastSave = Math.max(...fake.callsOf('save').map((c) => c.at));
    const firstPoll = Math.min(...fake.callsOf('query').map((c) => c.at));
    expect(firstPoll).toBeGreaterThanOrEqual(lastSave);
    // 20 saves + 20 successful polls is the minimum; a few more are allowed
    expect(fake.calls.filter((c) => c.action !== 'transfer-out').length).toBeLessThanOrEqual(46);
    // and one QueryTransferOutInfo per code, within the same rate
    expect(fake.callsOf('transfer-out')).toHaveLength(20);
  });

  it('slows down when throttled and still finishes', async () => {
    for (let i = 0; i < 5; i++) fake.faults.push({ action: 'save', error: fake.apiError('Throttling.User', 400) });
    startWorker();
    await send('requestBatch', { texts: domains(10) });
    await vi.advanceTimersByTimeAsync(120_000);
    expect((await getJobs()).filter((j) => j.state === 'done')).toHaveLength(10);
    expect(notes).toHaveLength(1);
  });

  it('a domain already pending joins the batch without a second task', async () => {
    fake.durationMs = 10_000;
    startWorker();
    await send('requestCode', { text: 'a-example.com' });
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com', 'b-example.com'] });
    expect(answer.joined).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.callsOf('save')).toHaveLength(2);
    // the single job keeps its own notification; the batch sends its summary
    expect(notes.map((n) => n.title).sort()).toEqual(['Batch finished: 2 domains', 'Transfer code for a-example.com']);
  });

  it.each([
    [{ texts: [] }],
    [{ texts: 'a.com' }],
    [{ texts: [1, 2] }],
    [{ texts: Array(1001).fill('a.com') }],
    [{ texts: ['x'.repeat(3000)] }],
  ])('refuses a malformed batch (case %#)', async (data) => {
    startWorker();
    expect(await send('requestBatch', data)).toEqual({ ok: false, error: 'invalid' });
  });

  it('a new batch removes the finished batches whose jobs have all left the history, and keeps the others', async () => {
    const old = (id: string, at: number, state: 'done' | 'waiting' = 'done') => ({
      ...newJob({ id, domain: `${id}.com`, site: 'cn', profileId: 'p' }, at),
      state,
      notified: state === 'done',
    });
    await seedJobs(
      [old('kept-1', 5_000), old('kept-2', 5_000), old('pending-1', 3_000, 'waiting')],
      [
        { id: 'gone', createdAt: 1_000, jobIds: ['trimmed-1', 'trimmed-2'], notified: true, finishedAt: 2_000 },
        { id: 'kept', createdAt: 5_000, jobIds: ['kept-1', 'kept-2'], notified: true, finishedAt: 6_000 },
        { id: 'running', createdAt: 3_000, jobIds: ['pending-1', 'trimmed-3'], notified: false },
      ],
    );
    startWorker();
    const answer = await send<BatchAnswer>('requestBatch', { texts: ['a-example.com'] });
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await batchesItem.getValue()).map((b) => b.id).sort()).toEqual([answer.batchId, 'kept', 'running'].sort());
    expect(await readBatchJobIds('gone')).toEqual([]);
  });

  it('a batch with nothing valid is refused as empty', async () => {
    startWorker();
    expect(await send('requestBatch', { texts: ['nope', ''] })).toEqual({ ok: false, reason: 'empty' });
    expect(await batchesItem.getValue()).toEqual([]);
  });
});
