import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProfile } from './helpers/profiles';
import { refusalMessage } from '../../lib/i18n/worker-words';
import { POLL_ALARM } from '../../lib/jobs/engine';
import { SUBMIT_FAULT_BUDGET_MS } from '../../lib/jobs/schedule';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import type { Job } from '../../lib/jobs/types';
import { stubMissingApis, type MenuStub } from './helpers/browser-stubs';
import { send, startWorker, stopWorker } from './helpers/worker';
import { FakeDomain } from './helpers/fake-domain';
import { seedJobs } from './helpers/job-storage';
import { NetworkError } from '../../lib/aliyun/client';
import { circuitItem } from '../../lib/storage';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

const SECRET = 'S3cr3t-Never-Shown-0123456789';
let fake: FakeDomain;
let menus: MenuStub;
let notifications: Array<{ id: string; title: string; message: string }>;

async function request(text: string) {
  return send<{ ok: boolean; jobId?: string; joined?: boolean; reason?: string }>('requestCode', { text });
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const onlyJob = async (): Promise<Job> => {
  const jobs = await getJobs();
  expect(jobs).toHaveLength(1);
  return jobs[0];
};

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 10, 28, 12, 0, 0) });
  menus = stubMissingApis();
  fake = new FakeDomain();
  model.domain = fake;
  notifications = [];
  const create = fakeBrowser.notifications.create.bind(fakeBrowser.notifications);
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(((id: string, options: { title: string; message: string }) => {
    notifications.push({ id, title: options.title, message: options.message });
    return create(id, options as never);
  }) as never);
  await saveProfile({ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID', accessKeySecret: SECRET });
});

afterEach(() => {
  stopWorker();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('life cycle', () => {
  it('submits, polls and ends with the code in storage and one notification', async () => {
    startWorker();
    const res = await request('https://www.Example.com/some/path?q=1');
    expect(res).toMatchObject({ ok: true, joined: false });
    await tick(0);
    expect(fake.callsOf('save')).toEqual([expect.objectContaining({ domain: 'example.com' })]);
    expect((await onlyJob()).state).toBe('waiting');
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeDefined();

    await tick(8_000);
    const job = await onlyJob();
    expect(job).toMatchObject({ state: 'done', code: 'CODE-example.com', notified: true, domain: 'example.com' });
    expect(notifications).toEqual([{ id: job.id, title: 'Transfer code for example.com', message: 'CODE-example.com' }]);
    expect(fakeBrowser.notifications.getAllCreateOptions()[job.id]).toMatchObject({
      type: 'basic',
      iconUrl: fakeBrowser.runtime.getURL('/icon/128.png'),
      buttons: [{ title: 'Copy code' }],
    });
    // first poll about 1 s after the TaskNo, and the task done at 5 s is seen within 2 s
    const polls = fake.callsOf('query');
    expect(polls[0].at - fake.callsOf('save')[0].at).toBe(1_000);
    expect(polls.at(-1)!.at - fake.callsOf('save')[0].at).toBeLessThanOrEqual(7_000);
    expect(job.apiCalls).toBe(fake.calls.length);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();

    await tick(10 * 60_000);
    expect(notifications).toHaveLength(1);
    expect(fake.calls.length).toBe(job.apiCalls);
  });

  it.each([
    ['', 'empty'],
    ['not a domain!!', 'illegal-characters'],
    ['127.0.0.1', 'ip-address'],
    ['com', 'public-suffix'],
  ])('refuses %j with %s and makes no API call', async (text, reason) => {
    startWorker();
    expect(await request(text)).toEqual({ ok: false, reason });
    await tick(5_000);
    expect(fake.calls).toEqual([]);
    expect(await getJobs()).toEqual([]);
  });

  it('without a saved AccessKey says so and makes no call', async () => {
    await fakeBrowser.storage.local.clear();
    startWorker();
    expect(await request('example.com')).toEqual({ ok: false, reason: 'no-credentials' });
    expect(fake.calls).toEqual([]);
  });

  it('a second request for a pending domain joins the first job', async () => {
    startWorker();
    const a = await request('example.com');
    const b = await request('WWW.EXAMPLE.COM.');
    expect(b).toEqual({ ok: true, jobId: a.jobId, joined: true });
    await tick(10_000);
    expect(fake.callsOf('save')).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it('a failed task ends the job with the reason from the API', async () => {
    fake.failures.set('example.com', 'Domain is within 60 days of registration');
    startWorker();
    await request('example.com');
    await tick(10_000);
    const job = await onlyJob();
    expect(job.state).toBe('failed');
    expect(job.failure).toEqual({ cause: 'task-failed', detail: 'Domain is within 60 days of registration' });
    expect(notifications).toEqual([{
      id: job.id,
      title: 'No transfer code for example.com',
      message: 'Alibaba Cloud could not produce the transfer code. Domain is within 60 days of registration',
    }]);
  });
});

describe('surviving the worker and the browser', () => {
  it('a worker stopped mid-wait is resumed by the alarm and notifies exactly once', async () => {
    fake.durationMs = 20_000;
    startWorker();
    await request('example.com');
    await tick(3_000);
    stopWorker();
    await tick(60_000); // nothing runs while the worker is stopped
    const callsWhileStopped = fake.calls.length;
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(alarm).toBeDefined();

    startWorker(); // the alarm wakes a fresh worker...
    await fakeBrowser.alarms.onAlarm.trigger(alarm!); // ...and is delivered to it
    await tick(5_000);
    const job = await onlyJob();
    expect(job.state).toBe('done');
    expect(fake.calls.length).toBeGreaterThan(callsWhileStopped);
    expect(notifications).toHaveLength(1);
  });

  it('a worker stopped mid-wait and woken again still gives one notification', async () => {
    startWorker();
    await request('example.com');
    await tick(2_000);
    // One worker at a time holds the jobs in memory (a browser runs one service worker per
    // extension): the next one starts from storage.
    stopWorker();
    startWorker();
    await tick(10_000);
    expect((await onlyJob()).state).toBe('done');
    expect(notifications).toHaveLength(1);
    const times = fake.callsOf('query').map((c) => c.at);
    expect(new Set(times).size).toBe(times.length); // never two polls at the same instant
  });

  it('alarms lost in a browser restart are re-created at start-up', async () => {
    fake.durationMs = 10 * 60_000;
    startWorker();
    await request('example.com');
    await tick(5_000);
    stopWorker();
    await fakeBrowser.alarms.clearAll(); // a browser restart clears all alarms
    startWorker();
    await fakeBrowser.runtime.onStartup.trigger();
    await tick(0);
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(alarm).toBeDefined();
    expect(alarm!.scheduledTime).toBeGreaterThanOrEqual(Date.now() + 30_000);
  });

  it('a finished job whose notification was not yet shown is notified on the next wake', async () => {
    startWorker();
    await request('example.com');
    await tick(8_000);
    const job = await onlyJob();
    await seedJobs([{ ...job, notified: false }]);
    notifications = [];
    stopWorker();
    startWorker();
    await tick(0);
    expect(notifications).toHaveLength(1);
    expect((await onlyJob()).notified).toBe(true);
  });

  it('a notification that fails to show is tried again, and the alarm stays until it is shown', async () => {
    const create = vi.mocked(fakeBrowser.notifications.create);
    const real = create.getMockImplementation()!;
    create.mockImplementationOnce((() => Promise.reject(new Error('notification service unavailable'))) as never);
    startWorker();
    await request('example.com');
    await tick(7_000); // done at 5 s, seen by the poll at 6.8 s; the first attempt to notify fails
    expect(await onlyJob()).toMatchObject({ state: 'done', notified: false });
    expect(notifications).toHaveLength(0);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeDefined();
    create.mockImplementation(real);
    await tick(5_000);
    expect(await onlyJob()).toMatchObject({ notified: true });
    expect(notifications).toHaveLength(1);
    expect(await fakeBrowser.alarms.get(POLL_ALARM)).toBeUndefined();
  });

  it('a timer and an alarm firing together poll once and notify once', async () => {
    fake.durationMs = 4_000;
    startWorker();
    await request('example.com');
    await tick(3_999);
    const before = fake.callsOf('query').length;
    const alarm = { name: POLL_ALARM, scheduledTime: Date.now(), persistAcrossSessions: false };
    await Promise.all([
      fakeBrowser.alarms.onAlarm.trigger(alarm),
      fakeBrowser.alarms.onAlarm.trigger(alarm),
      tick(1),
    ]);
    await tick(5_000);
    expect(notifications).toHaveLength(1);
    const times = fake.callsOf('query').slice(before).map((c) => c.at);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('retries', () => {
  it.each([
    ['Throttling.User', 400],
    ['TaskIsBeingProcessed', 400],
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
  ])('%s is retried with growing, fully jittered backoff and the job still succeeds', async (code, status) => {
    const error = fake.apiError(code, status);
    fake.faults.push({ action: 'save', error }, { action: 'save', error }, { action: 'query', error });
    startWorker();
    await request('example.com');
    await tick(60_000);
    const job = await onlyJob();
    expect(job.state).toBe('done');
    expect(job).not.toHaveProperty('fault');
    const saves = fake.callsOf('save').map((c) => c.at);
    expect(saves).toHaveLength(3);
    const [gap1, gap2] = [saves[1] - saves[0], saves[2] - saves[1]];
    expect(gap1).toBeGreaterThanOrEqual(250); // below 2 s
    expect(gap1).toBeLessThanOrEqual(2_000);
    expect(gap2).toBeGreaterThanOrEqual(250); // below 4 s
    expect(gap2).toBeLessThanOrEqual(4_000);
    expect(notifications).toHaveLength(1);
  });

  it('a Save lost on the network is looked for before it is sent again, and sent again when no task is found', async () => {
    fake.faults.push({ action: 'save', error: fake.networkError() });
    startWorker();
    await request('example.com');
    await tick(60_000);
    const job = await onlyJob();
    expect(job.state).toBe('done');
    expect(fake.calls.map((c) => c.action).slice(0, 4)).toEqual(['save', 'finished', 'list', 'save']);
    expect(fake.tasks.size).toBe(1);
    expect(job.apiCalls).toBe(fake.calls.length);
  });

  it.each([
    ['still running', 60_000],
    ['finished', 1_000],
  ])('a Save whose answer was lost after the server acted is found (%s), never sent twice', async (_what, duration) => {
    fake.durationMs = duration;
    fake.faults.push({ action: 'save', error: new NetworkError('RequestTimeout', 'No answer'), acted: true });
    startWorker();
    await request('example.com');
    await tick(120_000);
    const job = await onlyJob();
    expect(job).toMatchObject({ state: 'done', code: 'CODE-example.com', taskNo: 'task-1' });
    expect(fake.callsOf('save')).toHaveLength(1);
    expect(fake.tasks.size).toBe(1);
    expect(notifications).toHaveLength(1);
  });

  it('a Save on the wire when the worker stopped is looked for by the next worker', async () => {
    fake.durationMs = 2_000;
    startWorker();
    // the Save arrives (the task is made) but the worker stops before its answer comes back
    const original = fake.api();
    model.domain = {
      api: () => ({
        ...original,
        requestTransferCode: async (domain: string, lang: 'en' | 'zh') => {
          await original.requestTransferCode(domain, lang);
          return new Promise<string>(() => undefined); // a stopped worker never sees the answer
        },
      }),
    };
    await request('example.com');
    await tick(100);
    expect(fake.tasks.size).toBe(1);
    stopWorker();
    model.domain = fake;
    startWorker();
    await tick(60_000);
    const job = await onlyJob();
    expect(job).toMatchObject({ state: 'done', taskNo: 'task-1' });
    expect(fake.callsOf('save')).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it('an outage: one probe at a time for all the jobs, Try now probes at once, and every job goes when an answer comes', async () => {
    for (let i = 0; i < 1_000; i++) fake.faults.push({ error: fake.apiError('ServiceUnavailable', 503) });
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // the backoff's draws: 1, 2, 4, 8, 15, 15 ... s
    startWorker();
    for (const d of ['a', 'b', 'c', 'd', 'e']) await request(`${d}-example.com`);
    await tick(60_000);
    const inOutage = fake.calls.length;
    // five jobs, a minute: the first call and then probes at 1, 3, 7, 15, 30, 45, 60 s, not 5 per round
    expect(inOutage).toBeGreaterThanOrEqual(2);
    expect(inOutage).toBeLessThanOrEqual(8);
    expect(await circuitItem.getValue()).toMatchObject({ cause: 'server' });
    expect((await getJobs()).every((j) => j.state === 'submitting')).toBe(true);

    expect(await send('tryNow', undefined)).toEqual({ ok: true });
    await tick(300);
    expect(fake.calls.length).toBe(inOutage + 1); // one probe, at once (within the limiter's 200 ms spacing)

    fake.faults.length = 0; // Alibaba Cloud answers again
    await send('tryNow', undefined);
    await tick(15_000);
    const jobs = await getJobs();
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(fake.tasks.size).toBe(5);
    expect(await circuitItem.getValue()).toBeNull();
    expect(notifications).toHaveLength(5);
  });

  it('transient faults never fail a waiting job; a submission fails for them only after 30 minutes', async () => {
    for (let i = 0; i < 500; i++) fake.faults.push({ action: 'save', error: fake.apiError('ServiceUnavailable', 503) });
    startWorker();
    await request('example.com');
    await tick(SUBMIT_FAULT_BUDGET_MS - 60_000);
    expect((await onlyJob()).state).toBe('submitting');
    expect((await onlyJob()).fault).toMatchObject({ cause: 'server' });
    expect(notifications).toHaveLength(0);
    await tick(2 * 60_000);
    const job = await onlyJob();
    expect(job.state).toBe('failed');
    expect(job.failure).toMatchObject({ cause: 'server', apiCode: 'ServiceUnavailable' });
    expect(notifications).toHaveLength(1);
  });

  it('an hour of faults while waiting does not end the job: the code comes when they stop', async () => {
    fake.durationMs = 5 * 60_000;
    startWorker();
    await request('example.com');
    await tick(3_000);
    for (let i = 0; i < 400; i++) fake.faults.push({ action: 'query', error: fake.networkError() });
    await tick(60 * 60_000);
    expect((await onlyJob()).state).toBe('waiting');
    fake.faults.length = 0;
    await tick(60_000);
    expect((await onlyJob()).state).toBe('done');
    expect(notifications).toHaveLength(1);
  });

  it.each([
    ['SignatureDoesNotMatch', 'secret', 'The AccessKey secret is wrong: check it on the options page. (SignatureDoesNotMatch)'],
    ['InvalidAccessKeyId.NotFound', 'key-not-found', 'The AccessKey ID does not exist: check it on the options page. (InvalidAccessKeyId.NotFound)'],
    ['Forbidden.RAM', 'permission', 'This AccessKey lacks permission: grant the RAM policy shown on the options page. (Forbidden.RAM)'],
    ['InvalidTimeStamp.Expired', 'clock', "This computer's clock is too far from Alibaba Cloud's; set the clock correctly. (InvalidTimeStamp.Expired)"],
    ['DomainNotExist', 'domain', 'This domain is not in the Alibaba Cloud account of this AccessKey. (DomainNotExist)'],
  ])('%s is fatal after one call, with a plain reason', async (code, cause, message) => {
    fake.faults.push({ error: fake.apiError(code) });
    startWorker();
    await request('example.com');
    await tick(30 * 60_000);
    const job = await onlyJob();
    expect(job).toMatchObject({ state: 'failed', failure: { cause, apiCode: code } });
    expect(fake.calls).toHaveLength(1);
    expect(notifications).toEqual([{ id: job.id, title: 'No transfer code for example.com', message }]);
  });

  it('a failed job can be retried from the popup', async () => {
    fake.faults.push({ error: fake.apiError('Forbidden.RAM', 403) });
    startWorker();
    const { jobId } = await request('example.com');
    await tick(1_000);
    expect((await onlyJob()).state).toBe('failed');
    expect(await send('retryJob', { id: jobId })).toEqual({ ok: true });
    await tick(10_000);
    expect((await onlyJob()).state).toBe('done');
    expect(notifications).toHaveLength(2);
  });
});

describe('limits', () => {
  it('a task still waiting after 24 hours fails as timed out', async () => {
    fake.durationMs = 48 * 60 * 60_000;
    startWorker();
    await request('example.com');
    await tick(24 * 60 * 60_000 + 5 * 60_000);
    const job = await onlyJob();
    expect(job).toMatchObject({ state: 'failed', failure: { cause: 'timed-out' } });
    expect(notifications.map((n) => n.message)).toEqual(['Timed out: Alibaba Cloud gave no code within 24 hours.']);
    expect(job.apiCalls).toBeLessThan(24 * 60 / 2 + 30); // about one call per 2 minutes at most
  });

  it('a 10-minute task costs no more than 25 API calls', async () => {
    fake.durationMs = 10 * 60_000;
    startWorker();
    await request('example.com');
    await tick(15 * 60_000);
    const job = await onlyJob();
    expect(job.state).toBe('done');
    expect(fake.calls.length).toBeLessThanOrEqual(25);
  });
});

describe('context menu', () => {
  it('is created on install, after removing old entries', async () => {
    startWorker();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(menus.created).toEqual([
      { id: 'transfer-code-selection', title: 'msg:menuSelection', contexts: ['selection'] },
      { id: 'transfer-code-link', title: 'msg:menuLink', contexts: ['link'] },
    ]);
  });

  it.each([
    [{ menuItemId: 'transfer-code-selection', selectionText: '  www.Example.com.cn ' }, 'example.com.cn'],
    [{ menuItemId: 'transfer-code-link', linkUrl: 'https://shop.example.org/item?id=1' }, 'example.org'],
  ])('starts a job for %o', async (info, domain) => {
    startWorker();
    menus.click(info);
    await tick(10_000);
    expect((await onlyJob()).domain).toBe(domain);
    expect(notifications).toHaveLength(1);
  });

  it('text that is not a domain gives a notification that says why, and no API call', async () => {
    startWorker();
    menus.click({ menuItemId: 'transfer-code-selection', selectionText: 'hello world' });
    await tick(1_000);
    expect(fake.calls).toEqual([]);
    expect(await getJobs()).toEqual([]);
    expect(notifications).toHaveLength(1);
    expect(notifications[0].title).toBe('No transfer code requested');
    expect(notifications[0].message).toBe(refusalMessage('illegal-characters', 'en'));
  });
});

describe('messages', () => {
  it('answers only the extension\'s own pages', async () => {
    startWorker();
    for (const sender of [
      { id: 'another-extension', url: 'chrome-extension://another-extension/popup.html' },
      { id: fakeBrowser.runtime.id, url: 'https://evil.example/page.html' },
      { id: fakeBrowser.runtime.id },
      {},
    ]) {
      expect(await send('requestCode', { text: 'example.com' }, sender)).toEqual({ ok: false, error: 'forbidden' });
    }
    await tick(1_000);
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['requestCode', { text: 42 }],
    ['requestCode', null],
    ['retryJob', { id: '' }],
    ['dismissJob', 'x'],
    ['copyCode', { id: 'x'.repeat(1000) }],
  ])('refuses a malformed %s payload', async (type, data) => {
    startWorker();
    expect(await send(type, data)).toEqual({ ok: false, error: 'invalid' });
  });

  it('lists, dismisses and clears jobs', async () => {
    startWorker();
    const a = await request('a-example.com');
    await request('b-example.com');
    await tick(10_000);
    const listed = await send<{ ok: true; jobs: Job[] }>('listJobs', undefined);
    expect(listed.jobs.map((j) => j.domain)).toEqual(['b-example.com', 'a-example.com']);
    const shown = async () => Object.keys(await fakeBrowser.notifications.getAll()).sort();
    expect(await shown()).toEqual([a.jobId, listed.jobs[0].id].sort());
    expect(await send('dismissJob', { id: a.jobId })).toEqual({ ok: true });
    expect(await shown()).toEqual([listed.jobs[0].id]); // dismissing a job takes its notification away
    expect(await send('dismissJob', { id: a.jobId })).toEqual({ ok: false, error: 'not-found' });
    await fakeBrowser.notifications.create('unrelated-notice', { type: 'basic', iconUrl: 'x', title: 't', message: 'm' });
    expect(await send('clearHistory', undefined)).toEqual({ ok: true, removed: 1 });
    expect(await getJobs()).toEqual([]);
    // and clearing the history takes the codes' notifications away, and only those
    expect(await shown()).toEqual(['unrelated-notice']);
  });
});

describe('the secret stays secret', () => {
  it('appears in no notification, log line, message answer or job record, whatever happens', async () => {
    const logged: string[] = [];
    for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    const answers: unknown[] = [];
    startWorker();
    const codes = ['SignatureDoesNotMatch', 'Forbidden.RAM', 'Throttling', 'InvalidTimeStamp.Expired', 'MissingParameter', 'Unknown.Code'];
    for (const [i, code] of codes.entries()) {
      fake.faults.push({ action: 'save', error: fake.apiError(code, 400, `server says ${SECRET}`.replace(SECRET, '[redacted]')) });
      answers.push(await request(`d${i}-example.com`));
    }
    answers.push(await request('ok-example.com'));
    fake.failures.set('fail-example.com', 'refused');
    answers.push(await request('fail-example.com'));
    await tick(10 * 60_000);
    answers.push(await send('listJobs', undefined), await send('testConnection', undefined));
    // local:secrets is the one place the secret lives (vault off); everything else in storage,
    // the profiles that pages read included, must be free of it.
    const { secrets: _secrets, ...storage } = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(_secrets)).toContain(SECRET); // proves the check below looks at real data
    expect(storage).toHaveProperty('profiles');
    const everything = JSON.stringify({ notifications, logged, answers, storage });
    expect(notifications.length).toBe(codes.length + 2);
    expect(everything).not.toContain(SECRET);
  });
});
