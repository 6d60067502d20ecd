// Alibaba Cloud RPC signature version 1.0 (HMAC-SHA1), as documented for every RPC-style API.
// Only the HMAC-SHA1 part of crypto-js is imported, to keep the background bundle small; its bytes
// go to Base64 through the platform's btoa (a Latin-1 string is one character per byte).
import HmacSHA1 from 'crypto-js/hmac-sha1';
import CryptoJS from 'crypto-js/core';

export type QueryParams = Readonly<Record<string, string>>;
export type HttpMethod = 'GET' | 'POST';

const toHex = (c: string) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay as they are.
 * encodeURIComponent already produces upper-case %XY for every other byte except !'()*.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, toHex);
}

/** Parameters sorted by name and joined as name=value with &, every part percent-encoded. */
export function canonicalQuery(params: QueryParams): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name])}`)
    .join('&');
}

/** METHOD & enc("/") & enc(canonical query): the canonical query is encoded a second time. */
export function stringToSign(method: HttpMethod, params: QueryParams): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function signature(secret: string, method: HttpMethod, params: QueryParams): string {
  return btoa(HmacSHA1(stringToSign(method, params), `${secret}&`).toString(CryptoJS.enc.Latin1));
}

/** The parameters with their Signature added, ready to send. */
export function signParams(secret: string, method: HttpMethod, params: QueryParams): Record<string, string> {
  return { ...params, Signature: signature(secret, method, params) };
}

/** An application/x-www-form-urlencoded body (or query string) using the same RFC 3986 encoding. */
export function encodeForm(params: QueryParams): string {
  return Object.keys(params)
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name])}`)
    .join('&');
}
