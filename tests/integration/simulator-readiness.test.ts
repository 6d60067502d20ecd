// The simulator's three transfer-readiness actions (QueryDomainByDomainName, QueryTransferOutInfo,
// SaveSingleTaskForTransferProhibitionLock) against the official Node SDK @alicloud/pop-core, and
// their refusals with hand-signed requests: the same strictness as the transfer-code actions.

import RPCClient from '@alicloud/pop-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CODES, demoDomains, startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.ts';
import { withCli } from './helpers/simulator.ts';
import { rawRequest, timestamp } from './helpers/raw.ts';

const QUERY_DOMAIN = 'QueryDomainByDomainName';
const TRANSFER_OUT = 'QueryTransferOutInfo';
const LOCK = 'SaveSingleTaskForTransferProhibitionLock';
const CODE = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
const TASKS = 'QueryTaskDetailList';
const DAY = 86_400_000;
const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CHINA_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);
  return sim;
}

function client(s: Simulator, accessKeySecret = 'testsecret'): RPCClient {
  return new RPCClient({ accessKeyId: 'testid', accessKeySecret, endpoint: s.httpUrl, apiVersion: '2018-01-29' });
}

/** "2017-12-07 17:02:13" China time -> ms */
const chinaMs = (s: string): number => Date.parse(s.replace(' ', 'T') + '+08:00');

async function popError(p: Promise<unknown>): Promise<{ code: string; data: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: unknown; data?: unknown };
    if (typeof err.code !== 'string') throw e;
    return { code: err.code, data: (err.data ?? {}) as Record<string, unknown> };
  }
  throw new Error('expected the request to be refused');
}

interface DomainBody {
  RequestId: string;
  DomainName: string;
  InstanceId: string;
  RegistrationDate: string;
  RegistrationDateLong: number;
  ExpirationDate: string;
  ExpirationDateLong: number;
  DomainStatus: string;
  TransferOutStatus: string;
  TransferProhibitionLock: string;
  UpdateProhibitionLock: string;
  RealNameStatus: string;
  Email: string;
  EmailVerificationClientHold: boolean;
  DnsList: { Dns: string[] };
}

describe('QueryDomainByDomainName', () => {
  it('pop-core is accepted (POST and GET); the answer has the reference fields, dates in China time', async () => {
    const now = Date.now();
    const s = await start({ domains: demoDomains(now) });
    const c = client(s);
    const ready = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'ready-example.com', Lang: 'en' }, { method: 'POST' });
    expect(ready).toMatchObject({
      DomainName: 'ready-example.com',
      DomainStatus: '3',
      TransferOutStatus: 'NORMAL',
      TransferProhibitionLock: 'CLOSE',
      UpdateProhibitionLock: 'CLOSE',
      RealNameStatus: 'SUCCEED',
      EmailVerificationClientHold: false,
      DnsList: { Dns: ['dns1.hichina.com', 'dns2.hichina.com'] },
    });
    expect(ready.RequestId).toMatch(UPPER_UUID);
    expect(ready.InstanceId).toMatch(/^S\d+$/);
    expect(ready.Email).toContain('@');
    expect(ready.RegistrationDate).toMatch(CHINA_TIME);
    expect(ready.ExpirationDate).toMatch(CHINA_TIME);
    // the Long fields are the same instants as the strings (which are China time, UTC+8)
    expect(chinaMs(ready.RegistrationDate)).toBe(ready.RegistrationDateLong);
    expect(chinaMs(ready.ExpirationDate)).toBe(ready.ExpirationDateLong);
    expect(Math.abs(ready.RegistrationDateLong - (now - 2 * 365 * DAY))).toBeLessThan(1000);

    const locked = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'locked-example.com' }, { method: 'GET' });
    expect(locked.TransferProhibitionLock).toBe('OPEN');
    const fresh = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'fresh-example.com' }, { method: 'POST' });
    expect(Math.round((now - fresh.RegistrationDateLong) / DAY)).toBe(10);
    expect(s.callsTo(QUERY_DOMAIN).map((x) => [x.method, x.status])).toEqual([
      ['POST', 200],
      ['GET', 200],
      ['POST', 200],
    ]);
  });

  it('defaults: registered two years ago, expires in a year; DomainStatus follows expiry unless set', async () => {
    let clock = Date.now();
    const started = clock;
    const s = await start({
      now: () => clock,
      domains: {
        'soon.com': { expiresAt: started + 2 * DAY },
        'held.com': { status: 'clientHold', clientHold: true },
      },
    });
    const get = async (domain: string): Promise<DomainBody> =>
      (await rawRequest(s, { Action: QUERY_DOMAIN, DomainName: domain, Timestamp: timestamp(clock) })).json as unknown as DomainBody;
    const plain = await get('anything.com'); // not configured, accepted (unknownDomains: 'accept')
    expect(Math.abs(plain.RegistrationDateLong - (started - 730 * DAY))).toBeLessThan(1000);
    expect(Math.abs(plain.ExpirationDateLong - (started + 365 * DAY))).toBeLessThan(1000);
    expect((await get('soon.com')).DomainStatus).toBe('3');
    clock = started + 3 * DAY; // expired: renewal grace
    expect((await get('soon.com')).DomainStatus).toBe('1');
    clock = started + 40 * DAY; // past the 30-day grace: redemption
    expect((await get('soon.com')).DomainStatus).toBe('2');
    expect(await get('held.com')).toMatchObject({ DomainStatus: 'clientHold', EmailVerificationClientHold: true });
    expect(s.domainState?.('soon.com')).toMatchObject({ status: '2', transferLock: false, transferOutStatus: 'NORMAL' });
  });

  it('answers XML with DnsList as repeated Dns elements when Format is not JSON', async () => {
    const s = await start();
    const r = await rawRequest(s, { Action: QUERY_DOMAIN, DomainName: 'example.com', Format: undefined });
    expect(r.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(r.text).toMatch(/^<\?xml[^>]*><QueryDomainByDomainNameResponse><RequestId>/);
    expect(r.text).toContain('<DnsList><Dns>dns1.hichina.com</Dns><Dns>dns2.hichina.com</Dns></DnsList>');
    expect(r.text).toContain('<TransferProhibitionLock>CLOSE</TransferProhibitionLock>');
  });
});

describe('QueryTransferOutInfo', () => {
  it('no transfer-out on record: only RequestId; after a code task: Status 3 with the code valid 15 days', async () => {
    const s = await start({ taskDurationMs: 100 });
    const c = client(s);
    const none = await c.request<Record<string, unknown>>(TRANSFER_OUT, { DomainName: 'example.com', Lang: 'en' }, { method: 'POST' });
    expect(Object.keys(none)).toEqual(['RequestId']);

    const saved = await c.request<{ TaskNo: string }>(CODE, { DomainName: 'example.com' }, { method: 'POST' });
    s.completeTask?.(saved.TaskNo);
    const after = await c.request<Record<string, string | number>>(TRANSFER_OUT, { DomainName: 'example.com' }, { method: 'GET' });
    expect(after).toMatchObject({ Status: 3, Email: 'owner@example.com' });
    expect(after.TransferAuthorizationCodeSendDate).toMatch(CHINA_TIME);
    expect(chinaMs(String(after.ExpirationDate)) - chinaMs(String(after.TransferAuthorizationCodeSendDate))).toBe(15 * DAY);
  });

  it('a configured pending transfer-out: Status 4 with PendingRequestDate, and TransferOutStatus PENDING', async () => {
    const s = await start({
      domains: {
        'leaving.com': { transferOut: { status: 4 } },
        'rejected.com': { transferOut: { status: 8 } },
      },
    });
    const c = client(s);
    const pending = await c.request<Record<string, unknown>>(TRANSFER_OUT, { DomainName: 'leaving.com' }, { method: 'POST' });
    expect(pending).toMatchObject({ Status: 4, Email: 'owner@leaving.com' });
    expect(pending.PendingRequestDate).toMatch(CHINA_TIME);
    expect(pending.ResultCode).toBeUndefined();
    const info = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'leaving.com' }, { method: 'POST' });
    expect(info.TransferOutStatus).toBe('PENDING');
    const failed = await c.request<Record<string, unknown>>(TRANSFER_OUT, { DomainName: 'rejected.com' }, { method: 'POST' });
    expect(failed).toMatchObject({ Status: 8, ResultCode: 'clientRejected', ResultMsg: 'Transfer out rejected' });
  });
});

describe('SaveSingleTaskForTransferProhibitionLock', () => {
  it('pop-core: Status=false submits a task (SET_TRANSFER_PROHIBITED) that turns the lock off when it ends; true turns it on', async () => {
    const s = await start({ taskDurationMs: 200, domains: demoDomains() });
    const c = client(s);
    const lockOf = async (): Promise<string> =>
      (await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'locked-example.com' }, { method: 'POST' })).TransferProhibitionLock;

    const off = await c.request<{ RequestId: string; TaskNo: string }>(
      LOCK,
      { DomainName: 'locked-example.com', Status: false, Lang: 'en' },
      { method: 'POST' },
    );
    expect(off.TaskNo).toMatch(LOWER_UUID);
    expect(off.RequestId).toMatch(UPPER_UUID);
    expect(s.calls.at(-1)?.params.Status).toBe('false');
    expect(await lockOf()).toBe('OPEN'); // not before the task ends

    const detail = await c.request<{ Data: { TaskDetail: Array<Record<string, unknown>> } }>(
      TASKS,
      { TaskNo: off.TaskNo, PageNum: 1, PageSize: 10 },
      { method: 'POST' },
    );
    expect(detail.Data.TaskDetail[0]).toMatchObject({ TaskNo: off.TaskNo, TaskType: 'SET_TRANSFER_PROHIBITED', DomainName: 'locked-example.com' });
    expect(detail.Data.TaskDetail[0]?.TaskResult).toBeUndefined();

    await new Promise((r) => setTimeout(r, 250));
    expect(await lockOf()).toBe('CLOSE');
    const done = await c.request<{ Data: { TaskDetail: Array<Record<string, unknown>> } }>(
      TASKS,
      { TaskNo: off.TaskNo, PageNum: 1, PageSize: 10 },
      { method: 'GET' },
    );
    expect(done.Data.TaskDetail[0]).toMatchObject({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2 });
    expect(s.tasks()).toEqual([{ taskNo: off.TaskNo, domain: 'locked-example.com', status: 2, lockOn: false }]);

    const on = await c.request<{ TaskNo: string }>(LOCK, { DomainName: 'locked-example.com', Status: true }, { method: 'GET' });
    s.completeTask?.(on.TaskNo);
    expect(await lockOf()).toBe('OPEN');
    expect(s.domainState?.('locked-example.com').transferLock).toBe(true);
  });

  it('a failing lock task leaves the lock as it was; a second task while one is pending is refused', async () => {
    const s = await start({ taskDurationMs: 10_000, domains: { 'stuck.com': { transferLock: true, lockFail: 'RegistryRefused' } } });
    const first = await rawRequest(s, { Action: LOCK, DomainName: 'stuck.com', Status: 'false' });
    expect(first.status).toBe(200);
    const second = await rawRequest(s, { Action: LOCK, DomainName: 'stuck.com', Status: 'false' });
    expect([second.status, second.json.Code]).toEqual([400, 'TaskIsBeingProcessed']);
    // an operation on the domain is in progress: the transfer code must wait too
    expect((await rawRequest(s, { Action: CODE, DomainName: 'stuck.com' })).json.Code).toBe('TaskIsBeingProcessed');
    s.completeTask?.(String(first.json.TaskNo));
    const q = await rawRequest(s, { Action: TASKS, TaskNo: String(first.json.TaskNo), PageNum: '1', PageSize: '10' });
    expect((q.json.Data as { TaskDetail: Array<Record<string, unknown>> }).TaskDetail[0]).toMatchObject({
      TaskStatus: 'EXECUTE_FAILURE',
      ErrorMsg: 'RegistryRefused',
    });
    const info = await rawRequest(s, { Action: QUERY_DOMAIN, DomainName: 'stuck.com' });
    expect(info.json.TransferProhibitionLock).toBe('OPEN');
  });
});

describe('refusals of the three readiness actions', () => {
  const actions = [
    [QUERY_DOMAIN, {}],
    [TRANSFER_OUT, {}],
    [LOCK, { Status: 'false' }],
  ] as const;

  it.each(actions)('%s: missing DomainName -> MissingDomainName', async (action, extra) => {
    const s = await start();
    const r = await rawRequest(s, { Action: action, ...extra });
    expect([r.status, r.json.Code, r.json.Message]).toEqual([400, 'MissingDomainName', 'DomainName is mandatory for this action.']);
  });

  it('the lock task needs Status, and Status must be true or false', async () => {
    const s = await start();
    const missing = await rawRequest(s, { Action: LOCK, DomainName: 'example.com' });
    expect([missing.status, missing.json.Code]).toEqual([400, 'MissingStatus']);
    for (const bad of ['yes', '1', 'TRUE', 'off']) {
      const r = await rawRequest(s, { Action: LOCK, DomainName: 'example.com', Status: bad });
      expect([r.status, r.json.Code]).toEqual([400, 'InvalidStatus']);
    }
    expect(s.tasks()).toEqual([]);
  });

  it.each(actions)('%s: a wrong secret -> SignatureDoesNotMatch (pop-core)', async (action, extra) => {
    const s = await start();
    const err = await popError(client(s, 'wrongsecret').request(action, { DomainName: 'example.com', ...extra }, { method: 'POST' }));
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(String(err.data.Message)).toContain(`server string to sign is:POST&%2F&AccessKeyId%3Dtestid%26Action%3D${action}%26`);
    expect(s.tasks()).toEqual([]);
  });

  it.each([
    [QUERY_DOMAIN, {}, { queryCommonInfo: false }, 'domain:QueryCommonInfo', 'acs:domain:*:*:*'],
    [TRANSFER_OUT, {}, { queryTransferOut: false }, 'domain:QueryDomainTransferOut', 'acs:domain:*:*:*'],
    [LOCK, { Status: 'false' }, { securitySetting: false }, 'domain:SecuritySetting', 'acs:domain:*:*:domain/example.com'],
  ] as const)('%s: RAM denial -> 403 Forbidden.RAM naming %s', async (action, extra, permissions, ramAction, resource) => {
    const s = await start({ permissions });
    const r = await rawRequest(s, { Action: action, DomainName: 'example.com', ...extra });
    expect([r.status, r.json.Code]).toEqual([403, 'Forbidden.RAM']);
    expect(String(r.json.Message)).toContain(`Action ${ramAction} on Resource ${resource}`);
    expect(r.json.AccessDeniedDetail).toMatchObject({ AuthAction: ramAction });
    // the other actions are not affected by that permission
    const other = actions.find(([a]) => a !== action) as (typeof actions)[number];
    expect((await rawRequest(s, { Action: other[0], DomainName: 'example.com', ...other[1] })).status).toBe(200);
    expect(s.tasks()).toEqual([]);
  });

  it.each(actions)('%s: domain names, Lang and UserClientIp are checked like the transfer-code action', async (action, extra) => {
    const s = await start({ domains: { 'mine.com': {} } });
    const code = async (domain: string, more: Record<string, string> = {}): Promise<unknown> =>
      (await rawRequest(s, { Action: action, DomainName: domain, ...extra, ...more })).json.Code;
    expect(await code('Example.com')).toBe('ParameterIllegal');
    expect(await code('xn--fiq228c.xn--fiqs8s')).toBe('ParameterIllegal');
    expect(await code('example.com', { Lang: 'fr' })).toBe('ParameterIllegal');
    expect(await code('example.com', { UserClientIp: 'not-an-ip' })).toBe('ParameterIllegal');
    expect(await code('www.example.com')).toBe('DomainNotExist');
    expect(await code('example.invalidsuffix')).toBe('DomainNotExist');
    const zh = await rawRequest(s, { Action: action, DomainName: 'www.example.com', Lang: 'zh', ...extra });
    expect(zh.json.Message).toBe('域名不存在。');
    expect((await rawRequest(s, { Action: action, DomainName: '中文.中国', ...extra })).status).toBe(200);

    const refusing = await startSimulator({ unknownDomains: 'refuse', domains: { 'mine.com': {} } });
    try {
      expect((await rawRequest(refusing, { Action: action, DomainName: 'other.com', ...extra })).json.Code).toBe('DomainNotExist');
      expect((await rawRequest(refusing, { Action: action, DomainName: 'mine.com', ...extra })).status).toBe(200);
    } finally {
      await refusing.close();
    }
  });

  it('injected faults apply to the new actions too', async () => {
    const s = await start();
    s.injectFault({ kind: 'error', code: 'Throttling.User', action: QUERY_DOMAIN });
    expect((await rawRequest(s, { Action: TRANSFER_OUT, DomainName: 'example.com' })).status).toBe(200);
    expect((await rawRequest(s, { Action: QUERY_DOMAIN, DomainName: 'example.com' })).json.Code).toBe('Throttling.User');
    expect((await rawRequest(s, { Action: QUERY_DOMAIN, DomainName: 'example.com' })).status).toBe(200);
  });
});

describe('simulator CLI', () => {
  it('--demo-domains serves the three showcase domains with their fixed codes', async () => {
    await withCli(['--demo-domains', '--task-ms', '100', '--locked', 'extra.com', '--registered', 'extra.com=-5d'], async ({ out, client: c }) => {
      expect(out).toContain('locked-example.com');
      const locked = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'locked-example.com' }, { method: 'POST' });
      expect(locked.TransferProhibitionLock).toBe('OPEN');
      const extra = await c.request<DomainBody>(QUERY_DOMAIN, { DomainName: 'extra.com' }, { method: 'POST' });
      expect(extra.TransferProhibitionLock).toBe('OPEN');
      expect(Math.round((Date.now() - extra.RegistrationDateLong) / DAY)).toBe(5);
      const saved = await c.request<{ TaskNo: string }>(CODE, { DomainName: 'ready-example.com' }, { method: 'POST' });
      await new Promise((r) => setTimeout(r, 150));
      const q = await c.request<{ Data: { TaskDetail: Array<{ TaskResult?: string }> } }>(
        TASKS,
        { TaskNo: saved.TaskNo, PageNum: 1, PageSize: 10 },
        { method: 'POST' },
      );
      expect(q.Data.TaskDetail[0]?.TaskResult).toBe(DEMO_CODES['ready-example.com']);
    });
  });
});
