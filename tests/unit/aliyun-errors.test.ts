import { describe, expect, it } from 'vitest';
import { classifyCode, NETWORK_CODE, TIMEOUT_CODE } from '../../lib/aliyun/errors';

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
    ['InternalError', 500, 'retry-backoff', 'server'],
    ['InternalError', undefined, 'retry-backoff', 'server'],
    // Domain API error tables (QueryTaskList and the other task actions): HTTP 400, yet the server's fault
    ['NetworkIOError', 400, 'retry-backoff', 'server'],
    ['NetworkIOError', undefined, 'retry-backoff', 'server'],
    ['SomethingNew', 500, 'retry-backoff', 'server'],
    ['SomethingNew', 502, 'retry-backoff', 'server'],
    ['SomethingNew', 400, 'fatal', 'unknown'],
    ['SomethingNew', undefined, 'fatal', 'unknown'],
    ['NetworkIOErrorX', 400, 'fatal', 'unknown'],
    [NETWORK_CODE, undefined, 'retry-backoff', 'network'],
    [TIMEOUT_CODE, undefined, 'retry-backoff', 'timeout'],
  ] as const)('%s (HTTP %s) -> %s / %s', (code, status, recovery, cause) => {
    expect(classifyCode(code, status)).toEqual({ recovery, cause });
  });
});
