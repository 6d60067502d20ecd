// Serialises response bodies. JSON when the request says Format=JSON; XML otherwise, because XML
// is the gateway's default Format (a client that forgets Format=JSON gets XML, as in production).

import { randomUUID } from 'node:crypto';

export type ResponseFormat = 'JSON' | 'XML';

export type BodyValue = string | number | boolean | null | undefined | BodyValue[] | { [key: string]: BodyValue };
export type Body = { [key: string]: BodyValue };

/** Upper-case UUID, the shape of real RequestIds. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Arrays become repeated elements named after their key, the way the gateway renders lists. */
function xmlFields(obj: { [key: string]: BodyValue }): string {
  let out = '';
  for (const [key, value] of Object.entries(obj)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined || item === null) continue;
      if (Array.isArray(item)) out += `<${key}>${xmlFields({ item })}</${key}>`;
      else if (typeof item === 'object') out += `<${key}>${xmlFields(item)}</${key}>`;
      else out += `<${key}>${xmlEscape(String(item))}</${key}>`;
    }
  }
  return out;
}

export function renderBody(format: ResponseFormat, root: string, body: Body): { contentType: string; text: string } {
  if (format === 'JSON') return { contentType: 'application/json;charset=utf-8', text: JSON.stringify(body) };
  return {
    contentType: 'text/xml;charset=utf-8',
    text: `<?xml version='1.0' encoding='UTF-8'?><${root}>${xmlFields(body)}</${root}>`,
  };
}
