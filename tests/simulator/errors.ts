// Error codes, HTTP statuses and messages the simulator answers with.
// Sources (see README.md): the POP gateway's public error list ("管控OpenAPI的客户端公用错误码",
// developer.aliyun.com/ask/278265 and help.aliyun.com/document_detail/60629), the STS token rows of
// the same list as reproduced in Alibaba Cloud product docs, and the Domain API reference pages
// (ParameterIllegal / DomainNotExist / TaskIsBeingProcessed, all 400).

import type { Body } from './render.ts';

export type Lang = 'en' | 'zh';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** extra top-level fields of the error body (e.g. AccessDeniedDetail) */
    readonly extra: Body = {},
  ) {
    super(message);
  }
}

/** `Missing{Name}`: the gateway's real code for an absent required parameter (e.g. MissingDomainName). */
export function missing(name: string): ApiError {
  return new ApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

/** `Invalid{Name}`: the gateway's code for a parameter whose value fails its declared type/range. */
export function invalid(name: string, why?: string): ApiError {
  return new ApiError(400, `Invalid${name}`, `Specified parameter ${name} is not valid.${why ? ` (${why})` : ''}`);
}

export const commonErrors = {
  apiNotFound: () =>
    new ApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.'),
  unsupportedMethod: () => new ApiError(400, 'UnsupportedHTTPMethod', 'This http method is not supported.'),
  invalidVersion: () => new ApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.'),
  invalidFormat: () => new ApiError(400, 'InvalidParameter.Format', 'Specified parameter format is not valid.'),
  malformedRequest: (why: string) =>
    new ApiError(400, 'InvalidParameter', `The request parameters could not be parsed: ${why}.`),
  signatureMethod: () => new ApiError(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.'),
  signatureVersion: () =>
    new ApiError(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.'),
  timestampFormat: () =>
    new ApiError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'),
  timestampExpired: () =>
    new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
  keyNotFound: () => new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  keyInactive: () => new ApiError(400, 'InvalidAccessKeyId.Inactive', 'Specified access key is disabled.'),
  tokenMismatch: () =>
    new ApiError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'Specified SecurityToken mismatch with the AccessKey.',
    ),
  tokenMalformed: () => new ApiError(400, 'InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.'),
  signatureMismatch: (serverStringToSign: string) =>
    new ApiError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
    ),
  nonceUsed: () => new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  forbiddenRam: (ramAction: string, resource: string) =>
    new ApiError(
      403,
      'Forbidden.RAM',
      `User not authorized to operate on the specified resource, or this API doesn't support RAM. ` +
        `The RAM policy needs: Action ${ramAction} on Resource ${resource}.`,
      {
        AccessDeniedDetail: {
          AuthAction: ramAction,
          AuthPrincipalType: 'SubUser',
          NoPermissionType: 'ImplicitDeny',
          PolicyType: 'AccountLevelIdentityBasedPolicy',
        },
      },
    ),
};

/** Domain product errors: their message follows the request's Lang (en default). */
const domainMessages = {
  ParameterIllegal: { en: 'Parameter illegal.', zh: '参数错误。' },
  DomainNotExist: { en: 'The domain name does not exist.', zh: '域名不存在。' },
  TaskIsBeingProcessed: {
    en: 'An operation is being processed. Please try again later.',
    zh: '该域名存在正在处理中的操作，请稍后再试。',
  },
} as const;

export function domainError(code: keyof typeof domainMessages, lang: Lang): ApiError {
  return new ApiError(400, code, domainMessages[code][lang]);
}

/** Defaults for injected `error` faults that give only a code. */
const knownFaultCodes: Record<string, { status: number; message: string }> = {
  TaskIsBeingProcessed: { status: 400, message: domainMessages.TaskIsBeingProcessed.en },
  DomainNotExist: { status: 400, message: domainMessages.DomainNotExist.en },
  ParameterIllegal: { status: 400, message: domainMessages.ParameterIllegal.en },
  Throttling: { status: 400, message: 'Request was denied due to request throttling.' },
  'Throttling.User': { status: 400, message: 'Request was denied due to user flow control.' },
  'Throttling.Api': { status: 400, message: 'Request was denied due to api flow control.' },
  SignatureDoesNotMatch: { status: 400, message: 'Specified signature is not matched with our calculation.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidAccessKeyId.Inactive': { status: 400, message: 'Specified access key is disabled.' },
  'Forbidden.RAM': {
    status: 403,
    message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
  },
  Forbidden: { status: 403, message: 'User not authorized to operate on the specified resource.' },
  NoPermission: { status: 403, message: 'You are not authorized to do this action.' },
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error.' },
  // Domain API error tables (QueryTaskList and other actions): "Network I/O exception", answered with 400
  NetworkIOError: { status: 400, message: 'Network IO Error.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
};

export function faultError(code: string, httpStatus?: number, message?: string): ApiError {
  const known = knownFaultCodes[code];
  return new ApiError(
    httpStatus ?? known?.status ?? 400,
    code,
    message ?? known?.message ?? `Injected error ${code}.`,
  );
}

export function serverError(status: number): ApiError {
  return status === 500
    ? faultError('InternalError', 500)
    : new ApiError(status, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
}
