import { describe, expect, it } from 'vitest';
import { ApiError, callRpc, ClockOffset, formatTimestamp, NetworkError, type Credentials } from '../../lib/aliyun/client';
import { signature } from '../../lib/aliyun/sign';

const creds: Credentials = { accessKeyId: 'testid', accessKeySecret: 'Very$ecretValue1234' };
const req = { endpoint: 'https://domain.aliyuncs.com/', version: '2018-01-29', action: 'QueryTaskDetailList', params: { TaskNo: 't', PageNum: '1', PageSize: '10' } };

interface Sent { url: string; body: URLSearchParams; headers: Headers }

/** A fetch that records requests and answers from a list. */
function fakeFetch(answers: Array<() => Response>) {
  const sent: Sent[] = [];
  const fn = async (url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(url), body: new URLSearchParams(String(init?.body)), headers: new Headers(init?.headers) });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  return { fetch: fn as typeof fetch, sent };
}

const json = (status: number, body: unknown, date?: string) =>
  () => new Response(JSON.stringify(body), { status, headers: date ? { Date: date } : {} });

describe('callRpc', () => {
  it('POSTs a form body with the common parameters and a verifiable signature', async () => {
    const { fetch, sent } = fakeFetch([json(200, { RequestId: 'R', TotalItemNum: 0 })]);
    const body = await callRpc<{ RequestId: string }>(req, creds, { fetch, now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 678), nonce: () => 'n-1' });
    expect(body.RequestId).toBe('R');
    const p = Object.fromEntries(sent[0].body);
    expect(sent[0].headers.get('Content-Type')).toBe('application/x-www-form-urlencoded');
    expect(p).toMatchObject({
      Action: 'QueryTaskDetailList', Format: 'JSON', Version: '2018-01-29', AccessKeyId: 'testid',
      SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: 'n-1', Timestamp: '2026-01-02T03:04:05Z', TaskNo: 't',
    });
    expect(p.SecurityToken).toBeUndefined();
    const { Signature, ...rest } = p;
    expect(Signature).toBe(signature(creds.accessKeySecret, 'POST', rest));
  });

  it('adds SecurityToken for STS credentials', async () => {
    const { fetch, sent } = fakeFetch([json(200, {})]);
    await callRpc(req, { ...creds, accessKeyId: 'STS.x', securityToken: 'tok' }, { fetch });
    expect(sent[0].body.get('SecurityToken')).toBe('tok');
  });

  it('uses a fresh nonce on every attempt', async () => {
    const { fetch, sent } = fakeFetch([json(400, { Code: 'SignatureNonceUsed', Message: 'used' }), json(200, {})]);
    await callRpc(req, creds, { fetch });
    expect(sent).toHaveLength(2);
    expect(sent[0].body.get('SignatureNonce')).not.toBe(sent[1].body.get('SignatureNonce'));
  });

  it('an API error becomes a typed ApiError with code, message, requestId, status and recommend', async () => {
    const { fetch } = fakeFetch([json(403, { RequestId: 'R9', Code: 'Forbidden.RAM', Message: 'no', Recommend: 'https://r' })]);
    const err = await callRpc(req, creds, { fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'api', code: 'Forbidden.RAM', message: 'no', requestId: 'R9', httpStatus: 403, recommend: 'https://r' });
  });

  it('an API error is typed even on HTTP 200 and on 5xx', async () => {
    for (const status of [200, 503]) {
      const { fetch } = fakeFetch([json(status, { Code: 'ServiceUnavailable', Message: 'x' })]);
      await expect(callRpc(req, creds, { fetch })).rejects.toMatchObject({ code: 'ServiceUnavailable', httpStatus: status });
    }
  });

  it('a body that is not JSON is a NetworkError with the status', async () => {
    const { fetch } = fakeFetch([() => new Response('<html>Bad gateway</html>', { status: 502 })]);
    await expect(callRpc(req, creds, { fetch })).rejects.toMatchObject({ kind: 'network', code: 'NetworkError', httpStatus: 502 });
  });

  it('a refused connection is a NetworkError', async () => {
    const failing = (async () => { throw new TypeError('fetch failed: ECONNREFUSED'); }) as typeof fetch;
    await expect(callRpc(req, creds, { fetch: failing })).rejects.toBeInstanceOf(NetworkError);
  });

  it('times out with a RequestTimeout NetworkError', async () => {
    const hanging = ((_u: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    await expect(callRpc(req, creds, { fetch: hanging, timeoutMs: 50 })).rejects.toMatchObject({ code: 'RequestTimeout' });
  });

  it('learns the clock offset from Date and retries an expired timestamp once', async () => {
    const serverNow = Date.UTC(2030, 5, 1, 12, 0, 0);
    const local = serverNow - 20 * 60 * 1000; // local clock 20 minutes behind
    const date = new Date(serverNow).toUTCString();
    const { fetch, sent } = fakeFetch([json(400, { Code: 'InvalidTimeStamp.Expired', Message: 'old' }, date), json(200, {}, date)]);
    const clock = new ClockOffset();
    await callRpc(req, creds, { fetch, clock, now: () => local });
    expect(sent[0].body.get('Timestamp')).toBe(formatTimestamp(local));
    expect(Math.abs(Date.parse(sent[1].body.get('Timestamp')!) - serverNow)).toBeLessThanOrEqual(1000);
    expect(Math.abs(clock.offsetMs - 20 * 60 * 1000)).toBeLessThanOrEqual(1000);
  });

  it('does not retry an expired timestamp twice', async () => {
    const { fetch, sent } = fakeFetch([
      json(400, { Code: 'InvalidTimeStamp.Expired' }),
      json(400, { Code: 'InvalidTimeStamp.Expired' }),
      json(200, {}),
    ]);
    await expect(callRpc(req, creds, { fetch })).rejects.toMatchObject({ code: 'InvalidTimeStamp.Expired' });
    expect(sent).toHaveLength(2);
  });

  it('never lets the secret or the STS token into an error', async () => {
    const sts = { ...creds, securityToken: 'TOKEN-abcdef-123' };
    const echo = `Specified signature is not matched. key=${creds.accessKeySecret}& token=${sts.securityToken}`;
    const { fetch } = fakeFetch([json(400, { Code: 'SignatureDoesNotMatch', Message: echo })]);
    const err = await callRpc(req, sts, { fetch }).catch((e: unknown) => e);
    const seen = JSON.stringify(err) + String(err) + (err as Error).message + (err as Error).stack;
    expect(seen).not.toContain(creds.accessKeySecret);
    expect(seen).not.toContain(sts.securityToken);
    expect((err as Error).message).toContain('[redacted]');
  });
});

describe('ClockOffset', () => {
  it.each([
    ['no header', null, 0],
    ['garbage header', 'not a date', 0],
    ['1 s of header rounding is ignored', new Date(1_000_000_000_000).toUTCString(), 0],
    ['5 minutes ahead is adopted', new Date(1_000_000_000_000 + 300_000).toUTCString(), 300_500],
    ['20 minutes behind is adopted', new Date(1_000_000_000_000 - 1_200_000).toUTCString(), -1_199_500],
  ])('%s', (_n, header, expected) => {
    const c = new ClockOffset();
    c.learn(header, 1_000_000_000_000, 1_000_000_000_000);
    expect(c.offsetMs).toBe(expected);
  });
});
