// Redaction that cannot miss (issue 15): no server text is kept for secret, signature or token
// errors, and every other server text loses the raw, percent-encoded and double-encoded forms of
// the AccessKey secret and of the STS token, whatever characters they hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, callRpc, type Credentials } from '../../lib/aliyun/client';
import { classifyCode, keepsServerText } from '../../lib/aliyun/errors';
import { REDACTED, redactSecrets } from '../../lib/aliyun/redact';
import { percentEncode, stringToSign } from '../../lib/aliyun/sign';
import { JOB_TIMEOUT_MS } from '../../lib/jobs/schedule';
import { applyOutcome, newJob, type Outcome } from '../../lib/jobs/transitions';
import type { Job } from '../../lib/jobs/types';

// The forms, written out independently of lib/aliyun/redact: the signer's RFC 3986 encoding, the
// platform's encodeURIComponent, HTML forms' encoding, each with + for an encoded space, then each
// of those encoded again. An encoder that cannot encode a value (a lone surrogate) gives no form.
const formEncode = (v: string) => new URLSearchParams([['', v]]).toString().slice(1);
const plusForSpace = (v: string) => v.replace(/%20/g, '+');
const tryEncode = (encode: (v: string) => string, v: string): string[] => {
  try {
    return [encode(v)];
  } catch {
    return [];
  }
};
const once = (v: string): string[] =>
  [percentEncode, encodeURIComponent, formEncode].flatMap((encode) => tryEncode(encode, v)).flatMap((e) => [e, plusForSpace(e)]);
const formsOf = (v: string): string[] => [...new Set([v, ...once(v), ...once(v).flatMap(once)])];
/** Some servers write %2b rather than %2B. */
const lowerHex = (form: string) => form.replace(/%[0-9A-F]{2}/g, (x) => x.toLowerCase());

/** The forms of these values (and their lower-case-hex variants) that the text still holds. */
function leftIn(text: string, values: readonly string[]): string[] {
  return values.flatMap(formsOf).flatMap((f) => [f, lowerHex(f)]).filter((f) => text.includes(f));
}

/** Redacted text is either the mark alone (a constant: it tells nothing) or holds no form at all. */
function expectClean(out: string, values: readonly string[]) {
  if (out !== REDACTED) expect(leftIn(out, values)).toEqual([]);
}

const TOKEN = 'ab+/cd==+/'.repeat(6);
const SECRET = 'kP3+x/9Q=mZ7 s!*(Lw)~aB4%Rt8&cD';
const creds: Credentials = { accessKeyId: 'STS.testid', accessKeySecret: SECRET, securityToken: TOKEN };
const VALUES = [SECRET, TOKEN];

describe('the test values', () => {
  it('the token is full of + / =, so every form differs from the raw one', () => {
    expect(formsOf(TOKEN)).toEqual([TOKEN, TOKEN.replace(/\+/g, '%2B').replace(/\//g, '%2F').replace(/=/g, '%3D'), TOKEN.replace(/\+/g, '%252B').replace(/\//g, '%252F').replace(/=/g, '%253D')]);
  });
});

/** The token (and the secret) in one form each: raw, encoded once by each encoder, encoded twice. */
const echoes: Array<[name: string, form: string]> = [
  ['raw', TOKEN],
  ['percentEncode', percentEncode(TOKEN)],
  ['encodeURIComponent', encodeURIComponent(TOKEN)],
  ['percentEncode twice', percentEncode(percentEncode(TOKEN))],
  ['encodeURIComponent twice', encodeURIComponent(encodeURIComponent(TOKEN))],
  ['lower-case hex, twice', lowerHex(percentEncode(percentEncode(TOKEN)))],
  ['secret raw', SECRET],
  ['secret percentEncode', percentEncode(SECRET)],
  ['secret encodeURIComponent', encodeURIComponent(SECRET)],
  ['secret form-encoded', formEncode(SECRET)],
  ['secret percentEncode twice', percentEncode(percentEncode(SECRET))],
  ['secret form-encoded, then percentEncode', percentEncode(formEncode(SECRET))],
];

const signatureMessage = (form: string) => `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D${form}%26Timestamp`;
const unrelatedMessage = (form: string) => `The domain name is not valid (got "${form}"), see the docs`;

describe('redactSecrets: no form of the secret or the token remains', () => {
  it.each(echoes)('%s, in a SignatureDoesNotMatch-like message', (_name, form) => {
    const out = redactSecrets(signatureMessage(form), VALUES);
    expect(leftIn(out, VALUES)).toEqual([]);
    expect(out).toBe(signatureMessage(REDACTED));
  });

  it.each(echoes)('%s, in an unrelated message', (_name, form) => {
    const out = redactSecrets(unrelatedMessage(form), VALUES);
    expect(leftIn(out, VALUES)).toEqual([]);
    expect(out).toBe(unrelatedMessage(REDACTED));
  });

  it('all forms at once, and the real string to sign', () => {
    const params = { Action: 'SaveSingleTaskForQueryingTransferAuthorizationCode', DomainName: 'example.com', SecurityToken: TOKEN, AccessKeyId: 'STS.testid' };
    const toSign = stringToSign('POST', params);
    expect(toSign).toContain(percentEncode(percentEncode(TOKEN)));
    const text = `${echoes.map(([, f]) => f).join(' | ')} | ${toSign}`;
    expect(leftIn(redactSecrets(text, VALUES), VALUES)).toEqual([]);
  });

  it.each([
    ['a mark that joins the text before it into the secret', 'zzzzzzz[', 'zzzzzzz' + 'zzzzzzz['],
    ['a short secret inside the mark itself', 'act', 'we got act here'],
    ['a long secret the mark spells', 'redacted', 'the value was redacted'],
  ])('%s: only the mark stays', (_name, secret, text) => {
    expect(redactSecrets(text, [secret])).toBe(REDACTED);
  });

  it('text without the values stays as it is', () => {
    expect(redactSecrets(unrelatedMessage('x'), VALUES)).toBe(unrelatedMessage('x'));
    expect(redactSecrets('plain', [undefined, ''])).toBe('plain');
  });
});

describe('keepsServerText: which codes may keep the server text', () => {
  it.each([
    ['SignatureDoesNotMatch', false],
    ['IncompleteSignature', false],
    ['InvalidAccessKeySecret', false],
    ['InvalidSecurityToken.Expired', false],
    ['InvalidSecurityToken.Malformed', false],
    ['InvalidSecurityToken.MismatchWithAccessKey', false],
    ['MissingSecurityToken', false],
    ['SignatureNonceUsed', false],
    ['InvalidCredentials', false],
    ['SomeNewTokenError', false],
    ['InvalidDomainName.Format', true],
    ['DomainNotExist', true],
    ['Forbidden.RAM', true],
    ['Throttling.User', true],
    ['ServiceUnavailable', true],
    ['InvalidAccessKeyId.NotFound', true],
    ['SomethingNew', true],
  ] as const)('%s -> %s', (code, keeps) => {
    expect(keepsServerText(code)).toBe(keeps);
  });

  it.each([
    ['InvalidAccessKeySecret', 'secret'],
    ['MissingSecurityToken', 'sts-token'],
    ['MissingParameter', 'parameter'],
  ] as const)('classifies %s as %s', (code, cause) => {
    expect(classifyCode(code, 400)).toEqual({ recovery: 'fatal', cause });
  });
});

const start = (): Job => newJob({ id: 'j', domain: 'example.com', site: 'cn', profileId: 'p' }, 0);
/** The job after this error, once its fault budget is spent (so a transient code fails it too). */
const failWith = (code: string, message: string): Job => {
  const outcome: Outcome = { kind: 'error', code, httpStatus: 400, message, lost: false };
  return applyOutcome(start(), outcome, JOB_TIMEOUT_MS + 1_000, 0.5);
};

/** A fetch that answers with this Code and a Message echoing the request's string to sign. */
const echoing = (code: string) =>
  (async (_u: RequestInfo | URL, init?: RequestInit) => {
    const { Signature: _s, ...params } = Object.fromEntries(new URLSearchParams(String(init?.body)));
    const message = `${code}: server string to sign is:${stringToSign('POST', params)} raw ${TOKEN} once ${encodeURIComponent(TOKEN)}`;
    return new Response(JSON.stringify({ Code: code, Message: message }), { status: 400 });
  }) as typeof fetch;

const req = { endpoint: 'https://domain.aliyuncs.com/', version: '2018-01-29', action: 'QueryTaskDetailList', params: { TaskNo: 't' } };

describe('a failed job keeps no form of the secret or the token', () => {
  it.each([['SignatureDoesNotMatch'], ['IncompleteSignature'], ['InvalidSecurityToken.Expired'], ['InvalidAccessKeySecret']])(
    '%s: only the code and our own reason, no server text at all',
    async (code) => {
      const err = await callRpc(req, creds, { fetch: echoing(code) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      const job = failWith(code, (err as ApiError).message);
      expect(job.state).toBe('failed');
      expect(job.failure).toEqual({ cause: classifyCode(code).cause, apiCode: code });
      expect(leftIn(JSON.stringify(job), VALUES)).toEqual([]);
    },
  );

  it('an unrelated error keeps its text, redacted', async () => {
    const code = 'InvalidDomainName.Format';
    const err = await callRpc(req, creds, { fetch: echoing(code) }).catch((e: unknown) => e);
    const job = failWith(code, (err as ApiError).message);
    expect(job.failure?.detail).toContain(`SecurityToken%3D${REDACTED}`);
    expect(job.failure?.detail).toContain(`raw ${REDACTED} once ${REDACTED}`);
    expect(leftIn(JSON.stringify(job) + (job.failure?.detail ?? ''), VALUES)).toEqual([]);
  });
});

describe('a successful answer is redacted too', () => {
  it("a failed task's ErrorMsg that echoes the secret and the token keeps no form of them", async () => {
    const echoed = `bad request ${SECRET} ${encodeURIComponent(TOKEN)} ${encodeURIComponent(encodeURIComponent(SECRET))}`;
    const body = { RequestId: 'r', Data: { TaskDetail: [{ TaskNo: 't', TaskStatus: 'EXECUTE_FAILURE', ErrorMsg: echoed, DomainName: 'example.com' }] } };
    const fetchOk = (async () => new Response(JSON.stringify(body), { status: 200 })) as typeof fetch;
    const record = await callRpc<typeof body>(req, creds, { fetch: fetchOk });
    const msg = record.Data.TaskDetail[0]!.ErrorMsg;
    expect(msg).toContain('bad request');
    expectClean(msg, VALUES);
    expect(leftIn(JSON.stringify(record), VALUES)).toEqual([]);
  });
});

describe('properties', () => {
  // Any UTF-16 code units (lone surrogates too), and strings made of the characters encoders treat
  // differently, + / = first of all.
  const tricky = fc.constantFrom('+', '/', '=', '%', ' ', '!', "'", '(', ')', '*', '~', '&', 'a', 'B', '7', '中');
  const value = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.string({ unit: tricky, minLength: 1, maxLength: 40 }));
  const filler = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: tricky, maxLength: 6 }));

  it('no form of any secret or token survives, in any message (property)', () => {
    fc.assert(
      fc.property(value, value, fc.array(fc.tuple(filler, fc.nat(), fc.boolean()), { maxLength: 6 }), filler, (secret, token, parts, tail) => {
        const forms = [formsOf(secret), formsOf(token)];
        const text =
          parts
            .map(([before, pick, fromToken]) => {
              const list = forms[fromToken ? 1 : 0]!;
              const form = list[pick % list.length]!;
              return before + (pick % 2 === 0 ? form : lowerHex(form));
            })
            .join('') + tail;
        expectClean(redactSecrets(text, [secret, token]), [secret, token]);
      }),
      { numRuns: 1500 },
    );
  });

  it('a long token of + / = and letters is cut out exactly, the words around it stay (property)', () => {
    const token = fc.string({ unit: fc.constantFrom('+', '/', '=', 'a', 'b', 'Z', '9'), minLength: 8, maxLength: 60 }).filter((t) => !REDACTED.includes(t));
    const words = fc.string({ unit: fc.constantFrom(' ', ':', '#', '<', '>', '"'), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(token, fc.array(fc.tuple(words, fc.nat()), { minLength: 1, maxLength: 5 }), words, (t, parts, tail) => {
        const list = formsOf(t);
        const text = parts.map(([w, pick]) => w + list[pick % list.length]!).join('') + tail;
        const expected = parts.map(([w]) => w + REDACTED).join('') + tail;
        expect(redactSecrets(text, [t])).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('a secret, signature or token error never keeps any server text (property)', () => {
    const code = fc.constantFrom('SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidAccessKeySecret', 'MissingSecurityToken', 'InvalidSecurityToken.Expired', 'InvalidSecurityToken.Malformed', 'SignatureNonceUsed');
    fc.assert(
      fc.property(code, fc.string(), (c, message) => {
        expect(failWith(c, message).failure).toEqual({ cause: classifyCode(c).cause, apiCode: c });
      }),
    );
  });
});
