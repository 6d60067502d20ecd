// The background's listAccountDomains message, driven through the real background entry point over
// WXT's fake browser, with the Domain API's QueryDomainList replaced by a scripted fake.
import { beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, NetworkError } from '../../lib/aliyun/client';
import { profilesItem } from '../../lib/credentials/profiles';
import { describeError } from '../../lib/i18n/worker-words';
import { MAX_ACCOUNT_PAGES } from '../../lib/protocol/index';
import { settingsItem } from '../../lib/storage';
import { stubMissingApis } from './helpers/browser-stubs';
import { saveProfile } from './helpers/profiles';
import { send, startWorker, stopWorker } from './helpers/worker';

const fake = vi.hoisted(() => ({
  calls: [] as unknown[][],
  configs: [] as Array<{ credentials: { accessKeyId: string; accessKeySecret: string }; site: string }>,
  error: undefined as Error | undefined,
}));

vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: (config: (typeof fake.configs)[number]) => {
    fake.configs.push(config);
    return {
      listDomains: async (pageNum: number, lang: string) => {
        fake.calls.push([pageNum, lang]);
        if (fake.error) throw fake.error;
        // Markup and an odd shape pass through untouched: the page reads the answer as text.
        return { NextPage: pageNum < 3, Data: { Domain: [{ DomainName: `p${pageNum}.com` }, { DomainName: '<b>x</b>' }] } };
      },
    };
  },
}));

const SECRET = 'account-Secret-value-456';

beforeEach(async () => {
  fakeBrowser.reset();
  stubMissingApis();
  fake.calls.length = 0;
  fake.configs.length = 0;
  fake.error = undefined;
  await saveProfile({ id: 'p1', name: 'default', site: 'cn', accessKeyId: 'AKID', accessKeySecret: SECRET });
  startWorker();
});
afterEach(() => stopWorker());

describe('listAccountDomains', () => {
  it("answers QueryDomainList's page as it came, with the active profile's keys and site", async () => {
    expect(await send('listAccountDomains', { pageNum: 2 })).toEqual({
      ok: true,
      answer: { NextPage: true, Data: { Domain: [{ DomainName: 'p2.com' }, { DomainName: '<b>x</b>' }] } },
    });
    expect(fake.calls).toEqual([[2, 'en']]);
    expect(fake.configs[0]).toMatchObject({ site: 'cn', credentials: { accessKeyId: 'AKID', accessKeySecret: SECRET } });
  });

  it('asks in the chosen language', async () => {
    await settingsItem.setValue({ language: 'zh' });
    await send('listAccountDomains', { pageNum: 1 });
    expect(fake.calls).toEqual([[1, 'zh']]);
  });

  it('a refusal (a missing domain:QueryCommonInfo) is an api error with the code and our words, never the server text', async () => {
    fake.error = new ApiError('Forbidden.RAM', `User not authorized to operate domain:QueryCommonInfo key=${SECRET}`, 'R', 403, undefined);
    const r = await send('listAccountDomains', { pageNum: 1 });
    expect(r).toEqual({ ok: false, error: 'api', code: 'Forbidden.RAM', message: describeError('Forbidden.RAM', 'en', 403) });
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(JSON.stringify(r)).not.toContain('not authorized');
  });

  it('network failures and unreadable answers are api errors too, never exceptions', async () => {
    fake.error = new NetworkError('NetworkError', 'Could not reach');
    expect(await send('listAccountDomains', { pageNum: 1 })).toMatchObject({ ok: false, error: 'api', code: 'NetworkError' });
    fake.error = new TypeError('bad body');
    expect(await send('listAccountDomains', { pageNum: 1 })).toMatchObject({ ok: false, error: 'api', code: 'InvalidResponse' });
  });

  it('without a profile: no-credentials, and nothing is sent', async () => {
    await profilesItem.setValue({ activeId: null, profiles: [] });
    expect(await send('listAccountDomains', { pageNum: 1 })).toEqual({ ok: false, error: 'no-credentials' });
    expect(fake.calls).toEqual([]);
  });

  it('with the vault locked: locked, and nothing is sent', async () => {
    expect(await send('vaultEnable', { passphrase: 'correct horse battery' })).toEqual({ ok: true });
    expect(await send('vaultLock', undefined)).toEqual({ ok: true });
    expect(await send('listAccountDomains', { pageNum: 1 })).toEqual({ ok: false, error: 'locked' });
    expect(fake.calls).toEqual([]);
  });
});

describe('sender and payload checks', () => {
  it.each([
    ['a web page', { id: 'other', url: 'https://evil.example/' }],
    ['another extension', { id: 'someone-else', url: 'chrome-extension://someone-else/batch.html' }],
    ['no sender info', {}],
  ])('refuses %s', async (_name, sender) => {
    expect(await send('listAccountDomains', { pageNum: 1 }, sender)).toEqual({ ok: false, error: 'forbidden' });
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['no data', undefined],
    ['no pageNum', {}],
    ['page 0', { pageNum: 0 }],
    ['a negative page', { pageNum: -1 }],
    ['a fraction', { pageNum: 1.5 }],
    ['a string', { pageNum: '1' }],
    ['past MAX_ACCOUNT_PAGES', { pageNum: MAX_ACCOUNT_PAGES + 1 }],
  ])('refuses %s as invalid', async (_name, data) => {
    expect(await send('listAccountDomains', data)).toEqual({ ok: false, error: 'invalid' });
    expect(fake.calls).toEqual([]);
  });

  it('accepts the last page allowed', async () => {
    expect(await send('listAccountDomains', { pageNum: MAX_ACCOUNT_PAGES })).toMatchObject({ ok: true });
  });
});
