// The pages' calls to Alibaba Cloud (readiness, the lock switch, the account's list, a batch's lock
// task) go through the job engine's rate limiter, ahead of the jobs' Saves and polls: pages and
// jobs together stay within the rate setting, and a person does not wait behind a whole batch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProfile } from './helpers/profiles';
import { stubMissingApis } from './helpers/browser-stubs';
import { FakeDomain } from './helpers/fake-domain';
import { send, startWorker, stopWorker } from './helpers/worker';
import { settingsItem } from '../../lib/storage';

const model = vi.hoisted(() => ({ domain: undefined as unknown as { api(): unknown } }));
vi.mock('../../lib/domain/api', async (original) => ({
  ...(await original<typeof import('../../lib/domain/api')>()),
  createDomainApi: () => model.domain.api(),
}));

let fake: FakeDomain;

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 3, 9) });
  stubMissingApis();
  fake = new FakeDomain();
  fake.durationMs = 2_000;
  model.domain = fake;
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (id: string) => id) as never);
  await saveProfile({ id: 'p', name: 'default', site: 'cn', accessKeyId: 'AK', accessKeySecret: 'secret-limited' });
  startWorker();
});
afterEach(async () => {
  await vi.advanceTimersByTimeAsync(120_000); // every job of the test ends here
  stopWorker();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('the pages’ calls share the jobs’ rate limit', () => {
  it.each([
    [5, 200],
    [10, 100],
    [20, 50],
  ])('ten readiness checks at once, at %d/s: the calls are %d ms apart, not all at once', async (perSecond, spacing) => {
    await settingsItem.setValue({ ...(await settingsItem.getValue()), requestsPerSecond: perSecond });
    const domains = Array.from({ length: 10 }, (_, i) => `check${i}-example.com`);
    const answers = Promise.all(domains.map((domain) => send<{ ok: boolean }>('checkReadiness', { domain, brief: true })));
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await answers).every((a) => a.ok)).toBe(true);
    const times = fake.callsOf('domain').map((c) => c.at);
    expect(times).toHaveLength(10);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(spacing - 1);
  });

  it('a readiness check goes ahead of a running batch’s Saves', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `batch${i}-example.com`);
    await send('requestBatch', { texts }); // 20 Saves at 5/s: 4 s
    await vi.advanceTimersByTimeAsync(500);
    const sentAt = Date.now();
    const check = send<{ ok: boolean }>('checkReadiness', { domain: 'person-example.com', brief: true });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await check).toMatchObject({ ok: true });
    const read = fake.callsOf('domain').find((c) => c.domain === 'person-example.com')!;
    expect(read.at - sentAt).toBeLessThanOrEqual(200); // the next slot, not after the remaining Saves
    await vi.advanceTimersByTimeAsync(5_000);
    const saves = fake.callsOf('save').map((c) => c.at);
    expect(saves).toHaveLength(20);
    expect(saves.filter((t) => t > read.at).length).toBeGreaterThan(10);
    // One limit for both: no two calls closer than 200 ms.
    const all = [...saves, read.at].sort((a, b) => a - b);
    expect(Math.min(...gaps(all))).toBeGreaterThanOrEqual(199);
  });

  it('a throttling answer to a page’s call slows the jobs too', async () => {
    fake.faults.push({ action: 'domain', error: fake.apiError('Throttling.User', 400) });
    const check = send<{ ok: boolean }>('checkReadiness', { domain: 'person-example.com', brief: true });
    await vi.advanceTimersByTimeAsync(100);
    expect(await check).toMatchObject({ ok: false });
    const texts = Array.from({ length: 6 }, (_, i) => `slow${i}-example.com`);
    await send('requestBatch', { texts });
    await vi.advanceTimersByTimeAsync(10_000);
    const saves = fake.callsOf('save').map((c) => c.at);
    expect(saves).toHaveLength(6);
    // Halved to 2.5/s: 400 ms apart at first, instead of 200 ms.
    expect(gaps(saves)[0]).toBeGreaterThanOrEqual(380);
  });
});
