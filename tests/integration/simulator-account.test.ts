// The simulator's account actions (QueryDomainList, SaveBatchTaskForTransferProhibitionLock) and the
// transfer-out rules its transfer-code tasks are held to: with hand-signed requests for the refusals,
// the official SDK @alicloud/pop-core and the extension's own client for acceptance. Facts and
// choices: docs/API-ACCOUNT.md and tests/simulator/README.md.

import RPCClient from '@alicloud/pop-core';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockOffset } from '../../lib/aliyun/client';
import { ACCOUNT_PAGE_SIZE, createDomainApi } from '../../lib/domain/api';
import { CODE_BLOCKS } from '../simulator/registry.ts';
import type { TaskDetailJson } from '../simulator/tasks.ts';
// the new actions' names are spelled out below (LIST, BATCH); the older ones come from the simulator
import {
  accountDomains,
  BATCH_LOCK_MAX_DOMAINS,
  DEMO_CODES,
  demoDomains,
  LOCK_ACTION as LOCK,
  POLL_ACTION as POLL,
  QUERY_ACTION as DETAILS,
  QUERY_DOMAIN_ACTION as QUERY_DOMAIN,
  SAVE_ACTION as CODE,
  startSimulator,
  TASK_LIST_ACTION as TASK_LIST,
  TRANSFER_OUT_ACTION as TRANSFER_OUT,
  type DomainSetup,
  type Simulator,
  type SimulatorOptions,
} from '../simulator/server.ts';
import { withCli, type Paged } from './helpers/simulator.ts';
import { rawRequest, timestamp, type RawResponse } from './helpers/raw.ts';

const LIST = 'QueryDomainList';
const BATCH = 'SaveBatchTaskForTransferProhibitionLock';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** "Nov 02,2019 04:00:45", the reference's example */
const LIST_TIME = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2},\d{4} \d{2}:\d{2}:\d{2}$/;
const ENTRY_FIELDS = [
  'DomainName',
  'InstanceId',
  'ExpirationDate',
  'ExpirationDateLong',
  'ExpirationDateStatus',
  'ExpirationCurrDateDiff',
  'DomainStatus',
  'RegistrationDate',
  'RegistrationDateLong',
  'DomainAuditStatus',
  'DomainType',
  'Premium',
  'ProductId',
  'RegistrantType',
  'DomainGroupId',
  'DomainGroupName',
  'Remark',
];

/** The China-time midnight that starts the day of `ms`. */
const chinaDay = (ms: number): number => Math.floor((ms + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
/** "Nov 02,2019 04:00:45" China time -> ms */
const listTimeMs = (s: string): number => Date.parse(`${s.replace(/^(\w{3}) (\d{2}),(\d{4}) /, '$2 $1 $3 ')} GMT+0800`);

interface Entry {
  DomainName: string;
  RegistrationDateLong: number;
  ExpirationDateLong: number;
  [field: string]: unknown;
}
type ListBody = Paged<'Domain', Entry>;
/** a QueryTaskDetailList row, in the simulator's own declared shape */
type Row = TaskDetailJson;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * A simulator on an injected clock (start: noon China time of today) and a signed request that
 * carries that clock's Timestamp, so a test can move days ahead.
 */
async function start(options: SimulatorOptions = {}) {
  const clock = { t: clock0() };
  const s = await startSimulator({ now: () => clock.t, ...options });
  sim = s;
  const call = (params: Record<string, string | undefined>): Promise<RawResponse> =>
    rawRequest(s, { Timestamp: timestamp(clock.t), ...params });
  const list = async (params: Record<string, string> = {}): Promise<ListBody> => {
    const r = await call({ Action: LIST, PageNum: '1', PageSize: '100', ...params });
    if (r.status !== 200) throw new Error(`QueryDomainList: ${r.status} ${r.text}`);
    return r.json as unknown as ListBody;
  };
  const rows = async (taskNo: string, extra: Record<string, string> = {}): Promise<Row[]> =>
    ((await call({ Action: DETAILS, TaskNo: taskNo, PageNum: '1', PageSize: '100', ...extra })).json.Data as { TaskDetail: Row[] }).TaskDetail;
  const lockOf = async (domain: string): Promise<unknown> => (await call({ Action: QUERY_DOMAIN, DomainName: domain })).json.TransferProhibitionLock;
  return { s, clock, call, list, rows, lockOf };
}

/** DomainName.1..N of `domains` */
const listed = (domains: readonly string[]): Record<string, string> =>
  Object.fromEntries(domains.map((d, i) => [`DomainName.${i + 1}`, d]));

const names = (body: ListBody): string[] => body.Data.Domain.map((e) => e.DomainName);

function popClient(s: Simulator): RPCClient {
  return new RPCClient({ accessKeyId: 'testid', accessKeySecret: 'testsecret', endpoint: s.httpUrl, apiVersion: '2018-01-29' });
}

const XML_DECLARATION = `<?xml version='1.0' encoding='UTF-8'?>`;

/**
 * An XML answer parsed by a real XML parser: null when it is not well-formed. The declaration is
 * checked as text: happy-dom's parser refuses its single quotes, which XML 1.0 allows.
 */
function parseXml(text: string): Document | null {
  if (!text.startsWith(XML_DECLARATION)) return null;
  const doc = new new Window().DOMParser().parseFromString(text.slice(XML_DECLARATION.length), 'text/xml') as unknown as Document;
  return doc.getElementsByTagName('parsererror').length === 0 ? doc : null;
}

describe('QueryDomainList', () => {
  it('pages through 30 domains 10 at a time (listPageSizeCap) while PageSize asks for 100, following NextPage', async () => {
    const { list } = await start({ domains: accountDomains(30), listPageSizeCap: 10 });
    const seen: string[] = [];
    const pages: ListBody[] = [];
    for (let page = 1; page <= 10; page++) {
      const body = await list({ PageNum: String(page), PageSize: String(ACCOUNT_PAGE_SIZE) });
      pages.push(body);
      seen.push(...names(body));
      if (!body.NextPage) break;
    }
    expect(pages.map((p) => [p.CurrentPageNum, p.TotalPageNum, p.TotalItemNum, p.PageSize, p.PrePage, p.NextPage, p.Data.Domain.length])).toEqual([
      [1, 3, 30, 10, false, true, 10],
      [2, 3, 30, 10, true, true, 10],
      [3, 3, 30, 10, true, false, 10],
    ]);
    // the order the domains were stored (given)
    expect(seen).toEqual(Object.keys(accountDomains(30)));

    const past = await list({ PageNum: '4' });
    expect(past).toMatchObject({ CurrentPageNum: 4, TotalPageNum: 3, TotalItemNum: 30, NextPage: false, Data: { Domain: [] } });
    // without the cap the asked size is used, up to 200
    expect((await list({ PageSize: '5' })).PageSize).toBe(5);
  });

  it('answers the reference fields, the same dates and status as QueryDomainByDomainName, and no lock field', async () => {
    const { call, list } = await start({
      domains: { 'ready.com': { registeredAt: clock0() - 400 * DAY, expiresAt: clock0() + 20 * DAY }, 'locked.cn': { transferLock: true } },
    });
    const body = await list();
    expect(body.Data.Domain).toHaveLength(2);
    for (const entry of body.Data.Domain) {
      expect(Object.keys(entry)).toEqual(ENTRY_FIELDS);
      const single = (await call({ Action: QUERY_DOMAIN, DomainName: entry.DomainName })).json;
      for (const key of ['InstanceId', 'RegistrationDateLong', 'ExpirationDateLong', 'ExpirationDateStatus', 'ExpirationCurrDateDiff', 'DomainStatus', 'DomainType', 'Premium']) {
        expect(entry[key], `${entry.DomainName} ${key}`).toEqual(single[key]);
      }
      expect(entry.ExpirationDate).toMatch(LIST_TIME);
      expect(entry.RegistrationDate).toMatch(LIST_TIME);
      expect(listTimeMs(String(entry.ExpirationDate))).toBe(entry.ExpirationDateLong);
      expect(listTimeMs(String(entry.RegistrationDate))).toBe(entry.RegistrationDateLong);
    }
    expect(body.Data.Domain.map((e) => [e.DomainName, e.DomainType, e.ExpirationCurrDateDiff])).toEqual([
      ['ready.com', 'gTLD', 20],
      ['locked.cn', 'ccTLD', 365],
    ]);
  });

  describe('filters and order', () => {
    // today noon China time; each domain's dates in whole days from today's China midnight
    const setup = (): Record<string, DomainSetup> => {
      const day0 = chinaDay(clock0());
      return {
        'alpha-shop.com': { registeredAt: day0 - 400 * DAY + HOUR, expiresAt: day0 + 10 * DAY + HOUR },
        'beta.cn': { registeredAt: day0 - 100 * DAY, expiresAt: day0 + 200 * DAY },
        'gamma-shop.net': { registeredAt: day0 - 800 * DAY, expiresAt: day0 - 5 * DAY }, // renewal grace: "1"
        'delta.org': { registeredAt: day0 - 900 * DAY, expiresAt: day0 - 40 * DAY }, // redemption: "2"
      };
    };
    const day = (n: number): string => String(chinaDay(clock0()) + n * DAY);

    it.each([
      ['nothing: the stored order', {}, ['alpha-shop.com', 'beta.cn', 'gamma-shop.net', 'delta.org']],
      ['DomainName: a substring', { DomainName: '-shop' }, ['alpha-shop.com', 'gamma-shop.net']],
      ['DomainName: case-insensitive', { DomainName: 'BETA' }, ['beta.cn']],
      ['DomainName: the whole name', { DomainName: 'delta.org' }, ['delta.org']],
      ['DomainName: no match', { DomainName: 'zeta' }, []],
      ['expiration: one day, both ends included', { StartExpirationDate: day(10), EndExpirationDate: day(10) }, ['alpha-shop.com']],
      ['expiration: from a day on', { StartExpirationDate: day(0) }, ['alpha-shop.com', 'beta.cn']],
      ['expiration: up to a day', { EndExpirationDate: day(-5) }, ['gamma-shop.net', 'delta.org']],
      ['registration: a range', { StartRegistrationDate: day(-500), EndRegistrationDate: day(-100) }, ['alpha-shop.com', 'beta.cn']],
      ['OrderKeyType alone: DESC by default', { OrderKeyType: 'RegistrationDate' }, ['beta.cn', 'alpha-shop.com', 'gamma-shop.net', 'delta.org']],
      ['OrderKeyType ExpirationDate ASC', { OrderKeyType: 'ExpirationDate', OrderByType: 'ASC' }, ['delta.org', 'gamma-shop.net', 'alpha-shop.com', 'beta.cn']],
      ['OrderByType without OrderKeyType: the stored order', { OrderByType: 'ASC' }, ['alpha-shop.com', 'beta.cn', 'gamma-shop.net', 'delta.org']],
      ['QueryType 1: renewal needed', { QueryType: '1' }, ['gamma-shop.net']],
      ['QueryType 2: redemption needed', { QueryType: '2' }, ['delta.org']],
      ['ProductDomainType ccTLD', { ProductDomainType: 'ccTLD' }, ['beta.cn']],
      ['DomainGroupId: no domain is in a group', { DomainGroupId: '123456' }, []],
      ['filters combine', { DomainName: 'shop', StartExpirationDate: day(0) }, ['alpha-shop.com']],
    ] as const)('%s', async (_, params, expected) => {
      const { list } = await start({ domains: setup() });
      const body = await list(params);
      expect(names(body)).toEqual(expected);
      expect(body.TotalItemNum).toBe(expected.length);
      expect(body.TotalPageNum).toBe(expected.length ? 1 : 0);
    });

    it.each([
      ['PageNum missing', { PageNum: undefined }, 'MissingPageNum'],
      ['PageSize missing', { PageSize: undefined }, 'MissingPageSize'],
      ['PageSize empty', { PageSize: '' }, 'MissingPageSize'],
      ['PageNum 0', { PageNum: '0' }, 'InvalidPageNum'],
      ['PageNum not a number', { PageNum: 'one' }, 'InvalidPageNum'],
      ['PageSize negative', { PageSize: '-10' }, 'InvalidPageSize'],
      ['PageSize over 200', { PageSize: '201' }, 'InvalidPageSize'],
      ['StartExpirationDate not ms', { StartExpirationDate: '2024-01-01' }, 'InvalidStartExpirationDate'],
      ['EndExpirationDate negative', { EndExpirationDate: '-1' }, 'InvalidEndExpirationDate'],
      ['StartRegistrationDate not a number', { StartRegistrationDate: 'yesterday' }, 'InvalidStartRegistrationDate'],
      ['EndRegistrationDate a fraction', { EndRegistrationDate: '1522080000000.5' }, 'InvalidEndRegistrationDate'],
      ['a date not on a China midnight', { StartExpirationDate: String(chinaDay(clock0()) + HOUR) }, 'ParameterIllegal'],
      ['a start after the end', { StartRegistrationDate: day(1), EndRegistrationDate: day(0) }, 'ParameterIllegal'],
      ['OrderKeyType unknown', { OrderKeyType: 'DomainName' }, 'InvalidOrderKeyType'],
      ['OrderByType lower case', { OrderByType: 'asc' }, 'InvalidOrderByType'],
      ['QueryType unknown', { QueryType: '3' }, 'InvalidQueryType'],
      ['ProductDomainType unknown', { ProductDomainType: 'cTLD' }, 'InvalidProductDomainType'],
      ['Lang unknown', { Lang: 'fr' }, 'ParameterIllegal'],
      ['UserClientIp not an IP', { UserClientIp: 'localhost' }, 'ParameterIllegal'],
    ] as const)('refuses %s', async (_, params, code) => {
      const { call } = await start({ domains: setup() });
      const r = await call({ Action: LIST, PageNum: '1', PageSize: '10', ...params });
      expect([r.status, r.json.Code]).toEqual([400, code]);
    });

    it('accepts PageSize 200, Lang zh and a UserClientIp', async () => {
      const { list } = await start({ domains: setup() });
      expect((await list({ PageSize: '200', Lang: 'zh', UserClientIp: '127.0.0.1' })).PageSize).toBe(200);
    });
  });

  it('an unconfigured domain is held (unknownDomains: accept) but not listed; an empty account lists nothing', async () => {
    const { list, call } = await start();
    expect((await call({ Action: QUERY_DOMAIN, DomainName: 'anything.com' })).status).toBe(200);
    expect(await list()).toMatchObject({ TotalItemNum: 0, TotalPageNum: 0, CurrentPageNum: 1, NextPage: false, PrePage: false, Data: { Domain: [] } });
  });

  it('answers well-formed XML with one Domain element per entry when Format is not JSON', async () => {
    const { call } = await start({ domains: { 'a-and-b.com': {}, '中文.中国': {} } });
    const r = await call({ Action: LIST, PageNum: '1', PageSize: '10', Format: undefined });
    expect(r.headers['content-type']).toBe('text/xml;charset=utf-8');
    const doc = parseXml(r.text);
    expect(doc, r.text).not.toBeNull();
    expect(doc?.documentElement.tagName).toBe('QueryDomainListResponse');
    const domains = [...(doc?.getElementsByTagName('Domain') ?? [])];
    expect(domains.map((d) => d.getElementsByTagName('DomainName')[0]?.textContent)).toEqual(['a-and-b.com', '中文.中国']);
    expect(doc?.getElementsByTagName('TotalItemNum')[0]?.textContent).toBe('2');
  });
});

describe('SaveBatchTaskForTransferProhibitionLock', () => {
  const three = ['one.com', 'two.net', 'three.cn'];
  const locked = (): Record<string, DomainSetup> => Object.fromEntries(three.map((d) => [d, { transferLock: true }]));

  it('one task, one row per domain: waiting, executing, then success; the locks come off', async () => {
    const { s, clock, call, rows, lockOf } = await start({ taskDurationMs: 1000, domains: locked() });
    const saved = await call({ Action: BATCH, ...listed(three), Status: 'false', UserClientIp: '203.0.113.7' });
    expect(saved.status).toBe(200);
    expect(Object.keys(saved.json)).toEqual(['RequestId', 'TaskNo']);
    const taskNo = String(saved.json.TaskNo);
    expect(taskNo).toMatch(LOWER_UUID);

    const waiting = await rows(taskNo);
    expect(waiting.map((r) => [r.DomainName, r.TaskNo, r.TaskType, r.TaskStatus, r.TaskStatusCode])).toEqual(
      three.map((d) => [d, taskNo, 'SET_TRANSFER_PROHIBITED', 'WAITING_EXECUTE', 0]),
    );
    expect(new Set(waiting.map((r) => r.TaskDetailNo)).size).toBe(3);
    expect((await rows(taskNo, { DomainName: 'two.net' })).map((r) => r.DomainName)).toEqual(['two.net']);
    const taskInfo = async (): Promise<Record<string, unknown>> =>
      ((await call({ Action: TASK_LIST, PageNum: '1', PageSize: '10' })).json.Data as { TaskInfo: Array<Record<string, unknown>> }).TaskInfo[0] ?? {};
    expect(await taskInfo()).toMatchObject({ TaskNo: taskNo, TaskNum: 3, TaskType: 'SET_TRANSFER_PROHIBITED', TaskStatus: 'WAITING_EXECUTE', Clientip: '203.0.113.7' });

    clock.t += 600;
    expect((await rows(taskNo)).map((r) => r.TaskStatus)).toEqual(['EXECUTING', 'EXECUTING', 'EXECUTING']);
    expect(await taskInfo()).toMatchObject({ TaskStatus: 'EXECUTING', TaskStatusCode: 2 });
    expect(await lockOf('one.com')).toBe('OPEN'); // not before the rows end

    clock.t += 600;
    const done = await rows(taskNo);
    expect(done.map((r) => [r.TaskStatus, r.ErrorMsg, r.TaskResult])).toEqual(three.map(() => ['EXECUTE_SUCCESS', '', undefined]));
    expect(await taskInfo()).toMatchObject({ TaskStatus: 'COMPLETE', TaskStatusCode: 3, TaskNum: 3 });
    for (const d of three) expect(await lockOf(d)).toBe('CLOSE');
    const polled = (await call({ Action: POLL, PageNum: '1', PageSize: '10', TaskNo: taskNo })).json as { TotalItemNum: number };
    expect(polled.TotalItemNum).toBe(3);
    expect(s.tasks()).toEqual(three.map((domain) => ({ taskNo, domain, status: 2, lockOn: false })));
  });

  it("a domain's lockFail fails only its own row; a longer durationMs keeps the task executing", async () => {
    const { s, clock, call, rows, lockOf } = await start({
      taskDurationMs: 1000,
      domains: { ...locked(), 'two.net': { transferLock: true, lockFail: 'RegistryRefused' }, 'three.cn': { transferLock: true, durationMs: 5000 } },
    });
    const taskNo = String((await call({ Action: BATCH, ...listed(three), Status: 'false', Lang: 'zh' })).json.TaskNo);
    clock.t += 3000; // three.cn runs from 2.5 s to 5 s
    expect((await rows(taskNo)).map((r) => [r.DomainName, r.TaskStatus, r.ErrorMsg, r.FailReason])).toEqual([
      ['one.com', 'EXECUTE_SUCCESS', '', ''],
      ['two.net', 'EXECUTE_FAILURE', 'RegistryRefused', 'RegistryRefused'],
      ['three.cn', 'EXECUTING', '', ''],
    ]);
    const info = (await call({ Action: TASK_LIST, PageNum: '1', PageSize: '10' })).json.Data as { TaskInfo: Array<{ TaskStatus: string }> };
    expect(info.TaskInfo[0]?.TaskStatus).toBe('EXECUTING');
    s.completeTask?.(taskNo);
    expect((await rows(taskNo)).map((r) => r.TaskStatus)).toEqual(['EXECUTE_SUCCESS', 'EXECUTE_FAILURE', 'EXECUTE_SUCCESS']);
    expect([await lockOf('one.com'), await lockOf('two.net'), await lockOf('three.cn')]).toEqual(['CLOSE', 'OPEN', 'CLOSE']);
  });

  it('Status=true turns the locks on; the latest finished lock task wins', async () => {
    const { s, call, lockOf } = await start({ domains: { 'a.com': {}, 'b.com': { transferLock: true } } });
    const on = String((await call({ Action: BATCH, ...listed(['a.com', 'b.com']), Status: 'true' })).json.TaskNo);
    s.completeTask?.(on);
    expect([await lockOf('a.com'), await lockOf('b.com')]).toEqual(['OPEN', 'OPEN']);
    const off = String((await call({ Action: LOCK, DomainName: 'a.com', Status: 'false' })).json.TaskNo);
    s.completeTask?.(off);
    expect([await lockOf('a.com'), await lockOf('b.com')]).toEqual(['CLOSE', 'OPEN']);
  });

  it.each([
    ['no list', {}, 'MissingDomainName'],
    ['a plain DomainName instead of the list', { DomainName: 'one.com' }, 'MissingDomainName'],
    ['an empty DomainName.1', { 'DomainName.1': '' }, 'MissingDomainName'],
    ['a list not starting at 1', { 'DomainName.2': 'one.com' }, 'MissingDomainName'],
    ['a gap', { 'DomainName.1': 'one.com', 'DomainName.3': 'two.net' }, 'InvalidDomainName'],
    ['an index with a leading zero', { 'DomainName.1': 'one.com', 'DomainName.02': 'two.net' }, 'InvalidDomainName'],
    ['no Status', { 'DomainName.1': 'one.com', Status: undefined }, 'MissingStatus'],
    ['Status not a Boolean', { 'DomainName.1': 'one.com', Status: 'off' }, 'InvalidStatus'],
    ['a malformed second name', listed(['one.com', 'Two.net']), 'ParameterIllegal'],
    ['an empty second name', listed(['one.com', '']), 'ParameterIllegal'],
    ['a host name', listed(['one.com', 'www.two.net']), 'DomainNotExist'],
    ['an unknown suffix', listed(['one.invalidsuffix']), 'DomainNotExist'],
    ['a name twice', listed(['one.com', 'two.net', 'one.com']), 'ParameterIllegal'],
    ['Lang unknown', { 'DomainName.1': 'one.com', Lang: 'de' }, 'ParameterIllegal'],
    ['UserClientIp not an IP', { 'DomainName.1': 'one.com', UserClientIp: '1.2.3' }, 'ParameterIllegal'],
  ] as const)('refuses %s, and makes no task', async (_, params, code) => {
    const { s, call } = await start({ domains: locked() });
    const r = await call({ Action: BATCH, Status: 'false', ...params });
    expect([r.status, r.json.Code]).toEqual([400, code]);
    expect(s.tasks()).toEqual([]);
  });

  it(`takes up to ${BATCH_LOCK_MAX_DOMAINS} domains; one more is InvalidDomainName`, async () => {
    const { s, call } = await start();
    const many = Array.from({ length: BATCH_LOCK_MAX_DOMAINS + 1 }, (_, i) => `bulk-${i}.com`);
    const over = await call({ Action: BATCH, ...listed(many), Status: 'false' });
    expect([over.status, over.json.Code]).toEqual([400, 'InvalidDomainName']);
    const ok = await call({ Action: BATCH, ...listed(many.slice(0, BATCH_LOCK_MAX_DOMAINS)), Status: 'false' });
    expect(ok.status).toBe(200);
    expect(s.tasks()).toHaveLength(BATCH_LOCK_MAX_DOMAINS);
  });

  it('with unknownDomains: refuse, a name not configured refuses the whole list', async () => {
    const { s, call } = await start({ unknownDomains: 'refuse', domains: locked() });
    const r = await call({ Action: BATCH, ...listed(['one.com', 'other.com']), Status: 'false', Lang: 'zh' });
    expect([r.json.Code, r.json.Message]).toEqual(['DomainNotExist', '域名不存在。']);
    expect(s.tasks()).toEqual([]);
  });

  it('TaskIsBeingProcessed both ways: a listed domain with a pending task, and a single Save while the batch runs', async () => {
    const { s, call } = await start({ taskDurationMs: 10_000, domains: locked() });
    const single = String((await call({ Action: LOCK, DomainName: 'two.net', Status: 'false' })).json.TaskNo);
    expect((await call({ Action: BATCH, ...listed(three), Status: 'false' })).json.Code).toBe('TaskIsBeingProcessed');
    s.completeTask?.(single);
    const batch = await call({ Action: BATCH, ...listed(three), Status: 'false' });
    expect(batch.status).toBe(200);
    expect((await call({ Action: CODE, DomainName: 'three.cn' })).json.Code).toBe('TaskIsBeingProcessed');
    expect((await call({ Action: LOCK, DomainName: 'one.com', Status: 'true' })).json.Code).toBe('TaskIsBeingProcessed');
    s.completeTask?.(String(batch.json.TaskNo));
    expect((await call({ Action: BATCH, ...listed(three), Status: 'true' })).status).toBe(200);
  });
});

describe('RAM for the account actions', () => {
  it.each([
    [LIST, { PageNum: '1', PageSize: '10' }, { queryCommonInfo: false }, 'domain:QueryCommonInfo', 'acs:domain:*:*:*'],
    [BATCH, { ...listed(['first.com', 'second.com']), Status: 'false' }, { securitySetting: false }, 'domain:SecuritySetting', 'acs:domain:*:*:domain/first.com'],
  ] as const)('%s: 403 Forbidden.RAM naming %s', async (action, params, permissions, ramAction, resource) => {
    const { s, call } = await start({ permissions });
    const r = await call({ Action: action, ...params });
    expect([r.status, r.json.Code]).toEqual([403, 'Forbidden.RAM']);
    expect(String(r.json.Message)).toContain(`Action ${ramAction} on Resource ${resource}`);
    expect(r.json.AccessDeniedDetail).toMatchObject({ AuthAction: ramAction });
    expect(s.tasks()).toEqual([]);
  });

  it('domain:QueryCommonInfo refused still allows the batch lock, and the other way round', async () => {
    const list = await start({ permissions: { queryCommonInfo: false } });
    expect((await list.call({ Action: BATCH, 'DomainName.1': 'a.com', Status: 'false' })).status).toBe(200);
    await list.s.close();
    const lock = await start({ permissions: { securitySetting: false } });
    expect((await lock.call({ Action: LIST, PageNum: '1', PageSize: '10' })).status).toBe(200);
  });
});

describe('the official SDK @alicloud/pop-core and the extension client', () => {
  it('pop-core calls both actions (POST and GET) and follows the pages', async () => {
    const { s, clock } = await start({ taskDurationMs: 200, domains: accountDomains(12), listPageSizeCap: 5 });
    clock.t = Date.now(); // pop-core signs with the real clock
    const c = popClient(s);
    const first = await c.request<ListBody>(LIST, { PageNum: 1, PageSize: 100, Lang: 'en' }, { method: 'POST' });
    expect(first).toMatchObject({ TotalItemNum: 12, TotalPageNum: 3, PageSize: 5, NextPage: true });
    const third = await c.request<ListBody>(LIST, { PageNum: 3, PageSize: 100 }, { method: 'GET' });
    expect(names(third)).toEqual(Object.keys(accountDomains(12)).slice(10));

    const locked = Object.keys(accountDomains(12)).filter((_, i) => (i + 1) % 5 === 0);
    const saved = await c.request<{ RequestId: string; TaskNo: string }>(BATCH, { ...listed(locked), Status: false, Lang: 'en' }, { method: 'POST' });
    expect(saved.TaskNo).toMatch(LOWER_UUID);
    expect(s.callsTo(BATCH).at(-1)?.params).toMatchObject({ 'DomainName.1': locked[0], 'DomainName.2': locked[1], Status: 'false' });
    const viaGet = await c.request<{ TaskNo: string }>(BATCH, { 'DomainName.1': 'account-01-example.com', Status: true }, { method: 'GET' });
    expect(viaGet.TaskNo).toMatch(LOWER_UUID);
    const detail = await c.request<{ Data: { TaskDetail: Row[] } }>(DETAILS, { TaskNo: saved.TaskNo, PageNum: 1, PageSize: 10 }, { method: 'POST' });
    expect(detail.Data.TaskDetail.map((r) => r.DomainName)).toEqual(locked);
  });

  it("the extension's listDomains and setTransferLocks are accepted", async () => {
    const { s, clock } = await start({ domains: accountDomains(3), listPageSizeCap: 2 });
    clock.t = Date.now(); // the extension's client signs with the real clock
    const api = createDomainApi({ credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' }, site: 'cn', endpoint: s.httpUrl, clock: new ClockOffset(), timeoutMs: 2_000 });
    const page2 = (await api.listDomains(2, 'en')) as ListBody;
    expect(page2).toMatchObject({ CurrentPageNum: 2, TotalPageNum: 2, PageSize: 2, NextPage: false });
    expect(names(page2)).toEqual(['account-03-example.com']);
    const taskNo = await api.setTransferLocks(['account-01-example.com', 'account-02-example.com'], false, 'zh');
    expect(s.tasks().map((t) => [t.taskNo, t.domain, t.lockOn])).toEqual([
      [taskNo, 'account-01-example.com', false],
      [taskNo, 'account-02-example.com', false],
    ]);
  });

  it('the batch answer is well-formed XML when Format is not JSON', async () => {
    const { call } = await start();
    const r = await call({ Action: BATCH, 'DomainName.1': 'a.com', Status: 'false', Format: undefined });
    const doc = parseXml(r.text);
    expect(doc?.documentElement.tagName).toBe('SaveBatchTaskForTransferProhibitionLockResponse');
    expect(doc?.getElementsByTagName('TaskNo')[0]?.textContent).toMatch(LOWER_UUID);
  });
});

describe('transfer-code tasks follow the transfer-out rules when they end', () => {
  const codeTask = async (t: Awaited<ReturnType<typeof start>>, domain: string, lang = 'en'): Promise<Row> => {
    const saved = await t.call({ Action: CODE, DomainName: domain });
    if (saved.status !== 200) throw new Error(saved.text);
    t.s.completeTask?.(String(saved.json.TaskNo));
    return (await t.rows(String(saved.json.TaskNo), { Lang: lang }))[0] as Row;
  };

  it.each([
    ['the transfer lock on', { transferLock: true }, CODE_BLOCKS.locked],
    ['registered 10 days ago', { registeredAt: clock0() - 10 * DAY }, CODE_BLOCKS.tooNew],
    ['registered 59 days and 23 hours ago', { registeredAt: clock0() - 60 * DAY + HOUR }, CODE_BLOCKS.tooNew],
    ['locked and fresh: the lock is named', { transferLock: true, registeredAt: clock0() - DAY }, CODE_BLOCKS.locked],
  ] as const)('%s: EXECUTE_FAILURE with the reason in en and zh, no code', async (_, setup, reason) => {
    const t = await start({ domains: { 'x.com': setup } });
    const failed = await codeTask(t, 'x.com');
    expect(failed).toMatchObject({ TaskStatus: 'EXECUTE_FAILURE', TaskStatusCode: 3, ErrorMsg: reason.en, FailReason: reason.en });
    expect(failed.TaskResult).toBeUndefined();
    expect((await t.rows(failed.TaskNo, { Lang: 'zh' }))[0]?.ErrorMsg).toBe(reason.zh);
    expect(t.s.tasks()[0]?.code).toBeUndefined();
    expect(Object.keys((await t.call({ Action: TRANSFER_OUT, DomainName: 'x.com' })).json)).toEqual(['RequestId']);
  });

  it('registered exactly 60 days ago, or by default two years ago: the code', async () => {
    const t = await start({ domains: { 'sixty.com': { registeredAt: clock0() - 60 * DAY, code: 'S1xty#Days' } } });
    expect(await codeTask(t, 'sixty.com')).toMatchObject({ TaskStatus: 'EXECUTE_SUCCESS', TaskResult: 'S1xty#Days', ErrorMsg: '' });
    expect((await codeTask(t, 'plain.com')).TaskStatus).toBe('EXECUTE_SUCCESS');
  });

  it('the age counts when the task ends: saved on day 59, ended on day 60 -> the code', async () => {
    const t = await start({ taskDurationMs: 2 * HOUR, domains: { 'young.com': { registeredAt: clock0() - 60 * DAY + HOUR } } });
    const taskNo = String((await t.call({ Action: CODE, DomainName: 'young.com' })).json.TaskNo);
    t.clock.t += 2 * HOUR;
    expect((await t.rows(taskNo))[0]).toMatchObject({ TaskStatus: 'EXECUTE_SUCCESS' });
  });

  it('the lock counts when the task ends: a lock task ending first decides (concurrentTasks: allow)', async () => {
    const t = await start({ concurrentTasks: 'allow', domains: { 'on.com': { transferLock: true }, 'off.com': {} } });
    /** A code task and a lock task saved together, ended in the order given; the code task's row after both. */
    const endInOrder = async (domain: string, status: string, first: 'code' | 'lock'): Promise<Row> => {
      const code = String((await t.call({ Action: CODE, DomainName: domain })).json.TaskNo);
      const lock = String((await t.call({ Action: LOCK, DomainName: domain, Status: status })).json.TaskNo);
      for (const taskNo of first === 'code' ? [code, lock] : [lock, code]) {
        t.clock.t += 500;
        t.s.completeTask?.(taskNo);
      }
      return (await t.rows(code))[0] as Row;
    };
    expect(await endInOrder('on.com', 'false', 'lock')).toMatchObject({ TaskStatus: 'EXECUTE_SUCCESS' });
    expect(await endInOrder('off.com', 'true', 'lock')).toMatchObject({ TaskStatus: 'EXECUTE_FAILURE', ErrorMsg: CODE_BLOCKS.locked.en });
    // off.com is locked now: a code task ending before the unlock fails, and stays failed after it
    expect(await endInOrder('off.com', 'false', 'code')).toMatchObject({ TaskStatus: 'EXECUTE_FAILURE' });
    expect(await t.lockOf('off.com')).toBe('CLOSE');
  });

  it('unlock with the batch action, then the code arrives', async () => {
    const t = await start({ domains: demoDomains(clock0()) });
    expect(await codeTask(t, 'locked-example.com')).toMatchObject({ TaskStatus: 'EXECUTE_FAILURE', ErrorMsg: CODE_BLOCKS.locked.en });
    expect(await codeTask(t, 'fresh-example.com')).toMatchObject({ TaskStatus: 'EXECUTE_FAILURE', ErrorMsg: CODE_BLOCKS.tooNew.en });
    expect((await codeTask(t, 'ready-example.com')).TaskResult).toBe(DEMO_CODES['ready-example.com']);
    const unlock = String((await t.call({ Action: BATCH, 'DomainName.1': 'locked-example.com', Status: 'false' })).json.TaskNo);
    t.s.completeTask?.(unlock);
    expect((await codeTask(t, 'locked-example.com')).TaskResult).toBe(DEMO_CODES['locked-example.com']);
  });

  it("a domain's configured fail wins over the rules", async () => {
    const t = await start({ domains: { 'x.com': { transferLock: true, fail: 'DomainStatusProhibited' } } });
    expect((await codeTask(t, 'x.com')).ErrorMsg).toBe('DomainStatusProhibited');
  });
});

describe('simulator CLI account domains', () => {
  it('--account-domains N --list-page-cap M: N domains in QueryDomainList, M a page', async () => {
    await withCli(['--account-domains', '30', '--list-page-cap', '10'], async ({ out, client }) => {
      expect(out).toContain('account:     30 domains in QueryDomainList, at most 10 a page');
      const page = await client.request<ListBody>(LIST, { PageNum: 3, PageSize: 100 }, { method: 'POST' });
      expect(page).toMatchObject({ TotalItemNum: 30, TotalPageNum: 3, PageSize: 10, NextPage: false });
      expect(names(page).at(-1)).toBe('account-30-example.com');
    });
  });
});

/** The start time of `start()`'s clock: noon China time of today. */
function clock0(): number {
  return chinaDay(Date.now()) + 12 * HOUR;
}
