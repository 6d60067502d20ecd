// Independent verifier for Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1).
// Written from API.md with Node's crypto only: it must not share code with the extension's
// signer, otherwise a bug there would be "verified" by the same bug here.

import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 unreserved characters: everything else is percent-encoded (as UTF-8 bytes). */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x7e // ~
  );
}

/** Byte-wise encoder, so `!'()*` and space come out as %21 %27 %28 %29 %2A %20 without special cases. */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Sort by name in byte order (UTF-8), as API.md step 1 says; identical to code-unit order for ASCII names. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The canonical query string over every parameter except `Signature`. */
export function canonicalQueryString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort(compareBytes)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

/** StringToSign = METHOD & enc("/") & enc(canonical). */
export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQueryString(params))}`;
}

/** Base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function computeSignature(toSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
}

/** Constant-time comparison of the received signature with the expected one. */
export function signatureMatches(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface VerifyResult {
  ok: boolean;
  stringToSign: string;
  expected: string;
}

/** Verifies `params.Signature` for a request made with `method`. */
export function verifySignature(method: string, params: Record<string, string>, accessKeySecret: string): VerifyResult {
  const toSign = stringToSign(method, params);
  const expected = computeSignature(toSign, accessKeySecret);
  return { ok: signatureMatches(params.Signature ?? '', expected), stringToSign: toSign, expected };
}
