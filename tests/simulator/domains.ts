// Validation of the DomainName parameter. The real API names domains in Unicode, lower-case
// (API.md "Domain names"), and a transfer code belongs to a registrable domain, never a host name.

import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';

export type DomainCheck =
  | { ok: true }
  /** not a domain name at all -> ParameterIllegal */
  | { ok: false; reason: 'illegal'; why: string }
  /** well-formed, but cannot be a domain held in the account -> DomainNotExist */
  | { ok: false; reason: 'notRegistrable'; why: string };

const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * `name` must be the lower-case Unicode form (what the real API stores and matches on):
 * upper case, trailing dots, spaces, punycode and other spellings of the same name are refused,
 * so a client that forgets to normalise fails here rather than in production.
 */
export function checkDomainName(name: string): DomainCheck {
  if (name.length > 253 || /[\s/\\:@?#%]/.test(name) || name.endsWith('.') || name.startsWith('.')) {
    return { ok: false, reason: 'illegal', why: 'not a domain name' };
  }
  const ascii = domainToASCII(name);
  if (ascii === '' || ascii.length > 253) return { ok: false, reason: 'illegal', why: 'not a valid (IDNA) domain name' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, reason: 'illegal', why: 'a domain name has at least two labels' };
  for (const label of labels) {
    if (!ASCII_LABEL.test(label)) return { ok: false, reason: 'illegal', why: `bad label "${label}"` };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] as string)) return { ok: false, reason: 'illegal', why: 'numeric top-level label' };
  // Only the canonical Unicode lower-case spelling is accepted.
  if (domainToUnicode(ascii) !== name) {
    return { ok: false, reason: 'illegal', why: 'send the lower-case Unicode form of the name' };
  }
  const parsed = parseDomain(name);
  if (!parsed.isIcann || parsed.domain === null) {
    return { ok: false, reason: 'notRegistrable', why: 'unknown public suffix' };
  }
  if (parsed.domain !== name) {
    return { ok: false, reason: 'notRegistrable', why: `a host name, not the registered domain (${parsed.domain})` };
  }
  return { ok: true };
}
