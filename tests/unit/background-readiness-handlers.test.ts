// The background's checkReadiness / setTransferLock messages, driven through the real background
// entry point over WXT's fake browser, with the Domain API replaced by a scripted fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, NetworkError } from '../../lib/aliyun/client';
import { describeError } from '../../lib/i18n/worker-words';
import { profilesItem } from '../../lib/credentials/profiles';
import { saveProfile } from './helpers/profiles';
import { readFacts } from '../../lib/domain/facts';
import type { FactsAnswer, TransferLockResult } from '../../lib/protocol/index';
import { assessReadiness } from '../../lib/domain/readiness';
import { settingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { send, startWorker, stopWorker } from './helpers/worker';

const DAY = 86_400_000;

interface Call {
  action: string;
  args: unknown[];
}

const fake = vi.hoisted(() => ({
  calls: [] as Array<{ action: string; args: unknown[] }>,
  configs: [] as Array<{ credentials: { accessKeyId: string; accessKeySecret: string }; site: string }>,
  info: undefined as unknown,
  transferOut: undefined as unknown,
  errors: {} as Record<string, Error>,
}));

vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: (config: (typeof fake.configs)[number]) => {
    fake.configs.push(config);
    const act =
      (action: string, answer: () => unknown) =>
      async (...args: unknown[]) => {
        fake.calls.push({ action, args });
        const error = fake.errors[action];
        if (error) throw error;
        return answer();
      };
    return {
      requestTransferCode: act('requestTransferCode', () => 'T-code'),
      queryTask: act('queryTask', () => ({ status: 'waiting' })),
      queryDomain: act('queryDomain', () => fake.info),
      queryTransferOut: act('queryTransferOut', () => fake.transferOut),
      setTransferLock: act('setTransferLock', () => 'T-lock-1'),
    };
  },
}));

const SECRET = 'readiness-Secret-value-123';
/** QueryDomainByDomainName's answer for a locked domain. */
const lockedInfo = () => ({
  DomainName: 'example.com',
  RegistrationDateLong: Date.now() - 800 * DAY,
  ExpirationDateLong: Date.now() + 200 * DAY,
  TransferProhibitionLock: 'OPEN',
  DomainStatus: '3',
  TransferOutStatus: 'NORMAL',
});

beforeEach(async () => {
  fakeBrowser.reset();
  stubMissingApis();
  fake.calls.length = 0;
  fake.configs.length = 0;
  fake.errors = {};
  fake.info = lockedInfo();
  fake.transferOut = { RequestId: 'R' };
  await saveProfile({ id: 'p1', name: 'default', site: 'intl', accessKeyId: 'AKID', accessKeySecret: SECRET });
  await fakeBrowser.storage.local.set({ profiles: { ...(await profilesItem.getValue()), activeId: 'p1' } });
  startWorker();
});
afterEach(() => {
  stopWorker();
  vi.useRealTimers();
});

/** What the page makes of the facts. */
function judge(r: FactsAnswer) {
  if (!r.ok) throw new Error('expected facts');
  const facts = readFacts(r, 'example.com');
  return assessReadiness(facts.info, facts.transferOut, facts.checkedAt);
}

const calls = (action: string): Call[] => fake.calls.filter((c) => c.action === action);

describe('checkReadiness', () => {
  it('queries the domain with the active profile and answers both answers as they came', async () => {
    const r = await send<FactsAnswer>('checkReadiness', { domain: 'example.com' });
    expect(r).toMatchObject({ ok: true, domainAnswer: fake.info, transferOutAnswer: fake.transferOut });
    if (!r.ok) throw new Error('expected ok');
    expect(judge(r).verdict).toBe('blocker');
    expect(judge(r).checks.find((c) => c.id === 'lock')).toEqual({ id: 'lock', verdict: 'blocker', reason: 'locked', fix: 'unlock' });
    expect(judge(r).checks.find((c) => c.id === 'transfer-out')).toMatchObject({ verdict: 'ok', reason: 'none' });
    expect(Math.abs(r.checkedAt - Date.now())).toBeLessThan(5000);
    expect(r).not.toHaveProperty('readiness'); // read and judged by the page, not the service worker
    expect(r).not.toHaveProperty('transferOutError');
    expect(calls('queryDomain')).toEqual([{ action: 'queryDomain', args: ['example.com', 'en'] }]);
    expect(calls('queryTransferOut')).toEqual([{ action: 'queryTransferOut', args: ['example.com', 'en'] }]);
    expect(fake.configs[0]).toMatchObject({ site: 'intl', credentials: { accessKeyId: 'AKID', accessKeySecret: SECRET } });
    expect(calls('setTransferLock')).toEqual([]);
  });

  it('passes the chosen language to the API', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await send('checkReadiness', { domain: '中文.中国' });
    expect(calls('queryDomain')[0]?.args).toEqual(['中文.中国', 'zh']);
  });

  it('a ready domain is ok', async () => {
    fake.info = { ...lockedInfo(), TransferProhibitionLock: 'CLOSE' };
    const r = await send<FactsAnswer>('checkReadiness', { domain: 'example.com' });
    expect(judge(r).verdict).toBe('ok');
  });

  it('QueryDomainByDomainName refused: an api error with the code and a plain message', async () => {
    fake.errors.queryDomain = new ApiError('Forbidden.RAM', 'User not authorized ... domain:QueryCommonInfo', 'R', 403, undefined);
    expect(await send('checkReadiness', { domain: 'example.com' })).toEqual({
      ok: false,
      error: 'api',
      code: 'Forbidden.RAM',
      message: describeError('Forbidden.RAM', 'en', 403),
    });
  });

  it('QueryTransferOutInfo refused: still a readiness, from TransferOutStatus, with the error noted', async () => {
    fake.info = { ...lockedInfo(), TransferOutStatus: 'PENDING' };
    fake.errors.queryTransferOut = new ApiError('Forbidden.RAM', 'no', 'R', 403, undefined);
    const r = await send<FactsAnswer>('checkReadiness', { domain: 'example.com' });
    expect(r).toMatchObject({ ok: true, transferOutError: { code: 'Forbidden.RAM', message: describeError('Forbidden.RAM', 'en') } });
    expect(r).not.toHaveProperty('transferOutAnswer');
    if (!r.ok) throw new Error('expected ok');
    expect(judge(r).checks.find((c) => c.id === 'transfer-out')).toMatchObject({ verdict: 'warning', reason: 'pending' });
  });

  it('network failures and unreadable answers are api errors too, never exceptions', async () => {
    fake.errors.queryDomain = new NetworkError('NetworkError', 'Could not reach');
    expect(await send('checkReadiness', { domain: 'example.com' })).toMatchObject({ ok: false, error: 'api', code: 'NetworkError' });
    fake.errors.queryDomain = new TypeError('bad body');
    expect(await send('checkReadiness', { domain: 'example.com' })).toMatchObject({ ok: false, error: 'api', code: 'InvalidResponse' });
  });

  it('without a profile: no-credentials, and nothing is sent', async () => {
    await profilesItem.setValue({ activeId: null, profiles: [] });
    expect(await send('checkReadiness', { domain: 'example.com' })).toEqual({ ok: false, error: 'no-credentials' });
    expect(await send('setTransferLock', { domain: 'example.com', on: false })).toEqual({ ok: false, error: 'no-credentials' });
    expect(fake.calls).toEqual([]);
  });

  it('with the vault locked: locked, and nothing is sent', async () => {
    expect(await send('vaultEnable', { passphrase: 'correct horse battery' })).toEqual({ ok: true });
    expect(await send('vaultLock', undefined)).toEqual({ ok: true });
    expect(await send('checkReadiness', { domain: 'example.com' })).toEqual({ ok: false, error: 'locked' });
    expect(await send('setTransferLock', { domain: 'example.com', on: false })).toEqual({ ok: false, error: 'locked' });
    expect(fake.calls).toEqual([]);
  });
});

describe('setTransferLock', () => {
  it('submits the lock-off task and answers its TaskNo', async () => {
    expect(await send<TransferLockResult>('setTransferLock', { domain: 'example.com', on: false })).toEqual({ ok: true, taskNo: 'T-lock-1' });
    expect(calls('setTransferLock').map((c) => c.args)).toEqual([['example.com', false, 'en']]);
  });

  it.each([true, 'false', 0, undefined])('refuses on: %j (only "turn the lock off" is accepted) and calls nothing', async (on) => {
    expect(await send('setTransferLock', { domain: 'example.com', on })).toEqual({ ok: false, error: 'invalid' });
    expect(calls('setTransferLock')).toEqual([]);
  });

  it('an API refusal is an api error', async () => {
    fake.errors.setTransferLock = new ApiError('TaskIsBeingProcessed', 'busy', 'R', 400, undefined);
    expect(await send('setTransferLock', { domain: 'example.com', on: false })).toEqual({
      ok: false,
      error: 'api',
      code: 'TaskIsBeingProcessed',
      message: describeError('TaskIsBeingProcessed', 'en', 400),
    });
  });
});

describe('sender and payload checks', () => {
  it.each([
    ['a web page', { id: 'other', url: 'https://evil.example/' }],
    ['another extension', { id: 'someone-else', url: 'chrome-extension://someone-else/popup.html' }],
    ['no sender info', {}],
  ])('refuses %s', async (_name, sender) => {
    expect(await send('checkReadiness', { domain: 'example.com' }, sender)).toEqual({ ok: false, error: 'forbidden' });
    expect(await send('setTransferLock', { domain: 'example.com', on: false }, sender)).toEqual({ ok: false, error: 'forbidden' });
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['no data', undefined],
    ['an array', ['example.com']],
    ['no domain', {}],
    ['empty domain', { domain: '' }],
    ['a number', { domain: 42 }],
    ['a space', { domain: 'exa mple.com' }],
    ['a slash (a URL)', { domain: 'https://example.com/' }],
    ['a backslash', { domain: 'example.com\\x' }],
    ['a control character', { domain: 'example.com\u0000' }],
    ['254 characters', { domain: `${'a'.repeat(250)}.com` }],
  ])('checkReadiness refuses %s as invalid', async (_name, data) => {
    expect(await send('checkReadiness', data)).toEqual({ ok: false, error: 'invalid' });
    expect(fake.calls).toEqual([]);
  });

  it('accepts 253 characters and Unicode names', async () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(long).toHaveLength(253);
    expect((await send<FactsAnswer>('checkReadiness', { domain: long })).ok).toBe(true);
    expect((await send<FactsAnswer>('checkReadiness', { domain: '中文.中国' })).ok).toBe(true);
  });

  it.each([
    ['on missing', { domain: 'example.com' }],
    ['on as a string', { domain: 'example.com', on: 'false' }],
    ['on as a number', { domain: 'example.com', on: 0 }],
    ['a bad domain', { domain: 'a b', on: false }],
  ])('setTransferLock refuses %s as invalid', async (_name, data) => {
    expect(await send('setTransferLock', data)).toEqual({ ok: false, error: 'invalid' });
    expect(fake.calls).toEqual([]);
  });
});

describe('no server text for secret or token errors reaches a page', () => {
  // What the API would answer: the string to sign with the STS token in it, and the secret echoed.
  const echo = `Specified signature is not matched. server string to sign is:POST&%2F&SecurityToken%3DCAIS%252Babc key=${SECRET}`;
  const codes = ['SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSecurityToken.Expired'];

  it.each(codes)('%s: checkReadiness, its QueryTransferOutInfo note, setTransferLock and testConnection carry only the code and our words', async (code) => {
    const refusal = () => new ApiError(code, echo, 'R', 400, undefined);
    const expected = { ok: false, error: 'api', code, message: describeError(code, 'en', 400) };

    fake.errors = { queryDomain: refusal(), setTransferLock: refusal(), queryTask: refusal() };
    const answers: unknown[] = [
      await send('checkReadiness', { domain: 'example.com' }),
      await send('setTransferLock', { domain: 'example.com', on: false }),
      await send('testConnection', undefined),
    ];
    for (const a of answers) expect(a).toEqual(expected);

    fake.errors = { queryTransferOut: refusal() };
    const facts = await send<FactsAnswer>('checkReadiness', { domain: 'example.com' });
    expect(facts).toMatchObject({ ok: true, transferOutError: { code, message: describeError(code, 'en', 400) } });
    answers.push(facts);

    for (const text of answers.map((a) => JSON.stringify(a))) {
      expect(text).not.toContain('string to sign');
      expect(text).not.toContain('CAIS');
      expect(text).not.toContain(SECRET);
    }
  });
});
