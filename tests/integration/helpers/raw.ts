// Hand-signed requests to the simulator (own signer on Node crypto, nothing from lib/), for the
// refusal paths an SDK would never take.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Simulator } from '../../simulator/types.ts';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** POST (or GET) with the common parameters filled in; an override of `undefined` removes one. */
export function rawRequest(
  s: Simulator,
  overrides: Record<string, string | undefined>,
  opts: { secret?: string; method?: 'GET' | 'POST' } = {},
): Promise<RawResponse> {
  const method = opts.method ?? 'POST';
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
  const params = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k] as string)}`)
    .join('&');
  const signature = createHmac('sha1', `${opts.secret ?? 'testsecret'}&`)
    .update(`${method}&${enc('/')}&${enc(canonical)}`)
    .digest('base64');
  const query = `${canonical}&Signature=${enc(signature)}`;
  const base = new URL(s.httpUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: method === 'GET' ? `/?${query}` : '/',
        agent: false,
        headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (res) => {
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
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? query : undefined);
  });
}
