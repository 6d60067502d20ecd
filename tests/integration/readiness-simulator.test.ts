// Transfer readiness end to end below the UI: the real Domain API wrapper (createDomainApi) and the
// background's checkReadiness / setTransferLock, over HTTP against the strict simulator holding the
// three showcase domains (a locked one, one registered 10 days ago, a ready one).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClockOffset, type Credentials } from '../../lib/aliyun/client';
import type { FactsAnswer } from '../../lib/messaging';
import { checkReadiness, setTransferLock, type ApiFor } from '../../lib/background/readiness-messages';
import { credentialsOf, saveProfile } from '../../lib/credentials/profiles';
import { createDomainApi, type DomainApi } from '../../lib/domain/api';
import { assessReadiness, readinessText } from '../../lib/domain/readiness';
import { demoDomains, startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/types';
import { stubMissingApis } from '../unit/helpers/browser-stubs';

const DAY = 86_400_000;
const creds: Credentials = { accessKeyId: 'AKIDready', accessKeySecret: 'ready-int-secret-77' };
const LOCK = 'SaveSingleTaskForTransferProhibitionLock';
let sim: Simulator;
let started: number;

const api = (): DomainApi => createDomainApi({ credentials: creds, site: 'cn', endpoint: sim.httpUrl, clock: new ClockOffset(), timeoutMs: 2_000 });
const apiFor: ApiFor = (p) => createDomainApi({ credentials: credentialsOf(p), site: p.site, endpoint: sim.httpUrl, timeoutMs: 2_000 });

beforeAll(async () => {
  started = Date.now();
  sim = await startSimulator({
    accessKeys: { [creds.accessKeyId]: creds.accessKeySecret },
    taskDurationMs: 300,
    domains: {
      ...demoDomains(started),
      'leaving.com': { transferOut: { status: 4 } },
      'expiring.com': { expiresAt: started + 5 * DAY },
    },
  });
});
afterAll(() => sim.close());
beforeEach(async () => {
  fakeBrowser.reset();
  stubMissingApis(); // the offscreen document words API errors, as in the browser
  await saveProfile({ id: 'p', name: 'default', site: 'cn', ...creds });
});

describe('the Domain API wrapper against the simulator', () => {
  it('queryDomain normalizes QueryDomainByDomainName', async () => {
    const info = await api().queryDomain('fresh-example.com', 'en');
    expect(info).toEqual({
      domain: 'fresh-example.com',
      registeredAt: Math.floor((started - 10 * DAY) / 1000) * 1000,
      expiresAt: Math.floor((started + 355 * DAY) / 1000) * 1000,
      transferLock: false,
      status: '3',
      transferOutStatus: 'NORMAL',
      clientHold: false,
    });
    expect((await api().queryDomain('locked-example.com', 'zh')).transferLock).toBe(true);
  });

  it('queryTransferOut: nothing on record, then a pending transfer-out', async () => {
    expect(await api().queryTransferOut('ready-example.com', 'en')).toEqual({});
    const out = await api().queryTransferOut('leaving.com', 'en');
    expect(out).toMatchObject({ status: 4, email: 'owner@leaving.com' });
    expect(out.pendingRequestAt).toBeGreaterThan(started - 3 * DAY);
  });

  it('the three showcase domains give the right verdicts', async () => {
    const verdict = async (domain: string) => {
      const a = api();
      const [info, out] = await Promise.all([a.queryDomain(domain, 'en'), a.queryTransferOut(domain, 'en')]);
      return assessReadiness(info, out, Date.now());
    };
    const locked = await verdict('locked-example.com');
    expect(locked.verdict).toBe('blocker');
    expect(locked.checks.filter((c) => c.verdict !== 'ok').map((c) => [c.id, c.reason, c.fix])).toEqual([['lock', 'locked', 'unlock']]);

    const fresh = await verdict('fresh-example.com');
    expect(fresh.verdict).toBe('blocker');
    const age = fresh.checks.find((c) => c.id === 'age');
    expect(age).toMatchObject({ verdict: 'blocker', reason: 'too-new', days: 50 });
    expect(fresh.checks.filter((c) => c.verdict !== 'ok').map((c) => c.id)).toEqual(['age']);
    expect(readinessText(age!, 'en')).toMatch(/^Registered less than 60 days ago: a transfer is possible from \d{4}-\d{2}-\d{2} \(in 50 days\)\.$/);

    const ready = await verdict('ready-example.com');
    expect(ready.verdict).toBe('ok');
    expect(ready.checks.every((c) => c.verdict === 'ok')).toBe(true);

    expect((await verdict('leaving.com')).checks.find((c) => c.id === 'transfer-out')).toMatchObject({ verdict: 'warning', reason: 'pending' });
    expect((await verdict('expiring.com')).checks.find((c) => c.id === 'expiry')).toMatchObject({ verdict: 'warning', reason: 'expiring', days: 5 });
  });
});

/** What the page makes of the facts the background answers. */
function judge(r: FactsAnswer) {
  if (!r.ok) throw new Error(`expected facts, got ${JSON.stringify(r)}`);
  return assessReadiness(r.info, r.transferOut, r.checkedAt);
}

describe('the background actions against the simulator', () => {
  it('checkReadiness answers the readiness of each showcase domain', async () => {
    const locked = await checkReadiness('locked-example.com', apiFor);
    expect(locked).toMatchObject({ ok: true, info: { transferLock: true }, transferOut: {} });
    expect(judge(locked).verdict).toBe('blocker');
    const ready = await checkReadiness('ready-example.com', apiFor);
    expect(judge(ready).verdict).toBe('ok');
    const unknown = await checkReadiness('www.ready-example.com', apiFor);
    expect(unknown).toMatchObject({ ok: false, error: 'api', code: 'DomainNotExist' });
  });

  it('the lock toggle turns the lock off: after the task ends, queryDomain and the readiness show it', async () => {
    const before = await checkReadiness('locked-example.com', apiFor);
    expect(judge(before).checks[0]).toMatchObject({ id: 'lock', verdict: 'blocker', fix: 'unlock' });

    const result = await setTransferLock('locked-example.com', false, apiFor);
    expect(result).toMatchObject({ ok: true, taskNo: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sim.callsTo(LOCK).at(-1)).toMatchObject({ method: 'POST', status: 200, params: { DomainName: 'locked-example.com', Status: 'false' } });

    // while the task runs the lock is still on; a second toggle is refused as busy
    expect((await api().queryDomain('locked-example.com', 'en')).transferLock).toBe(true);
    expect(await setTransferLock('locked-example.com', false, apiFor)).toMatchObject({ ok: false, error: 'api', code: 'TaskIsBeingProcessed' });

    let lock: boolean | undefined = true;
    for (let i = 0; i < 40 && lock; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lock = (await api().queryDomain('locked-example.com', 'en')).transferLock;
    }
    expect(lock).toBe(false);
    expect(judge(await checkReadiness('locked-example.com', apiFor)).verdict).toBe('ok');

    // and back on, so the showcase domain is locked again
    const on = await setTransferLock('locked-example.com', true, apiFor);
    if (!on.ok) throw new Error('expected the lock task');
    sim.completeTask?.(on.taskNo);
    expect((await api().queryDomain('locked-example.com', 'en')).transferLock).toBe(true);
  });

  it('a RAM user without domain:SecuritySetting gets Forbidden.RAM with a plain message', async () => {
    const denied = await startSimulator({ accessKeys: { [creds.accessKeyId]: creds.accessKeySecret }, permissions: { securitySetting: false, queryTransferOut: false } });
    try {
      const deniedApiFor: ApiFor = (p) => createDomainApi({ credentials: credentialsOf(p), site: p.site, endpoint: denied.httpUrl, timeoutMs: 2_000 });
      expect(await setTransferLock('example.com', false, deniedApiFor)).toMatchObject({
        ok: false,
        error: 'api',
        code: 'Forbidden.RAM',
        message: expect.stringContaining('RAM policy'),
      });
      // without domain:QueryDomainTransferOut the readiness still comes, from TransferOutStatus
      const r = await checkReadiness('example.com', deniedApiFor);
      expect(r).toMatchObject({ ok: true, transferOutError: { code: 'Forbidden.RAM' } });
      expect(judge(r).verdict).toBe('ok');
    } finally {
      await denied.close();
    }
  });
});
