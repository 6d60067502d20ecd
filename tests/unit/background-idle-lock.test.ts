// The vault's lock on idle or screen lock (VaultSettings.lockOnIdle, default off), through the
// real background entry point over WXT's fake browser (chrome.idle stubbed in helpers/browser-stubs).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { idleSeconds, locksOn } from '../../entrypoints/background/idle-lock';
import { vaultSettingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import type { IdleStub } from './helpers/browser-stubs';
import { send, startWorker, stopWorker } from './helpers/worker';

const PASSPHRASE = 'correct horse battery staple';
const idle = () => (fakeBrowser as unknown as { idle: IdleStub }).idle;
const status = async () => (await send<{ status: string }>('vaultStatus', undefined)).status;

describe('the pure rules', () => {
  it.each([
    // [auto-lock minutes, detection interval in seconds]
    [15, 900],
    [1, 60],
    [0, 300], // no auto-lock time: 5 minutes
    [0.25, 60], // never under a minute
    [24 * 60, 86_400],
  ])('auto-lock %s min: idle after %s s', (autoLockMinutes, seconds) => {
    expect(idleSeconds({ autoLockMinutes })).toBe(seconds);
  });

  it.each([
    // [state, lockOnIdle, locks]
    ['locked', true, true],
    ['idle', true, true],
    ['active', true, false],
    ['locked', false, false],
    ['idle', undefined, false],
    ['something-new', true, false],
  ] as const)('state %s with lockOnIdle %s: locks %s', (state, lockOnIdle, locks) => {
    expect(locksOn(state, { autoLockMinutes: 15, ...(lockOnIdle === undefined ? {} : { lockOnIdle }) })).toBe(locks);
  });
});

describe('lock on idle', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    stubMissingApis();
    startWorker();
  });
  afterEach(() => stopWorker());

  it('is off by default, and vaultStatus says so', async () => {
    expect(await send('vaultStatus', undefined)).toEqual({ ok: true, status: 'off', autoLockMinutes: 15, lockOnIdle: false });
    expect(await send('vaultEnable', { passphrase: PASSPHRASE })).toEqual({ ok: true });
    await idle().onStateChanged.trigger('locked');
    expect(await status()).toBe('unlocked');
  });

  it.each(['locked', 'idle'])('on: the vault locks when the system reports %s', async (state) => {
    expect(await send('vaultEnable', { passphrase: PASSPHRASE })).toEqual({ ok: true });
    expect(await send('vaultSetLockOnIdle', { on: true })).toEqual({ ok: true });
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'unlocked', lockOnIdle: true });
    await idle().onStateChanged.trigger('active');
    expect(await status()).toBe('unlocked');
    await idle().onStateChanged.trigger(state);
    expect(await status()).toBe('locked');
    expect(await fakeBrowser.storage.session.get('vault')).toEqual({});
  });

  it('turned off again: no lock', async () => {
    await send('vaultEnable', { passphrase: PASSPHRASE });
    await send('vaultSetLockOnIdle', { on: true });
    await send('vaultSetLockOnIdle', { on: false });
    await idle().onStateChanged.trigger('locked');
    expect(await status()).toBe('unlocked');
  });

  it('with the vault off, an idle system changes nothing', async () => {
    await send('vaultSetLockOnIdle', { on: true });
    await idle().onStateChanged.trigger('locked');
    expect(await status()).toBe('off');
  });

  it('the detection interval follows the auto-lock time; changing that time keeps the option', async () => {
    await waitForInterval(900);
    await send('vaultSetLockOnIdle', { on: true });
    expect(await send('vaultSetAutoLock', { minutes: 5 })).toEqual({ ok: true });
    expect(await vaultSettingsItem.getValue()).toEqual({ autoLockMinutes: 5, lockOnIdle: true });
    await waitForInterval(300);
    await send('vaultSetAutoLock', { minutes: 0 });
    await waitForInterval(300);
  });

  it.each([
    ['no data', undefined],
    ['on missing', {}],
    ['on as a string', { on: 'true' }],
    ['on as a number', { on: 1 }],
  ])('vaultSetLockOnIdle refuses %s as invalid', async (_name, data) => {
    expect(await send('vaultSetLockOnIdle', data)).toEqual({ ok: false, error: 'invalid' });
    expect((await vaultSettingsItem.getValue()).lockOnIdle).toBeUndefined();
  });

  it('refuses vaultSetLockOnIdle from a web page', async () => {
    expect(await send('vaultSetLockOnIdle', { on: true }, { id: 'other', url: 'https://evil.example/' })).toEqual({ ok: false, error: 'forbidden' });
    expect((await vaultSettingsItem.getValue()).lockOnIdle).toBeUndefined();
  });
});

/** The interval is set from a storage watch: wait until it has arrived. */
async function waitForInterval(seconds: number): Promise<void> {
  await vi.waitFor(() => expect(idle().interval).toBe(seconds));
}
