// What each Alibaba Cloud error means for the retry logic, and its cause for the user (lib/i18n/worker-words words it).
// Branch on the API's Code, never on the HTTP status (it varies between sources).
import type { ApiCause } from '../protocol';


/** What the caller should do about an error. */
export type Recovery =
  | 'retry-backoff' //  transient: retry later with exponential backoff and jitter
  | 'fix-clock' //      correct the clock offset from the response Date header, then retry once
  | 'new-nonce' //      retry at once with a fresh SignatureNonce
  | 'fatal'; //         retrying cannot help: tell the user

/** Why it happened, in words a user understands (a wire type: failures carry it to the pages). */
export type Cause = ApiCause;

export interface ErrorClass {
  recovery: Recovery;
  cause: Cause;
}

const RETRY = (cause: Cause): ErrorClass => ({ recovery: 'retry-backoff', cause });
const FATAL = (cause: Cause): ErrorClass => ({ recovery: 'fatal', cause });

/** Codes with a meaning of their own; the families below cover the rest (e.g. Forbidden.RAM). */
const CLASS_BY_CODE: Record<string, ErrorClass> = {
  TaskIsBeingProcessed: RETRY('busy'),
  // Server-side trouble; the Domain API's error tables list these (NetworkIOError "Network I/O
  // exception", answered with HTTP 400, so the 5xx rule below would miss it): docs/API-TASKS.md.
  ServiceUnavailable: RETRY('server'),
  InternalError: RETRY('server'),
  NetworkIOError: RETRY('server'),
  SignatureDoesNotMatch: FATAL('secret'),
  IncompleteSignature: FATAL('secret'),
  'InvalidAccessKeyId.Inactive': FATAL('key-inactive'),
  SignatureNonceUsed: { recovery: 'new-nonce', cause: 'nonce' },
  NoPermission: FATAL('permission'),
  ParameterIllegal: FATAL('parameter'),
};

/** Families of codes that share a meaning (e.g. Throttling.User, InvalidSecurityToken.Expired, MissingDomainName). */
const CLASS_BY_PREFIX: Array<[prefix: string, cls: ErrorClass]> = [
  ['Throttling', RETRY('throttled')],
  ['InvalidSecurityToken', FATAL('sts-token')],
  // Before 'Missing': a token that did not arrive is a token error, not a bad parameter.
  ['MissingSecurityToken', FATAL('sts-token')],
  ['InvalidAccessKeyId', FATAL('key-not-found')],
  ['InvalidAccessKeySecret', FATAL('secret')],
  ['InvalidTimeStamp', { recovery: 'fix-clock', cause: 'clock' }],
  ['Forbidden', FATAL('permission')],
  ['Missing', FATAL('parameter')],
  ['InvalidParameter', FATAL('parameter')],
  ['DomainNotExist', FATAL('domain')],
  ['DomainNotFound', FATAL('domain')],
  ['InvalidDomainName', FATAL('domain')],
];

/** Pseudo-codes this project uses for failures that carry no API code. */
export const NETWORK_CODE = 'NetworkError';
export const TIMEOUT_CODE = 'RequestTimeout';

/** Classify an API error code; an HTTP 5xx without a known code is a server hiccup. */
export function classifyCode(code: string, httpStatus?: number): ErrorClass {
  const exact = CLASS_BY_CODE[code];
  if (exact) return exact;
  if (code === NETWORK_CODE) return RETRY('network');
  if (code === TIMEOUT_CODE) return RETRY('timeout');
  const family = CLASS_BY_PREFIX.find(([prefix]) => code.startsWith(prefix));
  if (family) return family[1];
  if (httpStatus !== undefined && httpStatus >= 500) return RETRY('server');
  return FATAL('unknown');
}

/** Codes that name what a request is signed with: their text can echo it (SignatureNonceUsed too). */
const SIGNING_WORDS = /signature|secret|token|credential/i;

/**
 * Whether the server's text for this code may be kept or shown (a job's failure detail). Never for
 * a secret, signature or token error, classified or not: its text can echo the request, and a
 * string to sign holds the STS token encoded twice; the job keeps only the code and our own reason.
 */
export function keepsServerText(code: string): boolean {
  const { cause } = classifyCode(code);
  return cause !== 'secret' && cause !== 'sts-token' && !SIGNING_WORDS.test(code);
}
