// The lock switch asks for the passphrase again while the vault is on: the worker checks it before
// anything is sent (counted on a scripted Domain API, as in background-readiness-handlers.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isTransferLockPayload } from '../../lib/protocol/index';
import { stubMissingApis } from './helpers/browser-stubs';
import { saveProfile } from './helpers/profiles';
import { send, startWorker, stopWorker } from './helpers/worker';

const fake = vi.hoisted(() => ({ calls: [] as Array<{ action: string; args: unknown[] }> }));

vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => {
    const act =
      (action: string, answer: unknown) =>
      async (...args: unknown[]) => {
        fake.calls.push({ action, args });
        return answer;
      };
    return {
      requestTransferCode: act('requestTransferCode', 'T-code'),
      queryTask: act('queryTask', { status: 'waiting' }),
      queryDomain: act('queryDomain', {}),
      queryTransferOut: act('queryTransferOut', {}),
      setTransferLock: act('setTransferLock', 'T-lock-1'),
    };
  },
}));

const PASSPHRASE = 'correct horse battery staple';
const OK = { ok: true, taskNo: 'T-lock-1' };
const WRONG = { ok: false, error: 'wrong-passphrase' };
const lockCalls = () => fake.calls.filter((c) => c.action === 'setTransferLock');

beforeEach(async () => {
  fakeBrowser.reset();
  stubMissingApis();
  fake.calls.length = 0;
  await saveProfile({ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID', accessKeySecret: 'lock-Secret-value-42' });
  startWorker();
});
afterEach(() => stopWorker());

describe('with the vault on (unlocked)', () => {
  beforeEach(async () => {
    expect(await send('vaultEnable', { passphrase: PASSPHRASE })).toEqual({ ok: true });
  });

  it.each([
    ['no passphrase', {}],
    ['an empty one', { passphrase: '' }],
    ['a wrong one', { passphrase: 'correct horse battery stapler' }],
    ['the right one in another case', { passphrase: PASSPHRASE.toUpperCase() }],
  ])('%s: wrong-passphrase, and nothing is sent', async (_name, extra) => {
    expect(await send('setTransferLock', { domain: 'example.com', on: false, ...extra })).toEqual(WRONG);
    expect(fake.calls).toEqual([]);
    // the vault stays unlocked: a wrong passphrase here locks nothing
    expect(await send('vaultStatus', undefined)).toMatchObject({ status: 'unlocked' });
  });

  it('the right passphrase: the lock-off task is sent, once', async () => {
    expect(await send('setTransferLock', { domain: 'example.com', on: false, passphrase: PASSPHRASE })).toEqual(OK);
    expect(lockCalls().map((c) => c.args)).toEqual([['example.com', false, 'en']]);
  });

  it('the passphrase never comes back in an answer', async () => {
    const answers = [
      await send('setTransferLock', { domain: 'example.com', on: false, passphrase: 'wrong-Passphrase-echo' }),
      await send('setTransferLock', { domain: 'example.com', on: false, passphrase: PASSPHRASE }),
    ];
    expect(JSON.stringify(answers)).not.toMatch(/wrong-Passphrase-echo|correct horse/);
  });
});

describe('with the vault locked', () => {
  it('locked, whatever the passphrase, and nothing is sent (the page unlocks first)', async () => {
    await send('vaultEnable', { passphrase: PASSPHRASE });
    await send('vaultLock', undefined);
    expect(await send('setTransferLock', { domain: 'example.com', on: false })).toEqual({ ok: false, error: 'locked' });
    expect(await send('setTransferLock', { domain: 'example.com', on: false, passphrase: 'nope' })).toEqual({ ok: false, error: 'locked' });
    expect(fake.calls).toEqual([]);
  });
});

describe('with the vault off', () => {
  it('no passphrase is needed', async () => {
    expect(await send('setTransferLock', { domain: 'example.com', on: false })).toEqual(OK);
    expect(lockCalls()).toHaveLength(1);
  });
});

describe('the payload', () => {
  it.each([
    [{ domain: 'example.com', on: false }, true],
    [{ domain: 'example.com', on: false, passphrase: PASSPHRASE }, true],
    [{ domain: 'example.com', on: false, passphrase: '' }, true], // shape only: the worker then answers wrong-passphrase
    [{ domain: 'example.com', on: false, passphrase: 42 }, false],
    [{ domain: 'example.com', on: false, passphrase: 'x'.repeat(1_025) }, false],
    [{ domain: 'example.com', on: true, passphrase: PASSPHRASE }, false],
  ])('%j valid: %s', (data, valid) => {
    expect(isTransferLockPayload(data)).toBe(valid);
  });
});
