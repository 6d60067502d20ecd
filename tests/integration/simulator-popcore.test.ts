// The simulator against the official Node SDK (@alicloud/pop-core) and against hand-made raw
// requests. pop-core is an independent client: if it is accepted, the simulator's verifier agrees
// with Alibaba Cloud's own signer; the raw requests probe each refusal path.

import RPCClient from '@alicloud/pop-core';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server.ts';
import type { Paged } from './helpers/simulator.ts';
import { signedRequest as rawRequest, timestamp } from './helpers/raw.ts';

const SAVE = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
const QUERY = 'QueryTaskDetailList';
const NASTY_CODE = `<img src=x onerror=alert(1)>&"' code`;
const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator(options);
  return sim;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- pop-core helpers ---------------------------------------------------------------------------

function client(s: Simulator, extra: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } = {}): RPCClient {
  return new RPCClient({
    accessKeyId: extra.accessKeyId ?? 'testid',
    accessKeySecret: extra.accessKeySecret ?? 'testsecret',
    ...(extra.securityToken !== undefined ? { securityToken: extra.securityToken } : {}),
    endpoint: s.httpUrl,
    apiVersion: '2018-01-29',
  });
}

interface SaveResponse {
  RequestId: string;
  TaskNo: string;
}
interface TaskDetail {
  TaskNo: string;
  TaskDetailNo: string;
  TaskStatus: string;
  TaskStatusCode: number;
  TaskResult?: string;
  ErrorMsg: string;
  FailReason: string;
  DomainName: string;
  CreateTime: string;
  UpdateTime: string;
}
type QueryResponse = Paged<'TaskDetail', TaskDetail>;

/** pop-core throws an Error with `code` and `data` (the parsed error body). */
function popError(e: unknown): { code: string; data: Record<string, unknown> } {
  const err = e as { code?: unknown; data?: unknown };
  if (typeof err.code !== 'string') throw e;
  return { code: err.code, data: (err.data ?? {}) as Record<string, unknown> };
}

async function expectPopError(p: Promise<unknown>): Promise<{ code: string; data: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return popError(e);
  }
  throw new Error('expected the request to be refused');
}

// ---- raw requests (own signer on Node crypto): tests/integration/helpers/raw.ts --------------

const saveParams = (domain: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  Action: SAVE,
  DomainName: domain,
  ...extra,
});
const queryParams = (taskNo: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  Action: QUERY,
  TaskNo: taskNo,
  PageNum: '1',
  PageSize: '10',
  ...extra,
});

// ---- tests ------------------------------------------------------------------------------------

describe('simulator with the official SDK @alicloud/pop-core', () => {
  it('accepts both actions by POST and completes the task with the code, verbatim', async () => {
    const s = await start({ taskDurationMs: 300, domains: { 'example.com': { code: NASTY_CODE } } });
    const c = client(s);
    const saved = await c.request<SaveResponse>(SAVE, { DomainName: 'example.com', Lang: 'en' }, { method: 'POST' });
    expect(saved.TaskNo).toMatch(LOWER_UUID);
    expect(saved.RequestId).toMatch(UPPER_UUID);

    const early = await c.request<QueryResponse>(QUERY, { TaskNo: saved.TaskNo, PageNum: 1, PageSize: 10 }, { method: 'POST' });
    expect(early.TotalItemNum).toBe(1);
    const first = early.Data.TaskDetail[0] as TaskDetail;
    expect(first.TaskNo).toBe(saved.TaskNo);
    expect(first.DomainName).toBe('example.com');
    expect([0, 1]).toContain(first.TaskStatusCode);
    expect(first.TaskResult).toBeUndefined();

    await sleep(350);
    const done = await c.request<QueryResponse>(QUERY, { TaskNo: saved.TaskNo, PageNum: 1, PageSize: 10 }, { method: 'POST' });
    expect(done).toMatchObject({ TotalItemNum: 1, CurrentPageNum: 1, TotalPageNum: 1, PageSize: 10, PrePage: false, NextPage: false });
    const detail = done.Data.TaskDetail[0] as TaskDetail;
    expect(detail).toMatchObject({ TaskStatus: 'EXECUTE_SUCCESS', TaskStatusCode: 2, TaskResult: NASTY_CODE });
    expect(detail.TaskDetailNo).toMatch(LOWER_UUID);
    expect(detail.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    expect(s.callsTo(SAVE)).toHaveLength(1);
    expect(s.callsTo(QUERY).map((x) => x.status)).toEqual([200, 200]);
    expect(s.calls[0]).toMatchObject({ method: 'POST', action: SAVE, status: 200 });
    expect(s.calls[0]?.params.DomainName).toBe('example.com');
    expect(s.tasks()).toEqual([{ taskNo: saved.TaskNo, domain: 'example.com', status: 2, code: NASTY_CODE }]);
  });

  it('accepts GET as well', async () => {
    const s = await start({ taskDurationMs: 200 });
    const c = client(s);
    const saved = await c.request<SaveResponse>(SAVE, { DomainName: '中文.中国' }, { method: 'GET' });
    const q = await c.request<QueryResponse>(QUERY, { TaskNo: saved.TaskNo, PageNum: 1, PageSize: 1 }, { method: 'GET' });
    expect(q.Data.TaskDetail[0]?.DomainName).toBe('中文.中国');
    expect(s.calls.map((x) => x.method)).toEqual(['GET', 'GET']);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and shows the server string to sign', async () => {
    const s = await start();
    const err = await expectPopError(
      client(s, { accessKeySecret: 'wrongsecret' }).request(SAVE, { DomainName: 'example.com' }, { method: 'POST' }),
    );
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(String(err.data.Message)).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3Dtestid%26Action%3DSaveSingleTaskForQueryingTransferAuthorizationCode%26DomainName%3Dexample.com%26/,
    );
    expect(s.calls[0]).toMatchObject({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(s.tasks()).toEqual([]);
  });

  it('needs the right SecurityToken for an STS key id', async () => {
    const s = await start({ accessKeys: { 'STS.demo': 'stssecret' }, stsTokens: { 'STS.demo': 'token-1' } });
    const as = (securityToken?: string): RPCClient =>
      client(s, { accessKeyId: 'STS.demo', accessKeySecret: 'stssecret', ...(securityToken ? { securityToken } : {}) });
    expect((await expectPopError(as().request(SAVE, { DomainName: 'example.com' }, { method: 'POST' }))).code).toBe(
      'MissingSecurityToken',
    );
    expect((await expectPopError(as('token-2').request(SAVE, { DomainName: 'example.com' }, { method: 'POST' }))).code).toBe(
      'InvalidSecurityToken.MismatchWithAccessKey',
    );
    const ok = await as('token-1').request<SaveResponse>(SAVE, { DomainName: 'example.com' }, { method: 'POST' });
    expect(ok.TaskNo).toMatch(LOWER_UUID);
  });
});

describe('simulator refusals (raw requests)', () => {
  it('answers with Date, JSON content type, x-acs-request-id and the error body shape', async () => {
    const s = await start();
    const r = await rawRequest(s, { params: { Action: 'NoSuchAction' } });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(Math.abs(Date.parse(r.headers.date ?? '') - Date.now())).toBeLessThan(5000);
    expect(r.json).toMatchObject({ Code: 'InvalidAction.NotFound', HostId: 'domain.aliyuncs.com' });
    expect(r.json.RequestId).toMatch(UPPER_UUID);
    expect(r.headers['x-acs-request-id']).toBe(r.json.RequestId);
    expect(String(r.json.Recommend)).toMatch(/^https:\/\//);
    expect(typeof r.json.Message).toBe('string');
  });

  it('refuses a reused nonce with SignatureNonceUsed', async () => {
    const s = await start();
    const nonce = randomUUID();
    expect((await rawRequest(s, { params: saveParams('example.com', { SignatureNonce: nonce }) })).status).toBe(200);
    const again = await rawRequest(s, { params: queryParams('x', { SignatureNonce: nonce }) });
    expect(again.status).toBe(400);
    expect(again.json.Code).toBe('SignatureNonceUsed');
    // a request with a bad signature does not burn the nonce
    const fresh = randomUUID();
    expect((await rawRequest(s, { params: queryParams('x', { SignatureNonce: fresh }), secret: 'bad' })).json.Code).toBe(
      'SignatureDoesNotMatch',
    );
    expect((await rawRequest(s, { params: queryParams('x', { SignatureNonce: fresh }) })).status).toBe(200);
  });

  it('refuses a timestamp 20 minutes off, and a skewed server clock shows in the Date header', async () => {
    const s = await start();
    const late = await rawRequest(s, { params: saveParams('example.com', { Timestamp: timestamp(Date.now() - 20 * 60_000) }) });
    expect(late.status).toBe(400);
    expect(late.json.Code).toBe('InvalidTimeStamp.Expired');
    const ahead = await rawRequest(s, { params: saveParams('example.com', { Timestamp: timestamp(Date.now() + 20 * 60_000) }) });
    expect(ahead.json.Code).toBe('InvalidTimeStamp.Expired');

    s.setClockSkew(20 * 60_000);
    const skewed = await rawRequest(s, { params: saveParams('example.com') });
    expect(skewed.json.Code).toBe('InvalidTimeStamp.Expired');
    const serverDate = Date.parse(skewed.headers.date ?? '');
    expect(Math.abs(serverDate - (Date.now() + 20 * 60_000))).toBeLessThan(5000);
    // a client that corrects its clock from the Date header gets through
    const corrected = await rawRequest(s, { params: saveParams('example.com', { Timestamp: timestamp(serverDate) }) });
    expect(corrected.status).toBe(200);

    for (const bad of ['2024-01-01T00:00:00.000Z', '2024-01-01 00:00:00', '2024-02-30T00:00:00Z']) {
      expect((await rawRequest(s, { params: saveParams('example.com', { Timestamp: bad }) })).json.Code).toBe(
        'InvalidTimeStamp.Format',
      );
    }
  });

  it('names a missing required parameter (gateway style Missing{Name})', async () => {
    const s = await start();
    const r = await rawRequest(s, { params: { Action: SAVE } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ Code: 'MissingDomainName', Message: 'DomainName is mandatory for this action.' });
    for (const name of ['SignatureNonce', 'Timestamp', 'Version', 'AccessKeyId']) {
      const m = await rawRequest(s, { params: saveParams('example.com', { [name]: undefined }) });
      expect(m.json.Code).toBe(`Missing${name}`);
    }
    expect((await rawRequest(s, { params: { Action: QUERY, TaskNo: 'x', PageNum: '1' } })).json.Code).toBe('MissingPageSize');
  });

  it('refuses an unknown action with 404 InvalidAction.NotFound, and other versions', async () => {
    const s = await start();
    const r = await rawRequest(s, { params: { Action: 'DescribeRegions' } });
    expect(r.status).toBe(404);
    expect(r.json.Code).toBe('InvalidAction.NotFound');
    expect((await rawRequest(s, { params: saveParams('example.com', { Version: '2017-12-18' }) })).json.Code).toBe(
      'InvalidVersion',
    );
    expect((await rawRequest(s, { method: 'PUT', params: saveParams('example.com') })).json.Code).toBe('UnsupportedHTTPMethod');
    expect((await rawRequest(s, { path: '/api', params: saveParams('example.com') })).status).toBe(404);
  });

  it('refuses unknown and disabled keys', async () => {
    const s = await start({ accessKeys: { testid: 'testsecret', old: 'oldsecret' }, inactiveKeys: ['old'] });
    const unknown = await rawRequest(s, { params: saveParams('example.com', { AccessKeyId: 'nobody' }) });
    expect([unknown.status, unknown.json.Code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);
    const old = await rawRequest(s, { params: saveParams('example.com', { AccessKeyId: 'old' }), secret: 'oldsecret' });
    expect([old.status, old.json.Code]).toEqual([400, 'InvalidAccessKeyId.Inactive']);
  });

  it('answers Forbidden.RAM naming the RAM action that is missing', async () => {
    const s = await start({ permissions: { transferOut: false, queryTask: false } });
    const save = await rawRequest(s, { params: saveParams('example.com') });
    expect([save.status, save.json.Code]).toEqual([403, 'Forbidden.RAM']);
    expect(String(save.json.Message)).toContain('domain:DomainTransferOutOperation');
    const query = await rawRequest(s, { params: queryParams('x') });
    expect([query.status, query.json.Code]).toEqual([403, 'Forbidden.RAM']);
    expect(String(query.json.Message)).toContain('domain:QueryDomainTask');
  });

  it('validates domain names, Lang and paging', async () => {
    const s = await start({ unknownDomains: 'accept' });
    const code = async (params: Record<string, string | undefined>): Promise<unknown> =>
      (await rawRequest(s, { params })).json.Code;
    expect(await code(saveParams('Example.com'))).toBe('ParameterIllegal');
    expect(await code(saveParams('not a domain'))).toBe('ParameterIllegal');
    expect(await code(saveParams('xn--fiq228c.xn--fiqs8s'))).toBe('ParameterIllegal');
    expect(await code(saveParams('example.com.'))).toBe('ParameterIllegal');
    expect(await code(saveParams('www.example.com'))).toBe('DomainNotExist');
    expect(await code(saveParams('example.com', { Lang: 'fr' }))).toBe('ParameterIllegal');
    expect(await code(queryParams('x', { PageSize: '1001' }))).toBe('InvalidPageSize');
    expect(await code(queryParams('x', { PageNum: '0' }))).toBe('InvalidPageNum');
    const zh = await rawRequest(s, { params: saveParams('www.example.com', { Lang: 'zh' }) });
    expect(zh.json.Message).toBe('域名不存在。');

    const refusing = await startSimulator({ unknownDomains: 'refuse', domains: { 'mine.com': {} } });
    try {
      expect((await rawRequest(refusing, { params: saveParams('other.com') })).json.Code).toBe('DomainNotExist');
      expect((await rawRequest(refusing, { params: saveParams('mine.com') })).status).toBe(200);
    } finally {
      await refusing.close();
    }
  });

  it('refuses a second Save while the domain has a pending task; other keys see an empty list', async () => {
    const s = await start({ taskDurationMs: 10_000, accessKeys: { testid: 'testsecret', other: 'othersecret' } });
    const first = await rawRequest(s, { params: saveParams('example.com') });
    expect(first.status).toBe(200);
    const second = await rawRequest(s, { params: saveParams('example.com') });
    expect(second.json.Code).toBe('TaskIsBeingProcessed');
    const taskNo = String(first.json.TaskNo);
    const foreign = await rawRequest(s, { params: queryParams(taskNo, { AccessKeyId: 'other' }), secret: 'othersecret' });
    expect(foreign.status).toBe(200);
    expect(foreign.json).toMatchObject({ TotalItemNum: 0, Data: { TaskDetail: [] } });
    const unknown = await rawRequest(s, { params: queryParams(randomUUID()) });
    expect(unknown.json).toMatchObject({ TotalItemNum: 0, Data: { TaskDetail: [] } });
    s.completeTask?.(taskNo);
    expect(s.tasks()[0]?.status).toBe(2);
    expect((await rawRequest(s, { params: saveParams('example.com') })).status).toBe(200);
  });

  it('runs the failure path: EXECUTE_FAILURE with ErrorMsg and FailReason, no TaskResult', async () => {
    let clock = Date.now();
    const s = await start({
      now: () => clock,
      taskDurationMs: 1000,
      domains: { 'locked.com': { fail: 'DomainStatusProhibited' } },
    });
    const saved = await rawRequest(s, { params: saveParams('locked.com'), method: 'GET' });
    const taskNo = String(saved.json.TaskNo);
    const status = async (): Promise<TaskDetail> => {
      const r = await rawRequest(s, { params: queryParams(taskNo, { Timestamp: timestamp(clock) }) });
      return (r.json as unknown as QueryResponse).Data.TaskDetail[0] as TaskDetail;
    };
    expect((await status()).TaskStatus).toBe('WAITING_EXECUTE');
    clock += 600;
    expect((await status()).TaskStatus).toBe('EXECUTING');
    clock += 600;
    const failed = await status();
    expect(failed).toMatchObject({
      TaskStatus: 'EXECUTE_FAILURE',
      TaskStatusCode: 3,
      ErrorMsg: 'DomainStatusProhibited',
      FailReason: 'DomainStatusProhibited',
    });
    expect(failed.TaskResult).toBeUndefined();
  });

  it('can hide a new task for a while and allow concurrent tasks when asked', async () => {
    let clock = Date.now();
    const s = await start({ now: () => clock, taskDurationMs: 1000, taskVisibleAfterMs: 300, concurrentTasks: 'allow' });
    const a = await rawRequest(s, { params: saveParams('example.com') });
    const b = await rawRequest(s, { params: saveParams('example.com') });
    expect([a.status, b.status]).toEqual([200, 200]);
    const list = async (): Promise<unknown> =>
      (await rawRequest(s, { params: queryParams(String(a.json.TaskNo), { Timestamp: timestamp(clock) }) })).json.TotalItemNum;
    expect(await list()).toBe(0);
    clock += 300;
    expect(await list()).toBe(1);
  });

  it('answers XML when Format is not JSON (the gateway default)', async () => {
    const s = await start({ domains: { 'example.com': { code: NASTY_CODE } } });
    const r = await rawRequest(s, { params: saveParams('example.com', { Format: undefined }) });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/xml;charset=utf-8');
    expect(r.text).toMatch(/^<\?xml[^>]*><SaveSingleTaskForQueryingTransferAuthorizationCodeResponse><RequestId>/);
    expect((await rawRequest(s, { params: saveParams('example.com', { Format: 'json' }) })).text).toContain(
      '<Code>InvalidParameter.Format</Code>',
    );
  });
});

describe('simulator faults', () => {
  it('error: answers the injected code for the next `times` matching requests only', async () => {
    const s = await start();
    s.injectFault({ kind: 'error', code: 'TaskIsBeingProcessed', action: SAVE, times: 2 });
    expect((await rawRequest(s, { params: queryParams('x') })).status).toBe(200); // other action: untouched
    const e1 = await rawRequest(s, { params: saveParams('example.com') });
    expect([e1.status, e1.json.Code]).toEqual([400, 'TaskIsBeingProcessed']);
    expect((await rawRequest(s, { params: saveParams('example.com') })).json.Code).toBe('TaskIsBeingProcessed');
    expect((await rawRequest(s, { params: saveParams('example.com') })).status).toBe(200);

    s.injectFault({ kind: 'error', code: 'Throttling.User', httpStatus: 429, message: 'slow down' });
    const t = await rawRequest(s, { params: queryParams('x') });
    expect([t.status, t.json.Code, t.json.Message]).toEqual([429, 'Throttling.User', 'slow down']);
  });

  it('error faults apply even to requests that would fail authentication', async () => {
    const s = await start();
    s.injectFault({ kind: 'error', code: 'Throttling' });
    expect((await rawRequest(s, { params: saveParams('example.com'), secret: 'bad' })).json.Code).toBe('Throttling');
  });

  it('http5xx: answers a server error', async () => {
    const s = await start();
    s.injectFault({ kind: 'http5xx' });
    s.injectFault({ kind: 'http5xx', httpStatus: 500 });
    const a = await rawRequest(s, { params: saveParams('example.com') });
    expect([a.status, a.json.Code]).toEqual([503, 'ServiceUnavailable']);
    const b = await rawRequest(s, { params: saveParams('example.com') });
    expect([b.status, b.json.Code]).toEqual([500, 'InternalError']);
    expect(s.tasks()).toEqual([]);
  });

  it('drop: closes the connection without an answer, and pop-core sees a network error', async () => {
    const s = await start();
    s.injectFault({ kind: 'drop', times: 2 });
    await expect(rawRequest(s, { params: saveParams('example.com') })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(client(s).request(SAVE, { DomainName: 'example.com' }, { method: 'POST' })).rejects.toThrow();
    expect(s.calls.map((c) => c.status)).toEqual([0, 0]);
    expect((await rawRequest(s, { params: saveParams('example.com') })).status).toBe(200);
  });

  it('delay: holds the answer, then processes normally', async () => {
    const s = await start();
    s.injectFault({ kind: 'delay', ms: 300, action: QUERY });
    const t0 = Date.now();
    const r = await rawRequest(s, { params: queryParams('x') });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(200);
    const t1 = Date.now();
    await rawRequest(s, { params: queryParams('x') });
    expect(Date.now() - t1).toBeLessThan(250);
  });
});

describe('simulator HTTPS endpoint', () => {
  it('answers over TLS with a certificate for the real host names, pinned by its SPKI hash', async () => {
    const s = await start();
    const r = await rawRequest(s, { https: true, params: saveParams('example.com') });
    expect(r.status).toBe(200);
    expect(r.json.TaskNo).toMatch(LOWER_UUID);
    const cert = new X509Certificate(s.certPem);
    expect(cert.subjectAltName).toContain('DNS:domain.aliyuncs.com');
    expect(cert.subjectAltName).toContain('DNS:domain-intl.aliyuncs.com');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    expect(createHash('sha256').update(spki).digest('base64')).toBe(s.spkiSha256);
    expect(s.httpsUrl).toBe(`https://127.0.0.1:${s.httpsPort}/`);
  });
});
