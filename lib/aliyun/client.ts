// One signed Alibaba Cloud RPC call: POST, form-encoded, Format=JSON, typed success or typed error.
// The AccessKey secret is used only to compute the signature: it is never put into an error,
// a message or a log line, and any echo of it (or of the STS token) in a server's text is redacted
// in every encoding it can take (lib/aliyun/redact).
import { classifyCode, NETWORK_CODE, TIMEOUT_CODE } from './errors';
import { redactSecrets } from './redact';
import { encodeForm, signParams, type QueryParams } from './sign';
import { textOf } from '../values';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS credentials only. */
  securityToken?: string;
}

export interface RpcRequest {
  /** e.g. https://domain.aliyuncs.com/ */
  endpoint: string;
  version: string;
  action: string;
  params: QueryParams;
}

/** An error answered by the API, with its Code. */
export class ApiError extends Error {
  readonly kind = 'api';
  constructor(
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly httpStatus: number,
    readonly recommend: string | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** No usable answer: offline, refused, dropped, timed out, or a body that is not the API's JSON. */
export class NetworkError extends Error {
  readonly kind = 'network';
  constructor(
    readonly code: typeof NETWORK_CODE | typeof TIMEOUT_CODE,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export type RpcError = ApiError | NetworkError;

export function isRpcError(e: unknown): e is RpcError {
  return e instanceof ApiError || e instanceof NetworkError;
}

/**
 * The difference between the API's clock and ours, learned from the Date header of each answer.
 * Timestamps outside ±15 minutes of the server clock are refused, so a wrong local clock is fixed here.
 */
export class ClockOffset {
  constructor(public offsetMs = 0) {}

  /** Adopt the server's clock when it differs from ours by more than the Date header's 1 s resolution. */
  learn(dateHeader: string | null, sentAt: number, receivedAt: number): boolean {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    if (Number.isNaN(server)) return false;
    // The header is truncated to the second: its middle is half a second later.
    const measured = server + 500 - (sentAt + receivedAt) / 2;
    if (Math.abs(measured - this.offsetMs) <= 2000) return false;
    this.offsetMs = Math.round(measured);
    return true;
  }
}

export interface ClientOptions {
  timeoutMs?: number;
  clock?: ClockOffset;
  now?: () => number;
  nonce?: () => string;
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** UTC, second precision, no milliseconds: 2016-02-23T12:46:24Z */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The full parameter set of one attempt, before signing. */
export function commonParams(
  req: RpcRequest,
  creds: Credentials,
  timestampMs: number,
  nonce: string,
): Record<string, string> {
  const params: Record<string, string> = {
    ...req.params,
    Action: req.action,
    Format: 'JSON',
    Version: req.version,
    AccessKeyId: creds.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: formatTimestamp(timestampMs),
  };
  if (creds.securityToken) params.SecurityToken = creds.securityToken;
  return params;
}

/** Everything the server wrote goes through this: it may echo the request, token included. */
function redact(text: string | undefined, creds: Credentials): string | undefined {
  return text === undefined ? undefined : redactSecrets(text, [creds.accessKeySecret, creds.securityToken]);
}

/** One HTTP attempt: sign with a fresh nonce and the current clock offset, send, parse. */
async function attempt<T>(req: RpcRequest, creds: Credentials, opts: ClientOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const clock = opts.clock ?? new ClockOffset();
  const nonce = (opts.nonce ?? (() => crypto.randomUUID()))();
  const params = commonParams(req, creds, now() + clock.offsetMs, nonce);
  const body = encodeForm(signParams(creds.accessKeySecret, 'POST', params));

  const controller = new AbortController();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const sentAt = now();
  let response: Response;
  let text: string;
  try {
    response = await (opts.fetch ?? fetch)(req.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    // Every answer, not only an error: a successful one carries server text too (a failed task's
    // ErrorMsg in QueryTaskDetailList), which may echo the request.
    text = redact(await response.text(), creds) ?? '';
  } catch {
    // The underlying error text is not shown: it can be long and says nothing a user can act on.
    if (controller.signal.aborted) {
      throw new NetworkError(TIMEOUT_CODE, `No answer from ${req.endpoint} within ${timeoutMs / 1000} s`);
    }
    throw new NetworkError(NETWORK_CODE, `Could not reach ${req.endpoint}`);
  } finally {
    clearTimeout(timer);
  }
  clock.learn(response.headers.get('Date'), sentAt, now());

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const record = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
  const code = textOf(record?.Code);
  if (response.ok && record && !code) return record as T;
  if (record && code) {
    throw new ApiError(
      code,
      redact(textOf(record.Message), creds) ?? '',
      textOf(record.RequestId),
      response.status,
      redact(textOf(record.Recommend), creds),
    );
  }
  throw new NetworkError(NETWORK_CODE, `Unexpected answer from ${req.endpoint} (HTTP ${response.status})`, response.status);
}

/**
 * One signed RPC call. Errors that a new attempt fixes at once are retried here: a stale clock
 * (once, after learning the offset from the Date header) and a nonce collision (once, with a new nonce).
 * Everything else is thrown as ApiError or NetworkError for the caller's retry policy.
 */
export async function callRpc<T>(req: RpcRequest, creds: Credentials, opts: ClientOptions = {}): Promise<T> {
  const clock = opts.clock ?? new ClockOffset();
  const withClock = { ...opts, clock };
  const retried = new Set<string>();
  for (;;) {
    try {
      return await attempt<T>(req, creds, withClock);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const { recovery } = classifyCode(e.code, e.httpStatus);
      if ((recovery === 'fix-clock' || recovery === 'new-nonce') && !retried.has(recovery)) {
        retried.add(recovery);
        continue;
      }
      throw e;
    }
  }
}
