import { describe, expect, it } from 'vitest';
import { ApiError, callRpc, ClockOffset, formatTimestamp, NetworkError, type Credentials } from '../../lib/aliyun/client';
import { MIN_SPLICE_LENGTH, REDACTED, redactSecrets } from '../../lib/aliyun/redact';
import { percentEncode, signature, stringToSign } from '../../lib/aliyun/sign';

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

// Secrets with the characters the encoders disagree on: RFC 3986 (the signer) encodes !'()*,
// encodeURIComponent keeps them, URLSearchParams writes + for a space, keeps * and encodes ~.
const tricky: Credentials = { accessKeyId: 'STS.id', accessKeySecret: "Sec!'()*~ +/=ret", securityToken: 'CAIS+abc/def==+/==' };
const formEncode = (v: string) => new URLSearchParams([['', v]]).toString().slice(1);
const once = (v: string) => [percentEncode(v), encodeURIComponent(v), formEncode(v), encodeURIComponent(v).replace(/%20/g, '+')];
/** Every form the test expects gone, written out independently of lib/aliyun/redact. */
const formsOf = (v: string) => [v, ...once(v), ...once(v).flatMap(once)];

/** What a client sees of an error: its message, its JSON, its string and stack. */
const visible = (err: unknown) => {
  const e = err as ApiError;
  return [e.message, e.recommend ?? '', JSON.stringify(e), String(e), e.stack ?? ''].join('\n');
};

/** A fetch that answers every request with this Code and a Message made from the request's parameters. */
function echoing(code: string, message: (params: Record<string, string>) => string) {
  return (async (_u: RequestInfo | URL, init?: RequestInit) => {
    const { Signature: _s, ...params } = Object.fromEntries(new URLSearchParams(String(init?.body)));
    return new Response(JSON.stringify({ Code: code, Message: message(params), Recommend: `https://diag?t=${encodeURIComponent(tricky.securityToken!)}` }), { status: 400 });
  }) as typeof fetch;
}

function expectNoForm(text: string) {
  const lower = text.toLowerCase();
  for (const secret of [tricky.accessKeySecret, tricky.securityToken!]) {
    for (const form of formsOf(secret)) {
      expect(text, form).not.toContain(form);
      // Some servers write %2b rather than %2B.
      expect(lower, form).not.toContain(form.toLowerCase());
    }
  }
}

describe('redaction of the secret and the STS token', () => {
  it('the encoders really disagree on these values (else the test would prove little)', () => {
    // The token's characters are encoded alike by all three: raw, once and twice.
    expect(new Set(formsOf(tricky.securityToken!)).size).toBe(3);
    expect(new Set(formsOf(tricky.accessKeySecret)).size).toBeGreaterThanOrEqual(6);
  });

  it('SignatureDoesNotMatch echoing the string to sign: the double-encoded token is gone', async () => {
    let echoed = '';
    const fetch = echoing('SignatureDoesNotMatch', (params) => {
      echoed = stringToSign('POST', params);
      return `Specified signature is not matched with our calculation. server string to sign is:${echoed}`;
    });
    const err = await callRpc(req, tricky, { fetch }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch' });
    // The echo really holds the token encoded twice.
    expect(echoed).toContain(percentEncode(percentEncode(tricky.securityToken!)));
    expectNoForm(visible(err));
    expect((err as ApiError).message).toContain(`SecurityToken%3D${REDACTED}`);
    expect((err as ApiError).message).toContain('server string to sign is:POST&%2F&AccessKeyId%3DSTS.id');
  });

  it('a message echoing the raw, encoded, form-encoded and double-encoded forms keeps none of them', async () => {
    const all = [tricky.accessKeySecret, tricky.securityToken!].flatMap(formsOf);
    const lowerHex = all.map((f) => f.replace(/%[0-9A-F]{2}/g, (x) => x.toLowerCase()));
    const fetch = echoing('IncompleteSignature', () => `got: ${[...all, ...lowerHex].join(' | ')} end`);
    const err = await callRpc(req, tricky, { fetch }).catch((e: unknown) => e);
    const text = visible(err);
    expectNoForm(text);
    expect((err as ApiError).message).toMatch(/^got: \[redacted\]( \| \[redacted\])+ end$/);
    expect((err as ApiError).recommend).toBe(`https://diag?t=${REDACTED}`);
  });

  it.each([
    ['1 character', 'e'],
    ['2 characters', 'a!'],
    ['3 characters', 'a b'],
    [`${MIN_SPLICE_LENGTH - 1} characters`, 'x'.repeat(MIN_SPLICE_LENGTH - 1)],
  ])('a secret of %s that appears drops the whole message (marks would spell it)', (_n, secret) => {
    for (const form of formsOf(secret)) {
      expect(redactSecrets(`Specified signature is not matched ${form} here`, [secret])).toBe(REDACTED);
    }
  });

  it('a short secret that does not appear leaves the message as it was', () => {
    expect(redactSecrets('Specified signature is not matched', ['zq'])).toBe('Specified signature is not matched');
  });

  it('a long secret is spliced out and the rest of the message stays; nothing to hide changes nothing', () => {
    const secret = 'Very$ecretValue1234';
    expect(redactSecrets(`key=${secret}& and key=${percentEncode(secret)}`, [secret, undefined, ''])).toBe(`key=${REDACTED}& and key=${REDACTED}`);
    expect(redactSecrets('plain text', [undefined, ''])).toBe('plain text');
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
