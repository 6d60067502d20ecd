// Codes are secrets (issue 15, the worker's side): with the vault on, a code is stored sealed and
// never in plain text; a code that arrives while the vault is locked waits for the unlock; codes
// are opened for notifications, copies and revealCodes; the vault's passes over the history; the
// retention sweep. The vault itself is faked here (its code key, and whether it is on, locked or
// unlocked): lib/credentials/vault.ts has its own tests.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openCode, sealCode } from '../../lib/credentials/code-seal';
import { readAllJobs } from '../../lib/jobs/reader';
import { CODE_ALARM } from '../../lib/jobs/engine';
import { DAY_MS, SWEEP_SPACING_MS } from '../../lib/jobs/retention';
import { newJob } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';
import { jobIndexItem, settingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { seedJobs } from './helpers/job-storage';
import { saveProfile } from './helpers/profiles';
import { send, startWorker, stopWorker } from './helpers/worker';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

const PASS = 'correct horse battery';
/** The fake vault: its state, its code key, and a lock that happens just before a code is stored. */
const vault = vi.hoisted(() => ({
  state: 'off' as 'off' | 'locked' | 'unlocked',
  key: new Uint8Array(32) as Uint8Array<ArrayBuffer>,
  lockBeforeNextCode: false,
}));
vi.mock('../../lib/credentials/vault', async (original) => {
  const real = await original<typeof import('../../lib/credentials/vault')>();
  const wrong = { ok: false as const, error: 'wrong-passphrase' as const };
  return {
    ...real,
    codeKey: async () => {
      if (vault.lockBeforeNextCode) {
        vault.lockBeforeNextCode = false;
        vault.state = 'locked';
      }
      return vault.state === 'unlocked' ? vault.key : vault.state;
    },
    credentialsFor: async (...args: Parameters<typeof real.credentialsFor>) => (vault.state === 'locked' ? 'locked' : real.credentialsFor(...args)),
    vaultStatus: async () => vault.state,
    enableVault: async () => {
      vault.state = 'unlocked';
      vault.key = crypto.getRandomValues(new Uint8Array(32));
      return { ok: true };
    },
    unlockVault: async (passphrase: string) => (passphrase === PASS ? ((vault.state = 'unlocked'), { ok: true }) : wrong),
    lockVault: async () => void (vault.state = 'locked'),
    disableVault: async (passphrase: string) => (passphrase === PASS ? ((vault.state = 'off'), { ok: true }) : wrong),
    resetVault: async () => void (vault.state = 'off'),
  };
});

const copied = vi.hoisted(() => [] as string[]);
vi.mock('../../entrypoints/background/clipboard', () => ({ copyText: async (text: string) => void copied.push(text) }));

const SECRET = 'S3cr3t-Never-Shown-0123456789';
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
let fake: FakeDomain;
let notifications: Array<{ id: string; title: string; message: string; buttons?: unknown }>;

// WebCrypto answers in real time, which fake timers do not move: each tick also lets real time pass.
const realTimeout = globalThis.setTimeout;
async function tick(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => realTimeout(resolve, 2));
    await vi.advanceTimersByTimeAsync(0);
  }
}
const request = (text: string) => send<{ ok: boolean; jobId: string }>('requestCode', { text });
const local = async () => fakeBrowser.storage.local.get(null);
/** Every value in storage.local, as one text (the place a plain code must never be found). */
const everythingStored = async () => JSON.stringify(await local());
const byDomain = async (domain: string) => (await readAllJobs()).find((j) => j.domain === domain);

const doneJob = (id: string, extra: Partial<Job> = {}): Job => ({
  ...newJob({ id, domain: `${id}.example.com`, site: 'cn', profileId: 'p1' }, NOW - DAY_MS),
  state: 'done',
  finishedAt: NOW - DAY_MS + 10_000,
  notified: true,
  ...extra,
});

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: NOW });
  stubMissingApis();
  fake = new FakeDomain();
  model.domain = fake;
  vault.state = 'off';
  vault.key = crypto.getRandomValues(new Uint8Array(32));
  vault.lockBeforeNextCode = false;
  copied.length = 0;
  notifications = [];
  const create = fakeBrowser.notifications.create.bind(fakeBrowser.notifications);
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(((id: string, options: { title: string; message: string; buttons?: unknown }) => {
    notifications.push({ id, title: options.title, message: options.message, ...(options.buttons ? { buttons: options.buttons } : {}) });
    return create(id, options as never);
  }) as never);
  await saveProfile({ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID', accessKeySecret: SECRET });
});

afterEach(() => {
  stopWorker();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a code that arrives', () => {
  it('with the vault on: stored sealed, never in plain text; the notification shows it from memory', async () => {
    vault.state = 'unlocked';
    startWorker();
    await request('example.com');
    await send('requestBatch', { texts: ['a-example.com', 'b-example.com', 'c-example.com'] });
    const seen: string[] = [];
    // every value written, at every write, not only the last: no plain code ever reaches storage
    fakeBrowser.storage.local.onChanged.addListener((changes) => void seen.push(JSON.stringify(changes)));
    await tick(10_000);
    const jobs = await readAllJobs();
    expect(jobs).toHaveLength(4);
    for (const job of jobs) {
      expect(job).toMatchObject({ state: 'done', notified: true });
      expect(job.code).toBeUndefined();
      expect(await openCode(job.sealedCode!, job.id, vault.key)).toBe(`CODE-${job.domain}`);
    }
    const stored = (await everythingStored()) + seen.join('\n');
    expect(seen.length).toBeGreaterThan(0);
    for (const job of jobs) expect(stored).not.toContain(`CODE-${job.domain}`);
    // the single job's notification (batches have a summary instead) shows the code
    expect(notifications.filter((n) => n.message === 'CODE-example.com')).toHaveLength(1);
  });

  it('with the vault off: stored in plain text as before', async () => {
    startWorker();
    await request('example.com');
    await tick(10_000);
    expect(await byDomain('example.com')).toMatchObject({ state: 'done', code: 'CODE-example.com' });
    expect((await byDomain('example.com'))?.sealedCode).toBeUndefined();
  });

  it('hidden codes: the notification says it is ready, and a click copies the opened code', async () => {
    vault.state = 'unlocked';
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    startWorker();
    const { jobId } = await request('example.com');
    await tick(10_000);
    expect(notifications).toEqual([expect.objectContaining({ id: jobId, message: 'Code ready: click to copy it.' })]);
    await fakeBrowser.notifications.onClicked.trigger(jobId);
    await tick(0);
    expect(copied).toEqual(['CODE-example.com']);
  });

  it('the vault locks between the request and the answer: the job waits for the unlock, then polls again and seals the code', async () => {
    vault.state = 'unlocked';
    startWorker();
    const { jobId } = await request('example.com');
    await tick(4_000);
    vault.lockBeforeNextCode = true;
    await tick(4_000);
    const held = await byDomain('example.com');
    expect(held).toMatchObject({ state: 'waiting', waitingForUnlock: true });
    expect(await everythingStored()).not.toContain('CODE-example.com');
    // it asks for the passphrase, once, and shows no code
    expect(notifications).toEqual([expect.objectContaining({ id: 'vault-locked', title: 'Unlock to continue' })]);
    const queries = fake.callsOf('query').length;
    await tick(30 * 60_000);
    expect(fake.callsOf('query')).toHaveLength(queries); // nothing is polled while locked
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    await tick(1_000);
    const job = await byDomain('example.com');
    expect(job).toMatchObject({ id: jobId, state: 'done', notified: true });
    expect(job?.waitingForUnlock).toBeFalsy();
    expect(await openCode(job!.sealedCode!, jobId, vault.key)).toBe('CODE-example.com');
    expect(await everythingStored()).not.toContain('CODE-example.com');
    expect(notifications.filter((n) => n.id === jobId)).toEqual([expect.objectContaining({ message: 'CODE-example.com' })]);
  });
});

describe('a notification made later from storage', () => {
  async function seededUnnotified(): Promise<Job> {
    const job = doneJob('j1', { notified: false, sealedCode: await sealCode('SEALED-CODE', 'j1', vault.key) });
    await seedJobs([job]);
    return job;
  }

  it('opens the sealed code while unlocked', async () => {
    vault.state = 'unlocked';
    await seededUnnotified();
    startWorker();
    await tick(1_000);
    expect(notifications).toEqual([expect.objectContaining({ id: 'j1', message: 'SEALED-CODE', buttons: [{ title: 'Copy code' }] })]);
    expect((await readAllJobs())[0]?.notified).toBe(true);
  });

  it.each([
    ['en', 'Code ready: unlock the extension to see it.'],
    ['zh', '转移密码已就绪，解锁扩展后即可查看。'],
  ] as const)('says it is ready and to unlock while locked (%s), with no Copy button', async (language, message) => {
    vault.state = 'locked';
    await settingsItem.setValue({ language });
    await seededUnnotified();
    startWorker();
    await tick(1_000);
    expect(notifications).toEqual([{ id: 'j1', title: expect.any(String), message }]);
  });
});

describe('copies and revealCodes', () => {
  async function seedMixed() {
    await seedJobs([
      doneJob('plain', { code: 'PLAIN-CODE' }),
      doneJob('sealed', { sealedCode: await sealCode('SEALED-CODE', 'sealed', vault.key) }),
      doneJob('moved', { sealedCode: await sealCode('MOVED-CODE', 'another-job', vault.key) }),
      doneJob('removed', { codeRemovedAt: NOW - 5 }),
      doneJob('old', { code: 'OLD-CODE', finishedAt: NOW - 40 * DAY_MS }),
      { ...newJob({ id: 'pending', domain: 'p.example.com', site: 'cn', profileId: 'p1' }, NOW), state: 'waiting', taskNo: 'T' },
    ]);
  }

  it('reveals plain codes as stored and opens sealed ones; jobs without a readable code are left out', async () => {
    vault.state = 'unlocked';
    await seedMixed();
    startWorker();
    const answer = await send('revealCodes', { ids: ['plain', 'sealed', 'moved', 'removed', 'old', 'pending', 'nope'] });
    expect(answer).toEqual({ ok: true, codes: { plain: 'PLAIN-CODE', sealed: 'SEALED-CODE' } });
  });

  it('answers locked when one asked job is sealed and the vault is locked; plain ones alone are revealed', async () => {
    vault.state = 'locked';
    await seedMixed();
    startWorker();
    expect(await send('revealCodes', { ids: ['plain', 'sealed'] })).toEqual({ ok: false, error: 'locked' });
    expect(await send('revealCodes', { ids: ['plain'] })).toEqual({ ok: true, codes: { plain: 'PLAIN-CODE' } });
  });

  it.each([
    ['no ids', { ids: [] }],
    ['too many ids', { ids: Array.from({ length: 501 }, (_, i) => `j${i}`) }],
    ['an empty id', { ids: ['a', ''] }],
    ['a too long id', { ids: ['x'.repeat(101)] }],
    ['a number', { ids: [1] }],
    ['no list', { ids: 'a' }],
    ['nothing', undefined],
  ])('refuses %s', async (_what, data) => {
    startWorker();
    expect(await send('revealCodes', data)).toEqual({ ok: false, error: 'invalid' });
  });

  it('accepts 500 ids, and answers only the extension’s own pages', async () => {
    startWorker();
    expect(await send('revealCodes', { ids: Array.from({ length: 500 }, (_, i) => `j${i}`) })).toEqual({ ok: true, codes: {} });
    expect(await send('revealCodes', { ids: ['a'] }, { id: 'another-extension', url: 'chrome-extension://another-extension/x.html' })).toEqual({ ok: false, error: 'forbidden' });
  });

  it('copyCode opens the sealed code, or says locked', async () => {
    vault.state = 'unlocked';
    await seedMixed();
    startWorker();
    expect(await send('copyCode', { id: 'sealed' })).toEqual({ ok: true });
    expect(copied).toEqual(['SEALED-CODE']);
    expect(await send('copyCode', { id: 'removed' })).toEqual({ ok: false, error: 'not-found' });
    vault.state = 'locked';
    expect(await send('copyCode', { id: 'sealed' })).toEqual({ ok: false, error: 'locked' });
    expect(copied).toEqual(['SEALED-CODE']);
  });

  it('the notification’s Copy button copies while unlocked, and opens the popup on the job while locked', async () => {
    vault.state = 'unlocked';
    await seedMixed();
    startWorker();
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onButtonClicked.trigger('sealed', 0);
    await tick(0);
    expect(copied).toEqual(['SEALED-CODE']);
    expect(tabs).not.toHaveBeenCalled();
    vault.state = 'locked';
    await fakeBrowser.notifications.onButtonClicked.trigger('sealed', 0);
    await tick(0);
    expect(copied).toEqual(['SEALED-CODE']);
    expect(tabs).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/popup.html#job=sealed') });
  });

  it('a click with hidden codes while locked opens the popup on the job (one tab), instead of copying', async () => {
    vault.state = 'locked';
    await settingsItem.setValue({ language: 'en', hideCodesInNotifications: true });
    await seedMixed();
    startWorker();
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create');
    await fakeBrowser.notifications.onClicked.trigger('sealed');
    await tick(0);
    expect(copied).toEqual([]);
    expect(tabs).toHaveBeenCalledTimes(1);
    expect(tabs).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/popup.html#job=sealed') });
  });
});

describe('the vault turned on, off, reset', () => {
  const CODES = Array.from({ length: 120 }, (_, i) => `HISTORY-CODE-${i}`);
  const history = () => CODES.map((code, i) => doneJob(`h${i}`, { code }));

  it('on: every code in the history is sealed; off: opened back to plain', async () => {
    await seedJobs([...history(), doneJob('failed', { state: 'failed', failure: { cause: 'unknown' } })]);
    startWorker();
    expect(await send('vaultEnable', { passphrase: PASS })).toEqual({ ok: true });
    const stored = await everythingStored();
    for (const code of CODES) expect(stored).not.toContain(code);
    const sealed = await readAllJobs();
    expect(sealed.filter((j) => j.sealedCode)).toHaveLength(CODES.length);
    expect((await jobIndexItem.getValue())?.codePass).toBeUndefined();

    // idempotent: a second pass changes nothing
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    const engine = (await import('../../entrypoints/background/engine')).createWorkerEngine();
    await engine.sealCodes();
    expect(writes.mock.calls.flatMap((c) => Object.keys(c[0] as object)).filter((k) => k.startsWith('job:'))).toEqual([]);
    writes.mockRestore();

    // turned off while locked: the passphrase unlocks it first, so the codes still open
    vault.state = 'locked';
    expect(await send('vaultDisable', { passphrase: 'wrong one here' })).toEqual({ ok: false, error: 'wrong-passphrase' });
    expect((await readAllJobs()).filter((j) => j.sealedCode)).toHaveLength(CODES.length);
    expect(await send('vaultDisable', { passphrase: PASS })).toEqual({ ok: true });
    const opened = await readAllJobs();
    expect(opened.filter((j) => j.sealedCode)).toEqual([]);
    expect(new Set(opened.flatMap((j) => (j.code ? [j.code] : [])))).toEqual(new Set(CODES));
  });

  it('reset: the sealed codes are dropped, the jobs stay and say when', async () => {
    vault.state = 'unlocked';
    await seedJobs(await Promise.all(history().map(async (j) => ({ ...j, code: undefined, sealedCode: await sealCode(j.code!, j.id, vault.key) }))));
    startWorker();
    await tick(5_000);
    vault.state = 'locked';
    expect(await send('vaultReset', undefined)).toEqual({ ok: true });
    const jobs = await readAllJobs();
    expect(jobs).toHaveLength(CODES.length);
    for (const job of jobs) {
      expect(job.sealedCode).toBeUndefined();
      expect(job.code).toBeUndefined();
      expect(job.codeRemovedAt).toBe(Date.now());
    }
  });

  it('a pass a stopped worker left half-way is finished at the next start (sealing waits for an unlock)', async () => {
    await seedJobs(history());
    await jobIndexItem.setValue({ ...(await jobIndexItem.getValue())!, codePass: 'seal' });
    vault.state = 'locked';
    startWorker();
    await tick(1_000);
    expect((await readAllJobs()).filter((j) => j.code)).toHaveLength(CODES.length); // locked: nothing can be sealed yet
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await readAllJobs()).filter((j) => j.code)).toEqual([]), { timeout: 5_000, interval: 20 });
    expect((await jobIndexItem.getValue())?.codePass).toBeUndefined();
  });

  it('a code that arrives while the history is being sealed ends sealed too', async () => {
    fake.durationMs = 1_000;
    await seedJobs(history());
    startWorker();
    await request('example.com');
    await tick(1_500);
    // the poll that brings the code and the pass run together
    const enabling = send('vaultEnable', { passphrase: PASS });
    await tick(5_000);
    expect(await enabling).toEqual({ ok: true });
    await tick(1_000);
    const job = await byDomain('example.com');
    expect(job?.state).toBe('done');
    expect(job?.code).toBeUndefined();
    expect(await everythingStored()).not.toContain('CODE-example.com');
  });
});

describe('retention', () => {
  const at = (daysAgo: number) => NOW - daysAgo * DAY_MS;

  it('a sweep at start removes the codes past their days, sets the bound, and the alarm removes the next one when due', async () => {
    await seedJobs([
      doneJob('a', { code: 'A', finishedAt: at(31) }),
      doneJob('b', { sealedCode: { iv: 'aXYxMjM0NTY3ODkw', data: 'ZGF0YQ==' }, finishedAt: at(30) }),
      doneJob('c', { code: 'C', finishedAt: at(29) }),
      doneJob('d', { code: 'D', finishedAt: at(1) }),
    ]);
    startWorker();
    await tick(1_000);
    const byId = new Map((await readAllJobs()).map((j) => [j.id, j]));
    expect(byId.get('a')).toMatchObject({ codeRemovedAt: NOW + 0 });
    expect(byId.get('a')?.code).toBeUndefined();
    expect(byId.get('b')?.sealedCode).toBeUndefined();
    expect(byId.get('c')?.code).toBe('C');
    expect(byId.get('d')?.code).toBe('D');
    expect((await jobIndexItem.getValue())?.oldestCodeAt).toBe(at(29));
    // c is due a day later: the alarm is set for then
    expect((await fakeBrowser.alarms.get(CODE_ALARM))?.scheduledTime).toBe(at(29) + 30 * DAY_MS);

    await tick(DAY_MS);
    await fakeBrowser.alarms.onAlarm.trigger((await fakeBrowser.alarms.get(CODE_ALARM))!);
    await tick(0);
    const later = new Map((await readAllJobs()).map((j) => [j.id, j]));
    expect(later.get('c')?.code).toBeUndefined();
    expect(later.get('d')?.code).toBe('D');
    expect((await jobIndexItem.getValue())?.oldestCodeAt).toBe(at(1));
  });

  it('with 2,000 jobs and nothing due, a sweep reads no job', async () => {
    await seedJobs(Array.from({ length: 2_000 }, (_, i) => doneJob(`j${i}`, { code: `C${i}`, finishedAt: at(2) })));
    await jobIndexItem.setValue({ ...(await jobIndexItem.getValue())!, oldestCodeAt: at(2) });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    startWorker();
    await tick(1_000);
    const engine = (await import('../../entrypoints/background/engine')).createWorkerEngine();
    await engine.sweepCodes();
    const keys = get.mock.calls.flatMap((c) => (c[0] === null ? ['*'] : Array.isArray(c[0]) ? c[0] : [String(c[0])]));
    expect(keys.filter((k) => k === '*' || k.startsWith('job:'))).toEqual([]);
  });

  it('sweeps no more than once an hour, and a change of the setting sweeps at once', async () => {
    await seedJobs([doneJob('a', { code: 'A', finishedAt: at(10) }), doneJob('b', { code: 'B', finishedAt: at(5) })]);
    startWorker();
    await tick(1_000);
    expect((await readAllJobs()).every((j) => j.code)).toBe(true);
    await settingsItem.setValue({ language: 'auto', codeRetentionDays: 7 });
    await tick(1_000);
    const now = new Map((await readAllJobs()).map((j) => [j.id, j]));
    expect(now.get('a')?.code).toBeUndefined();
    expect(now.get('b')?.code).toBe('B');
    await settingsItem.setValue({ language: 'auto', codeRetentionDays: 1 });
    await tick(1_000);
    expect((await readAllJobs()).find((j) => j.id === 'b')?.code).toBeUndefined();
  });

  it('0 days keeps every code and sets no alarm', async () => {
    await settingsItem.setValue({ language: 'auto', codeRetentionDays: 0 });
    await seedJobs([doneJob('a', { code: 'A', finishedAt: at(400) })]);
    startWorker();
    await tick(1_000);
    expect((await readAllJobs())[0]?.code).toBe('A');
    expect(await fakeBrowser.alarms.get(CODE_ALARM)).toBeUndefined();
  });

  it('a new code sets the alarm for its time (and is kept until then)', async () => {
    startWorker();
    await request('example.com');
    await tick(10_000);
    const job = await byDomain('example.com');
    expect(job?.code).toBe('CODE-example.com');
    const alarm = await fakeBrowser.alarms.get(CODE_ALARM);
    expect(alarm?.scheduledTime).toBe(job!.finishedAt! + 30 * DAY_MS);
    expect(alarm!.scheduledTime - NOW).toBeGreaterThan(SWEEP_SPACING_MS);
  });
});

describe('a pass that cannot run yet', () => {
  it('the vault locked right after it was turned on: the pass stays noted and runs at the unlock', async () => {
    await seedJobs([doneJob('a', { code: 'PLAIN-A' })]);
    startWorker();
    // the fake vault turns on unlocked; here it locks before the pass reads the code key
    vault.lockBeforeNextCode = true;
    expect(await send('vaultEnable', { passphrase: PASS })).toEqual({ ok: true });
    expect((await readAllJobs())[0]?.code).toBe('PLAIN-A');
    expect((await jobIndexItem.getValue())?.codePass).toBe('seal');
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await readAllJobs())[0]?.sealedCode).toBeDefined(), { timeout: 5_000, interval: 20 });
    expect(await everythingStored()).not.toContain('PLAIN-A');
    expect((await jobIndexItem.getValue())?.codePass).toBeUndefined();
  });
});
