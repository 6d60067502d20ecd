// The project's client and Domain API wrapper over real HTTP against the strict simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callRpc, ClockOffset, type Credentials } from '../../lib/aliyun/client';
import { classifyCode } from '../../lib/aliyun/errors';
import { createDomainApi, type DomainApi } from '../../lib/domain/api';
import { startSimulator } from '../simulator/server';
import type { Simulator } from '../simulator/types';

const creds: Credentials = { accessKeyId: 'AKIDint', accessKeySecret: 'int-secret-value' };
let sim: Simulator;

const apiWith = (c: Credentials = creds, clock = new ClockOffset()): DomainApi =>
  createDomainApi({ credentials: c, site: 'cn', endpoint: sim.httpUrl, clock, timeoutMs: 2_000 });

beforeAll(async () => {
  sim = await startSimulator({
    accessKeys: { [creds.accessKeyId]: creds.accessKeySecret, 'STS.int': 'sts-secret', AKIDoff: 'x' },
    stsTokens: { 'STS.int': 'sts-token-1' },
    inactiveKeys: ['AKIDoff'],
    taskDurationMs: 300,
    domains: {
      'example.com': { code: '<img src=x onerror=alert(1)>&"\' ok' },
      'locked.com': { fail: 'The domain is locked against transfer' },
    },
    concurrentTasks: 'allow',
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.setClockSkew(0));

const waitFor = async (api: DomainApi, taskNo: string) => {
  for (let i = 0; i < 50; i++) {
    const state = await api.queryTask(taskNo, 'en');
    if (state.status === 'success' || state.status === 'failure') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('task did not finish');
};

describe('both actions succeed', () => {
  it('Save returns a TaskNo and the task ends with the code verbatim', async () => {
    const api = apiWith();
    const taskNo = await api.requestTransferCode('example.com', 'en');
    expect(taskNo).toMatch(/^[0-9a-f-]{36}$/);
    expect(await waitFor(api, taskNo)).toEqual({ status: 'success', code: '<img src=x onerror=alert(1)>&"\' ok' });
    expect(sim.callsTo('SaveSingleTaskForQueryingTransferAuthorizationCode').at(-1)).toMatchObject({ method: 'POST', status: 200 });
  });

  it('a failing task is reported with its reason', async () => {
    const api = apiWith();
    const taskNo = await api.requestTransferCode('locked.com', 'en');
    expect(await waitFor(api, taskNo)).toEqual({ status: 'failure', error: 'The domain is locked against transfer' });
  });

  it('STS credentials are accepted with their token', async () => {
    const api = apiWith({ accessKeyId: 'STS.int', accessKeySecret: 'sts-secret', securityToken: 'sts-token-1' });
    await expect(api.requestTransferCode('sts-example.com', 'zh')).resolves.toMatch(/-/);
  });

  it('a task number that does not exist reads as waiting (empty list)', async () => {
    expect(await apiWith().queryTask('00000000-0000-0000-0000-000000000000', 'en')).toEqual({ status: 'waiting' });
  });
});

describe('every error class reaches the right typed error', () => {
  const cases: Array<[string, () => Promise<unknown>, string, string]> = [
    ['wrong secret', () => apiWith({ ...creds, accessKeySecret: 'wrong' }).requestTransferCode('example.com', 'en'), 'SignatureDoesNotMatch', 'fatal'],
    ['unknown key', () => apiWith({ accessKeyId: 'nobody', accessKeySecret: 'x' }).requestTransferCode('example.com', 'en'), 'InvalidAccessKeyId.NotFound', 'fatal'],
    ['disabled key', () => apiWith({ accessKeyId: 'AKIDoff', accessKeySecret: 'x' }).requestTransferCode('example.com', 'en'), 'InvalidAccessKeyId.Inactive', 'fatal'],
    ['STS without token', () => apiWith({ accessKeyId: 'STS.int', accessKeySecret: 'sts-secret' }).requestTransferCode('example.com', 'en'), 'MissingSecurityToken', 'fatal'],
    ['domain not valid', () => apiWith().requestTransferCode('not_a_domain', 'en'), 'ParameterIllegal', 'fatal'],
  ];
  it.each(cases)('%s', async (_name, call, code, recovery) => {
    const err = await call().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'api', code });
    expect(classifyCode(code).recovery).toBe(recovery);
    expect(String((err as Error).message)).not.toContain(creds.accessKeySecret);
  });

  it.each([
    ['Throttling.User', 400, 'retry-backoff'],
    ['TaskIsBeingProcessed', 400, 'retry-backoff'],
    ['Forbidden.RAM', 403, 'fatal'],
    ['DomainNotExist', 400, 'fatal'],
  ])('injected %s arrives typed', async (code, httpStatus, recovery) => {
    sim.injectFault({ kind: 'error', code, httpStatus, action: 'SaveSingleTaskForQueryingTransferAuthorizationCode' });
    const err = await apiWith().requestTransferCode('example.com', 'en').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'api', code, httpStatus });
    expect(classifyCode(code, httpStatus).recovery).toBe(recovery);
  });

  it('a 503 is a retryable server error', async () => {
    sim.injectFault({ kind: 'http5xx', httpStatus: 503 });
    const err = await apiWith().queryTask('x', 'en').catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatus: 503 });
    const e = err as { code: string; httpStatus: number };
    expect(classifyCode(e.code, e.httpStatus).recovery).toBe('retry-backoff');
  });

  it('a dropped connection is a NetworkError', async () => {
    sim.injectFault({ kind: 'drop' });
    await expect(apiWith().queryTask('x', 'en')).rejects.toMatchObject({ kind: 'network', code: 'NetworkError' });
  });

  it('a server that does not answer in time is a RequestTimeout', async () => {
    sim.injectFault({ kind: 'delay', ms: 3_000 });
    await expect(apiWith().queryTask('x', 'en')).rejects.toMatchObject({ kind: 'network', code: 'RequestTimeout' });
  });
});

describe('clock and nonce', () => {
  it('a simulator clock 20 minutes ahead is overcome by the learned offset', async () => {
    sim.setClockSkew(20 * 60_000);
    const clock = new ClockOffset();
    const before = sim.calls.length;
    await expect(apiWith(creds, clock).requestTransferCode('clock-example.com', 'en')).resolves.toMatch(/-/);
    const codes = sim.calls.slice(before).map((c) => c.code ?? 'OK');
    expect(codes).toEqual(['InvalidTimeStamp.Expired', 'OK']);
    expect(Math.abs(clock.offsetMs - 20 * 60_000)).toBeLessThan(2_000);
    // the next call uses the offset at once
    await apiWith(creds, clock).queryTask('x', 'en');
    expect(sim.calls.at(-1)!.code).toBeUndefined();
  });

  it('a reused nonce is refused', async () => {
    const req = { endpoint: sim.httpUrl, version: '2018-01-29', action: 'QueryTaskDetailList', params: { TaskNo: 'x', PageNum: '1', PageSize: '10' } };
    const fixed = { nonce: () => 'the-same-nonce-every-time' };
    await callRpc(req, creds, fixed);
    await expect(callRpc(req, creds, fixed)).rejects.toMatchObject({ code: 'SignatureNonceUsed' });
  });
});
