// Hand-signed requests to the simulator (own signer on Node crypto, nothing from lib/), for the
// refusal paths an SDK would never take.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Simulator } from '../../simulator/types.ts';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

export interface RawOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** overrides; `undefined` removes a default parameter */
  params?: Record<string, string | undefined>;
  secret?: string;
  https?: boolean;
  path?: string;
}

function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function buildParams(overrides: Record<string, string | undefined>): Record<string, string> {
  const all: Record<string, string | undefined> = {
    Format: 'JSON',
    Version: '2018-01-29',
    AccessKeyId: 'testid',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: timestamp(Date.now()),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

function signedQuery(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k] as string)}`)
    .join('&');
  const signature = createHmac('sha1', `${secret}&`)
    .update(`${method}&${enc('/')}&${enc(canonical)}`)
    .digest('base64');
  return `${canonical}&Signature=${enc(signature)}`;
}

/** One request with the common parameters filled in and signed; over HTTPS with the simulator's CA. */
export function signedRequest(s: Simulator, opts: RawOptions = {}): Promise<RawResponse> {
  const method = opts.method ?? 'POST';
  const query = signedQuery(method, buildParams(opts.params ?? {}), opts.secret ?? 'testsecret');
  const base = new URL(opts.https ? s.httpsUrl : s.httpUrl);
  const path = (opts.path ?? '/') + (method === 'POST' ? '' : `?${query}`);
  const body = method === 'POST' ? query : undefined;
  return new Promise((resolve, reject) => {
    const reqOptions: https.RequestOptions = {
      host: base.hostname,
      port: base.port,
      method,
      path,
      agent: false,
      headers: body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      ...(opts.https ? { ca: s.certPem } : {}),
    };
    const req = (opts.https ? https : http).request(reqOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // XML answers are checked through `text`
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST (or GET) with the common parameters filled in; an override of `undefined` removes one. */
export function rawRequest(
  s: Simulator,
  overrides: Record<string, string | undefined>,
  opts: { secret?: string; method?: 'GET' | 'POST' } = {},
): Promise<RawResponse> {
  return signedRequest(s, { ...opts, params: overrides });
}
