import { describe, expect, it } from 'vitest';
import { classifyCode, type Cause, NETWORK_CODE, TIMEOUT_CODE } from '../../lib/aliyun/errors';
import { causeMessage, describeError } from '../../lib/i18n/worker-words';

describe('classifyCode: every code of API.md', () => {
  it.each([
    ['TaskIsBeingProcessed', undefined, 'retry-backoff', 'busy'],
    ['Throttling', undefined, 'retry-backoff', 'throttled'],
    ['Throttling.User', undefined, 'retry-backoff', 'throttled'],
    ['Throttling.Api', undefined, 'retry-backoff', 'throttled'],
    ['SignatureDoesNotMatch', 400, 'fatal', 'secret'],
    ['InvalidAccessKeyId.NotFound', 404, 'fatal', 'key-not-found'],
    ['InvalidAccessKeyId.Inactive', 400, 'fatal', 'key-inactive'],
    ['InvalidTimeStamp.Expired', 400, 'fix-clock', 'clock'],
    ['SignatureNonceUsed', 400, 'new-nonce', 'nonce'],
    ['Forbidden.RAM', 403, 'fatal', 'permission'],
    ['Forbidden', 403, 'fatal', 'permission'],
    ['NoPermission', 403, 'fatal', 'permission'],
    ['MissingParameter', 400, 'fatal', 'parameter'],
    ['MissingDomainName', 400, 'fatal', 'parameter'],
    ['ParameterIllegal', 400, 'fatal', 'parameter'],
    ['InvalidParameter', 400, 'fatal', 'parameter'],
    ['DomainNotExist', 400, 'fatal', 'domain'],
    ['InvalidSecurityToken.Expired', 400, 'fatal', 'sts-token'],
    ['ServiceUnavailable', 503, 'retry-backoff', 'server'],
    ['SomethingNew', 500, 'retry-backoff', 'server'],
    ['SomethingNew', 502, 'retry-backoff', 'server'],
    ['SomethingNew', 400, 'fatal', 'unknown'],
    [NETWORK_CODE, undefined, 'retry-backoff', 'network'],
    [TIMEOUT_CODE, undefined, 'retry-backoff', 'timeout'],
  ] as const)('%s (HTTP %s) -> %s / %s', (code, status, recovery, cause) => {
    expect(classifyCode(code, status)).toEqual({ recovery, cause });
  });
});

describe('messages', () => {
  const causes: Record<Cause, true> = {
    throttled: true, busy: true, server: true, network: true, timeout: true, clock: true, nonce: true,
    secret: true, 'key-not-found': true, 'key-inactive': true, 'sts-token': true, permission: true,
    parameter: true, domain: true, unknown: true,
  };

  it.each(Object.keys(causes) as Cause[])('%s has distinct English and Chinese sentences', (cause) => {
    const en = causeMessage(cause, 'en');
    const zh = causeMessage(cause, 'zh');
    expect(en.length).toBeGreaterThan(10);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).not.toBe(zh);
  });

  it('every cause has its own English sentence', () => {
    const all = (Object.keys(causes) as Cause[]).map((c) => causeMessage(c, 'en'));
    expect(new Set(all).size).toBe(all.length);
  });

  it.each([
    ['SignatureDoesNotMatch', 'en', 'The AccessKey secret is wrong: check it on the options page. (SignatureDoesNotMatch)'],
    ['SignatureDoesNotMatch', 'zh', 'AccessKey Secret 不正确，请在设置页检查（SignatureDoesNotMatch）。'],
    ['Forbidden.RAM', 'en', 'This AccessKey lacks permission: grant the RAM policy shown on the options page. (Forbidden.RAM)'],
  ] as const)('describeError(%s, %s) names the cause and keeps the code', (code, lang, text) => {
    expect(describeError(code, lang)).toBe(text);
  });
});
