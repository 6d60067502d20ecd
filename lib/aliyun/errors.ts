// What each Alibaba Cloud error means for the user and for the retry logic.
// Branch on the API's Code, never on the HTTP status (it varies between sources).
import type { ApiCause } from '../protocol';

import type { Lang } from '../i18n/lang';

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
  ServiceUnavailable: RETRY('server'),
  InternalError: RETRY('server'),
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
  ['InvalidAccessKeyId', FATAL('key-not-found')],
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

const MESSAGES: Record<Cause, Record<Lang, string>> = {
  throttled: {
    en: 'Alibaba Cloud is limiting the request rate; trying again shortly.',
    zh: '阿里云限制了请求频率，稍后自动重试。',
  },
  busy: {
    en: 'Another operation on this domain is in progress; trying again shortly.',
    zh: '该域名正在处理其他操作，稍后自动重试。',
  },
  server: {
    en: 'Alibaba Cloud had a temporary server error; trying again shortly.',
    zh: '阿里云服务暂时出错，稍后自动重试。',
  },
  network: {
    en: 'Alibaba Cloud could not be reached; check the network connection.',
    zh: '无法连接阿里云，请检查网络连接。',
  },
  timeout: {
    en: 'Alibaba Cloud did not answer in time; check the network connection.',
    zh: '阿里云未及时响应，请检查网络连接。',
  },
  clock: {
    en: "This computer's clock is too far from Alibaba Cloud's; set the clock correctly.",
    zh: '本机时钟与阿里云相差过大，请校准系统时间。',
  },
  nonce: {
    en: 'The request was refused as a replay; it was sent again with a new nonce.',
    zh: '请求被视为重放而被拒绝，已使用新的随机数重发。',
  },
  secret: {
    en: 'The AccessKey secret is wrong: check it on the options page.',
    zh: 'AccessKey Secret 不正确，请在设置页检查。',
  },
  'key-not-found': {
    en: 'The AccessKey ID does not exist: check it on the options page.',
    zh: 'AccessKey ID 不存在，请在设置页检查。',
  },
  'key-inactive': {
    en: 'The AccessKey is disabled: enable it in the RAM console or use another key.',
    zh: '该 AccessKey 已被禁用，请在 RAM 控制台启用或换用其他密钥。',
  },
  'sts-token': {
    en: 'The STS token is missing, wrong or expired: get a new one.',
    zh: 'STS 令牌缺失、错误或已过期，请重新获取。',
  },
  permission: {
    en: 'This AccessKey lacks permission: grant the RAM policy shown on the options page.',
    zh: '该 AccessKey 缺少权限，请授予设置页中显示的 RAM 策略。',
  },
  parameter: {
    en: 'Alibaba Cloud refused the request as malformed.',
    zh: '阿里云认为请求参数有误，拒绝了请求。',
  },
  domain: {
    en: 'This domain is not in the Alibaba Cloud account of this AccessKey.',
    zh: '该域名不在此 AccessKey 所属的阿里云账号中。',
  },
  unknown: {
    en: 'Alibaba Cloud refused the request.',
    zh: '阿里云拒绝了请求。',
  },
};

/** The plain sentence for a cause, in the chosen language. */
export function causeMessage(cause: Cause, lang: Lang): string {
  return MESSAGES[cause][lang];
}

/** A plain message that names the cause and keeps the API code, e.g. "... (SignatureDoesNotMatch)". */
export function describeError(code: string, lang: Lang, httpStatus?: number): string {
  return `${causeMessage(classifyCode(code, httpStatus).cause, lang)} (${code})`;
}
