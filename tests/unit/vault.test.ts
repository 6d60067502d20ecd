import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { credentialsFor, vaultItem } from '../../lib/credentials/vault';
import { profilesItem } from '../../lib/credentials/profiles';
import { secretsItem } from '../../lib/storage';
import { saveProfile } from './helpers/profiles';
import { seal, VAULT_ITERATIONS } from '../../lib/credentials/vault-crypto';
import { readAllJobs as getJobs } from '../../lib/jobs/reader';
import { LOCKED_NOTICE_ID } from '../../entrypoints/background/notifications';
import { stubMissingApis } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { send, startWorker, stopWorker } from './helpers/worker';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: (config: { credentials: { accessKeySecret: string } }) => {
    signedWith.push(config.credentials.accessKeySecret);
    return model.domain.api();
  },
}));
const signedWith: string[] = [];

const SECRET = 'vault-Secret-value-0987654321';
const TOKEN = 'sts-Token-value-1234567';
const PASS = 'correct horse battery';
let fake: FakeDomain;

const local = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));
const session = async () => JSON.stringify(await fakeBrowser.storage.session.get(null));

// Each use opens the sealed record with WebCrypto, which answers in real time, and fake timers do
// not move real time: the fake clock goes on in steps, each letting a little real time pass.
const realTimeout = globalThis.setTimeout;
async function advance(ms: number, step = 500): Promise<void> {
  for (let done = 0; done < ms; done += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - done));
    await new Promise((resolve) => realTimeout(resolve, 2));
  }
}

/** Moves the fake clock on in small steps until the check passes (a loaded machine's WebCrypto is slow), at most `maxMs` of fake time. */
async function advanceUntil(check: () => Promise<boolean>, maxMs: number, step = 50): Promise<void> {
  for (let done = 0; done < maxMs && !(await check()); done += step) {
    await vi.advanceTimersByTimeAsync(step);
    await new Promise((resolve) => realTimeout(resolve, 5));
  }
}
type Result = { ok: boolean; error?: string };

beforeEach(async () => {
  fakeBrowser.reset();
  stubMissingApis();
  fake = new FakeDomain();
  model.domain = fake;
  signedWith.length = 0;
  await saveProfile({ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID', accessKeySecret: SECRET });
  await saveProfile({ id: 'p2', name: 'sts', site: 'intl', accessKeyId: 'STS.x', accessKeySecret: 'other-secret-xyz', securityToken: TOKEN });
  await fakeBrowser.storage.local.set({ profiles: { ...(await profilesItem.getValue()), activeId: 'p1' } });
  startWorker();
});
afterEach(() => {
  stopWorker();
  vi.useRealTimers();
});

describe('vault', () => {
  it('after turning it on, storage.local holds neither the secrets nor the passphrase', async () => {
    expect(await local()).toContain(SECRET);
    expect(await send<Result>('vaultEnable', { passphrase: PASS })).toEqual({ ok: true });
    const dump = await local();
    for (const s of [SECRET, TOKEN, 'other-secret-xyz', PASS]) expect(dump).not.toContain(s);
    expect((await vaultItem.getValue())?.kdf.iterations).toBe(VAULT_ITERATIONS);
    expect(await send('vaultStatus', undefined)).toMatchObject({ ok: true, status: 'unlocked', autoLockMinutes: 15 });
    // storage.session holds the keys, never the secrets: each use opens the sealed record
    const memory = await session();
    for (const s of [SECRET, TOKEN, 'other-secret-xyz', PASS]) expect(memory).not.toContain(s);
    expect(memory).toContain('codeKey');
    // the secrets still sign while unlocked
    const [p1, p2] = (await profilesItem.getValue()).profiles;
    expect(await credentialsFor(p1)).toEqual({ accessKeyId: 'AKID', accessKeySecret: SECRET });
    expect(await credentialsFor(p2)).toEqual({ accessKeyId: 'STS.x', accessKeySecret: 'other-secret-xyz', securityToken: TOKEN });
  });

  it('a passphrase shorter than 8 characters is refused', async () => {
    expect(await send('vaultEnable', { passphrase: 'short' })).toEqual({ ok: false, error: 'weak-passphrase' });
    expect(await vaultItem.getValue()).toBeNull();
  });

  it('unlock -> sign -> lock -> the next job waits and notifies; unlock -> it continues', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await send('vaultEnable', { passphrase: PASS });
    await send('requestCode', { text: 'first-example.com' });
    // Done, and the transfer-out read that follows the code has been answered.
    await advanceUntil(async () => (await getJobs())[0]?.transferOut !== undefined, 10_000, 200);
    expect((await getJobs())[0]).toMatchObject({ state: 'done', transferOut: { maskedEmail: 'o•••@first-example.com' } });
    expect(signedWith).toContain(SECRET);

    expect(await send('vaultLock', undefined)).toEqual({ ok: true });
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'locked' });
    const calls = fake.calls.length;
    await send('requestCode', { text: 'second-example.com' });
    await advance(60_000, 5_000);
    const waiting = (await getJobs()).find((j) => j.domain === 'second-example.com')!;
    expect(waiting).toMatchObject({ state: 'submitting', waitingForUnlock: true });
    expect(fake.calls.length).toBe(calls); // no call without the key
    expect(fakeBrowser.notifications.getAllCreateOptions()[LOCKED_NOTICE_ID]).toMatchObject({ title: 'Unlock to continue' });

    expect(await send('vaultUnlock', { passphrase: 'wrong passphrase' })).toEqual({ ok: false, error: 'wrong-passphrase' });
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    // The resume follows the unlock at once: within 2 s of fake time however slow the machine is.
    await advanceUntil(async () => (await getJobs()).some((j) => j.domain === 'second-example.com' && j.state === 'waiting'), 2_000);
    const resumed = (await getJobs()).find((j) => j.domain === 'second-example.com')!;
    expect(resumed).toMatchObject({ state: 'waiting', waitingForUnlock: false });
    expect(fakeBrowser.notifications.getAllCreateOptions()[LOCKED_NOTICE_ID]).toBeUndefined();
  });

  it('a wrong passphrase changes nothing', async () => {
    await send('vaultEnable', { passphrase: PASS });
    await send('vaultLock', undefined);
    const before = await local();
    for (const type of ['vaultUnlock', 'vaultDisable']) {
      expect(await send(type, { passphrase: 'not the passphrase' })).toEqual({ ok: false, error: 'wrong-passphrase' });
    }
    expect(await send('vaultChangePassphrase', { oldPassphrase: 'nope nope', newPassphrase: 'new passphrase 1' })).toEqual({ ok: false, error: 'wrong-passphrase' });
    expect(await local()).toBe(before);
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'locked' });
  });

  it('a passphrase change round-trips', async () => {
    await send('vaultEnable', { passphrase: PASS });
    const oldRecord = await vaultItem.getValue();
    expect(await send('vaultChangePassphrase', { oldPassphrase: PASS, newPassphrase: 'a brand new phrase' })).toEqual({ ok: true });
    expect((await vaultItem.getValue())?.kdf.salt).not.toBe(oldRecord?.kdf.salt);
    await send('vaultLock', undefined);
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: false, error: 'wrong-passphrase' });
    expect(await send('vaultUnlock', { passphrase: 'a brand new phrase' })).toEqual({ ok: true });
    expect(await credentialsFor((await profilesItem.getValue()).profiles[0])).toMatchObject({ accessKeySecret: SECRET });
  });

  it('a record sealed with an older, lower iteration count is upgraded on unlock', async () => {
    await send('vaultEnable', { passphrase: PASS });
    const secrets = { p1: { accessKeySecret: SECRET } };
    await vaultItem.setValue(await seal(JSON.stringify(secrets), PASS, 100_000));
    await send('vaultLock', undefined);
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    expect((await vaultItem.getValue())?.kdf.iterations).toBe(VAULT_ITERATIONS);
    await send('vaultLock', undefined);
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    expect(await credentialsFor((await profilesItem.getValue()).profiles[0])).toMatchObject({ accessKeySecret: SECRET });
  });

  it('turning it off asks for the passphrase and puts the secrets back', async () => {
    await send('vaultEnable', { passphrase: PASS });
    expect(await send('vaultDisable', { passphrase: PASS })).toEqual({ ok: true });
    expect(await vaultItem.getValue()).toBeNull();
    // Back in local:secrets, out of the profiles that pages read.
    expect(await secretsItem.getValue()).toEqual({ p1: { accessKeySecret: SECRET }, p2: { accessKeySecret: 'other-secret-xyz', securityToken: TOKEN } });
    const [p1, p2] = (await profilesItem.getValue()).profiles;
    expect(p1).toMatchObject({ hasSecret: true, sts: false });
    expect(p2).toMatchObject({ hasSecret: true, sts: true });
    expect(JSON.stringify(await profilesItem.getValue())).not.toContain(SECRET);
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'off' });
  });

  it('a new secret saved while the vault is on is sealed, and refused while locked', async () => {
    await send('vaultEnable', { passphrase: PASS });
    expect(await send('storeSecrets', { profileId: 'p1', accessKeySecret: 'brand-new-secret-77' })).toEqual({ ok: true });
    expect(await local()).not.toContain('brand-new-secret-77');
    expect(await credentialsFor((await profilesItem.getValue()).profiles[0])).toMatchObject({ accessKeySecret: 'brand-new-secret-77' });
    await send('vaultLock', undefined);
    expect(await send('storeSecrets', { profileId: 'p1', accessKeySecret: 'x-secret' })).toEqual({ ok: false, error: 'locked' });
    expect(await send('storeSecrets', { profileId: 'gone', accessKeySecret: 'x-secret' })).toEqual({ ok: false, error: 'no-profile' });
    expect(await send('vaultUnlock', { passphrase: PASS })).toEqual({ ok: true });
    expect(await credentialsFor((await profilesItem.getValue()).profiles[0])).toMatchObject({ accessKeySecret: 'brand-new-secret-77' });
  });

  it('a deleted profile\'s secret leaves the vault: at once when unlocked, else at the next unlock', async () => {
    await send('vaultEnable', { passphrase: PASS });
    const book = await profilesItem.getValue();
    await profilesItem.setValue({ ...book, profiles: book.profiles.filter((p) => p.id !== 'p2') });
    expect(await send('forgetDeletedSecrets', undefined)).toEqual({ ok: true });
    const p2 = (book.profiles.find((p) => p.id === 'p2'))!;
    expect(await credentialsFor(p2)).toBeUndefined();
    expect(await credentialsFor(book.profiles.find((p) => p.id === 'p1')!)).toMatchObject({ accessKeySecret: SECRET });
    // the sealed record no longer holds it either: turning the vault off restores only p1
    await send('vaultLock', undefined);
    await profilesItem.setValue({ ...book, profiles: book.profiles.filter((p) => p.id === 'p1').map((p) => ({ ...p })) });
    expect(await send('vaultDisable', { passphrase: PASS })).toEqual({ ok: true });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('other-secret-xyz');
  });

  it('a forgotten passphrase can be reset: the sealed secrets are gone, waiting jobs end clearly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await send('vaultEnable', { passphrase: PASS });
    await send('vaultLock', undefined);
    await send('requestCode', { text: 'reset-example.com' });
    await advance(5_000);
    expect((await getJobs())[0]).toMatchObject({ waitingForUnlock: true });
    expect(await send('vaultReset', undefined)).toEqual({ ok: true });
    await advance(1_000);
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'off' });
    expect((await getJobs())[0]).toMatchObject({ state: 'failed', failure: { cause: 'no-credentials' } });
    expect(await local()).not.toContain(SECRET);
    expect(fake.calls).toEqual([]);
  });

  it('locks itself after the chosen idle time', async () => {
    await send('vaultEnable', { passphrase: PASS });
    expect(await send('vaultSetAutoLock', { minutes: 5 })).toEqual({ ok: true });
    expect(await fakeBrowser.alarms.get('vault-auto-lock')).toBeDefined();
    const session = await fakeBrowser.storage.session.get('vault');
    await fakeBrowser.storage.session.set({ vault: { ...(session.vault as object), lastUsedAt: Date.now() - 6 * 60_000 }, vaultActivity: Date.now() - 6 * 60_000 });
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'vault-auto-lock', scheduledTime: Date.now(), persistAcrossSessions: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'locked' });
    expect(await fakeBrowser.alarms.get('vault-auto-lock')).toBeUndefined();
  });

  describe('auto-lock means locked', () => {
    /** When the vault counts as last used (undefined: locked). */
    const unlockedAt = async () => {
      const { vault, vaultActivity } = await fakeBrowser.storage.session.get(['vault', 'vaultActivity']);
      const open = vault as { lastUsedAt: number } | undefined;
      return open ? Math.max(open.lastUsedAt, typeof vaultActivity === 'number' ? vaultActivity : 0) : undefined;
    };

    it('the deadline is checked at the moment of use, before the alarm comes', async () => {
      await send('vaultEnable', { passphrase: PASS });
      await send('vaultSetAutoLock', { minutes: 5 });
      const session = await fakeBrowser.storage.session.get('vault');
      await fakeBrowser.storage.session.set({ vault: { ...(session.vault as object), lastUsedAt: Date.now() - 6 * 60_000 }, vaultActivity: Date.now() - 6 * 60_000 });
      const p1 = (await profilesItem.getValue()).profiles.find((p) => p.id === 'p1')!;
      expect(await credentialsFor(p1)).toBe('locked');
      expect((await fakeBrowser.storage.session.get('vault')).vault).toBeUndefined();
    });

    it('background polling is not use: a long wait locks the vault on time; a page message is use', async () => {
      vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 5, 0, 0) });
      fake.durationMs = 20 * 60_000;
      await send('vaultEnable', { passphrase: PASS });
      await send('vaultUnlock', { passphrase: PASS });
      await send('vaultSetAutoLock', { minutes: 5 });
      await send('requestCode', { text: 'example.com' });
      const start = Date.now();
      await advance(4 * 60_000, 2_000);
      expect(fake.callsOf('query').length).toBeGreaterThan(10); // it has been polling all along
      expect(await unlockedAt()).toBeLessThanOrEqual(start + 1_000); // and that did not count as use
      // a page opened at 4 min: the time starts again
      await send('listJobs', undefined);
      await advance(10, 10);
      expect(await unlockedAt()).toBeGreaterThanOrEqual(start + 4 * 60_000);
      await advance(4 * 60_000, 2_000); // 8 min: 4 min after the page, still open
      expect(await unlockedAt()).toBeDefined();
      await advance(3 * 60_000, 2_000); // 11 min: 7 min after the page, with polls only
      expect(await unlockedAt()).toBeUndefined();
      expect((await getJobs())[0]).toMatchObject({ state: 'waiting', waitingForUnlock: true });
    });
  });

  it.each([
    ['vaultUnlock', { passphrase: '' }],
    ['vaultUnlock', { passphrase: 42 }],
    ['vaultEnable', {}],
    ['vaultChangePassphrase', { oldPassphrase: 'x' }],
    ['vaultSetAutoLock', { minutes: -1 }],
    ['vaultSetAutoLock', { minutes: 1.5 }],
    ['storeSecrets', { profileId: 'p1' }],
    ['storeSecrets', { profileId: 'p1', accessKeySecret: 'x'.repeat(10_000) }],
  ])('refuses a malformed %s payload (case %#)', async (type, data) => {
    expect(await send(type, data)).toEqual({ ok: false, error: 'invalid' });
  });

  it('refuses vault messages from outside the extension', async () => {
    const web = { id: fakeBrowser.runtime.id, url: 'https://example.com/' };
    for (const type of ['vaultStatus', 'vaultUnlock', 'vaultLock', 'storeSecrets']) {
      expect(await send(type, { passphrase: PASS }, web)).toEqual({ ok: false, error: 'forbidden' });
    }
  });
});
