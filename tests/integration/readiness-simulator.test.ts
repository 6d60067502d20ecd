// Transfer readiness end to end below the UI: the real Domain API wrapper (createDomainApi) and the
// background's checkReadiness / setTransferLock, over HTTP against the strict simulator holding the
// three showcase domains (a locked one, one registered 10 days ago, a ready one).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ClockOffset, type Credentials } from '../../lib/aliyun/client';
import type { FactsAnswer } from '../../lib/protocol/index';
import { readDomainFacts, setTransferLock, type ApiFor } from '../../entrypoints/background/handlers/readiness';
import { saveProfile } from '../unit/helpers/profiles';
import { createDomainApi, type DomainApi } from '../../lib/domain/api';
import { parseDomainInfo, parseTransferOut, readFacts } from '../../lib/domain/facts';
import { assessReadiness } from '../../lib/domain/readiness';
import '../../lib/i18n/pages'; // the readiness page's words
import { readinessText } from '../../lib/i18n/readiness-words';
import { demoDomains, startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/types';
import { stubMissingApis } from '../unit/helpers/browser-stubs';

const DAY = 86_400_000;
const creds: Credentials = { accessKeyId: 'AKIDready', accessKeySecret: 'ready-int-secret-77' };
const LOCK = 'SaveSingleTaskForTransferProhibitionLock';
let sim: Simulator;
let started: number;

const api = (): DomainApi => createDomainApi({ credentials: creds, site: 'cn', endpoint: sim.httpUrl, clock: new ClockOffset(), timeoutMs: 2_000 });
/** The answers read as the readiness page reads them. */
const domainInfo = async (domain: string, lang: 'en' | 'zh' = 'en') => parseDomainInfo(await api().queryDomain(domain, lang), domain);
const transferOut = async (domain: string) => parseTransferOut(await api().queryTransferOut(domain, 'en'));
const apiFor: ApiFor = (p) => createDomainApi({ credentials: creds, site: p.site, endpoint: sim.httpUrl, timeoutMs: 2_000 });

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
  it('queryDomain answers QueryDomainByDomainName, which parseDomainInfo normalizes', async () => {
    const info = await domainInfo('fresh-example.com');
    expect(info).toEqual({
      domain: 'fresh-example.com',
      registeredAt: Math.floor((started - 10 * DAY) / 1000) * 1000,
      expiresAt: Math.floor((started + 355 * DAY) / 1000) * 1000,
      transferLock: false,
      status: '3',
      transferOutStatus: 'NORMAL',
      clientHold: false,
    });
    expect((await domainInfo('locked-example.com', 'zh')).transferLock).toBe(true);
  });

  it('queryTransferOut: nothing on record, then a pending transfer-out', async () => {
    expect(await transferOut('ready-example.com')).toEqual({});
    const out = await transferOut('leaving.com');
    expect(out).toMatchObject({ status: 4, email: 'owner@leaving.com' });
    expect(out.pendingRequestAt).toBeGreaterThan(started - 3 * DAY);
  });

  it('the three showcase domains give the right verdicts', async () => {
    const verdict = async (domain: string) => {
      const [info, out] = await Promise.all([domainInfo(domain), transferOut(domain)]);
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
function judge(r: FactsAnswer, domain: string) {
  if (!r.ok) throw new Error(`expected facts, got ${JSON.stringify(r)}`);
  const facts = readFacts(r, domain);
  return assessReadiness(facts.info, facts.transferOut, facts.checkedAt);
}

describe('the background actions against the simulator', () => {
  it('checkReadiness answers the readiness of each showcase domain', async () => {
    const locked = await readDomainFacts('locked-example.com', apiFor);
    expect(locked).toMatchObject({ ok: true, domainAnswer: { TransferProhibitionLock: 'OPEN' }, transferOutAnswer: {} });
    expect(judge(locked, 'locked-example.com').verdict).toBe('blocker');
    const ready = await readDomainFacts('ready-example.com', apiFor);
    expect(judge(ready, 'ready-example.com').verdict).toBe('ok');
    const unknown = await readDomainFacts('www.ready-example.com', apiFor);
    expect(unknown).toMatchObject({ ok: false, error: 'api', code: 'DomainNotExist' });
  });

  it('the lock toggle turns the lock off: after the task ends, queryDomain and the readiness show it', async () => {
    const before = await readDomainFacts('locked-example.com', apiFor);
    expect(judge(before, 'locked-example.com').checks[0]).toMatchObject({ id: 'lock', verdict: 'blocker', fix: 'unlock' });

    const result = await setTransferLock('locked-example.com', false, apiFor);
    expect(result).toMatchObject({ ok: true, taskNo: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(sim.callsTo(LOCK).at(-1)).toMatchObject({ method: 'POST', status: 200, params: { DomainName: 'locked-example.com', Status: 'false' } });

    // while the task runs the lock is still on; a second toggle is refused as busy
    expect((await domainInfo('locked-example.com')).transferLock).toBe(true);
    expect(await setTransferLock('locked-example.com', false, apiFor)).toMatchObject({ ok: false, error: 'api', code: 'TaskIsBeingProcessed' });

    let lock: boolean | undefined = true;
    for (let i = 0; i < 40 && lock; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lock = (await domainInfo('locked-example.com')).transferLock;
    }
    expect(lock).toBe(false);
    expect(judge(await readDomainFacts('locked-example.com', apiFor), 'locked-example.com').verdict).toBe('ok');

    // and back on, so the showcase domain is locked again
    const on = await setTransferLock('locked-example.com', true, apiFor);
    if (!on.ok) throw new Error('expected the lock task');
    sim.completeTask?.(on.taskNo);
    expect((await domainInfo('locked-example.com')).transferLock).toBe(true);
  });

  it('a RAM user without domain:SecuritySetting gets Forbidden.RAM with a plain message', async () => {
    const denied = await startSimulator({ accessKeys: { [creds.accessKeyId]: creds.accessKeySecret }, permissions: { securitySetting: false, queryTransferOut: false } });
    try {
      const deniedApiFor: ApiFor = (p) => createDomainApi({ credentials: creds, site: p.site, endpoint: denied.httpUrl, timeoutMs: 2_000 });
      expect(await setTransferLock('example.com', false, deniedApiFor)).toMatchObject({
        ok: false,
        error: 'api',
        code: 'Forbidden.RAM',
        message: expect.stringContaining('RAM policy'),
      });
      // without domain:QueryDomainTransferOut the readiness still comes, from TransferOutStatus
      const r = await readDomainFacts('example.com', deniedApiFor);
      expect(r).toMatchObject({ ok: true, transferOutError: { code: 'Forbidden.RAM' } });
      expect(judge(r, 'example.com').verdict).toBe('ok');
    } finally {
      await denied.close();
    }
  });
});
