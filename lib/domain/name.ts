// User text -> the registrable domain to send to the Alibaba Cloud Domain API, or a clear refusal.
//
// Pure functions using browser APIs only (WHATWG `URL` for the IDNA/UTS-46 mapping, `tldts` for the
// public suffix list). Decisions:
// - Private suffixes are ignored (`allowPrivateDomains: false`): Alibaba Cloud sells ICANN domains,
//   and a transfer code belongs to what a registry registered. So `user.github.io` gives `github.io`
//   (which GitHub holds), never `user.github.io`; `github.io` itself is a normal domain.
// - Emoji and other symbols are refused as 'illegal-characters' even though the URL parser maps them
//   (`😀.ws` -> `xn--e28h.ws`): Alibaba Cloud does not sell emoji domains. A label may hold only
//   letters, combining marks, digits and hyphens (checked on its Unicode form).
// - A label that mixes Latin, Cyrillic or Greek letters (`exаmple` with a Cyrillic 'а') is refused as
//   'illegal-characters' (a homograph). Latin mixed with Han, kana, Hangul etc. is accepted (`中文abc`).
// - `mailto:a@example.com`, like every scheme that is not a web address, is refused as
//   'not-a-web-address'. Without a scheme, `a@example.com` reads as credentials and gives example.com.
// - Single labels give 'single-label' (`localhost`, `example`), except ICANN suffixes ('public-suffix').
// - Whitespace, control, format (zero-width, soft hyphen, bidi controls) and surrogate characters
//   are refused inside, even where URL would silently drop them; only whitespace and zero-width
//   characters are trimmed at the ends.
// - Percent-encoding in the host is refused rather than decoded. Labels with `--` in 3rd-4th place
//   that are not `xn--` are refused (reserved by IDNA, registries refuse them).
// - IDNs are returned in Unicode (what the Alibaba Domain API expects); `ß`/`ς` are kept
//   (non-transitional processing, like browsers), so `straße.de` stays `straße.de`.
// The trailing slash selects the npm package, not Node's deprecated built-in module of the same name.
import punycode from 'punycode/';
import { parse } from 'tldts';
import { MAX_INPUT_LENGTH } from '../protocol/limits';
import type { NameRefusal } from '../protocol';

export type { NameRefusal } from '../protocol';

export type NameResult =
  | { ok: true; domain: string } // registrable domain, lower-case, Unicode form for IDNs
  | { ok: false; reason: NameRefusal };

export { MAX_INPUT_LENGTH } from '../protocol/limits';

const MAX_LABEL_OCTETS = 63;
const MAX_NAME_OCTETS = 253;

/** Schemes whose URLs name a web host; every other scheme is 'not-a-web-address'. */
const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'ws', 'wss']);
/** Schemes that look like `user:pass@host` but are not (e.g. `mailto:a@example.com`). */
const NON_WEB_SCHEMES = new Set([
  'about', 'blob', 'chrome', 'chrome-extension', 'data', 'edge', 'file', 'filesystem', 'intent',
  'javascript', 'mailto', 'moz-extension', 'news', 'sms', 'tel', 'urn', 'vbscript', 'view-source',
]);

// Ends: Unicode whitespace (\s covers NBSP, U+3000, U+FEFF) and zero-width characters. Other control
// or bidi characters are refused even at the ends (a bidi override changes how the rest is shown).
const EDGE_JUNK = /^[\s\u180e\u200b-\u200d\u2060]+|[\s\u180e\u200b-\u200d\u2060]+$/gu;
// Inside: whitespace, control, format (zero-width, soft hyphen, bidi U+202A-E/U+2066-9), surrogates.
const INNER_JUNK = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;
const SCHEME = /^([a-z][a-z0-9+.-]*):(.*)$/is;
const PORT_THEN_PATH = /^\d*(?:[/?#\\]|$)/;
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|\d+)$/i;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const UNICODE_LABEL = /^[\p{L}\p{M}\p{N}-]+$/u;

const refuse = (reason: NameRefusal): NameResult => ({ ok: false, reason });

export function normalizeDomain(input: string): NameResult {
  if (input.length > MAX_INPUT_LENGTH) return refuse('too-long-input');
  const text = input.replace(EDGE_JUNK, '');
  if (text === '') return refuse('empty');
  if (INNER_JUNK.test(text)) return refuse('illegal-characters');

  const host = extractHost(text);
  if (typeof host !== 'string') return host;
  if (host === '') return refuse('empty');
  if (host.includes('%')) return refuse('illegal-characters');

  // The URL host parser applies the UTS-46 mapping (NFC, case folding, full-width dots and letters)
  // and gives the ASCII (punycode) form; it also reads IPv4 in all its forms (0x7f.1, 2130706433).
  const mapped = toAsciiHost(host);
  if (mapped === null) return refuse(whyUrlRefused(host));
  if (IPV4.test(mapped)) return refuse('ip-address');
  const ascii = mapped.endsWith('.') ? mapped.slice(0, -1) : mapped;

  const labels = ascii.split('.');
  if (labels.some((label) => label === '')) return refuse('empty-label');
  if (labels.some((label) => label.includes('*'))) return refuse('wildcard');
  if (labels.some((label) => label.length > MAX_LABEL_OCTETS)) return refuse('label-too-long');
  if (ascii.length > MAX_NAME_OCTETS) return refuse('name-too-long');
  if (!labels.every(isLdhLabel)) return refuse('illegal-characters');

  const unicodeLabels = labels.map(labelToUnicode);
  if (!unicodeLabels.every((label): label is string => label !== null && isCleanUnicodeLabel(label))) {
    return refuse('illegal-characters');
  }
  // The Unicode form must map back to the same ASCII form (rejects non-NFC or upper-case punycode).
  if (toAsciiHost(unicodeLabels.join('.')) !== ascii) return refuse('illegal-characters');

  const info = parse(ascii, {
    allowPrivateDomains: false, // ICANN suffixes only: see the note at the top of this file.
    extractHostname: false,
    validateHostname: false,
  });
  if (info.isIp) return refuse('ip-address');
  if (info.domain === null) {
    if (info.isIcann) return refuse('public-suffix');
    return refuse(labels.length === 1 ? 'single-label' : 'unknown-suffix');
  }
  if (!info.isIcann) return refuse('unknown-suffix');
  return { ok: true, domain: info.domain.split('.').map((label) => labelToUnicode(label) ?? label).join('.') };
}

/** Strips scheme, credentials, port, path, query and fragment; returns the raw host text or a refusal. */
function extractHost(text: string): string | NameResult {
  if (isBareIpv6(text.split(/[/?#]/, 1)[0] ?? '')) return refuse('ip-address');

  let rest = text;
  const scheme = SCHEME.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? '').toLowerCase();
    const after = scheme[2] ?? '';
    if (WEB_SCHEMES.has(name)) rest = after.replace(/^[/\\]*/, '');
    else if (/^[/\\]{2}/.test(after) || NON_WEB_SCHEMES.has(name)) return refuse('not-a-web-address');
    else if (!PORT_THEN_PATH.test(after) && !after.includes('@')) return refuse('not-a-web-address');
    // Otherwise `example.com:8080/x` (a port) or `user:pass@example.com` (credentials): keep as is.
  } else {
    rest = text.replace(/^[/\\]{2}/, '');
  }

  const authority = rest.split(/[/?#\\]/, 1)[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    return refuse(end > 0 && isBareIpv6(hostPort.slice(1, end)) ? 'ip-address' : 'illegal-characters');
  }
  const host = hostPort.replace(/:\d*$/, '');
  if (host.includes(':')) return refuse('illegal-characters');
  return host;
}

function isBareIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split(':').length < 3) return false;
  return toAsciiHost(`[${text}]`) !== null;
}

function toAsciiHost(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** URL refuses a name ending in a number that is not a valid IPv4 (999.1.1.1, x.123). */
function whyUrlRefused(host: string): NameRefusal {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (!NUMERIC_LABEL.test(labels[labels.length - 1] ?? '')) return 'illegal-characters';
  return labels.every((label) => NUMERIC_LABEL.test(label)) ? 'ip-address' : 'unknown-suffix';
}

/** Letters, digits, hyphens; no hyphen at either end; `--` in 3rd-4th place only for `xn--`. */
function isLdhLabel(label: string): boolean {
  if (!LDH_LABEL.test(label)) return false;
  return label.slice(2, 4) !== '--' || label.startsWith('xn--');
}

function isCleanUnicodeLabel(label: string): boolean {
  if (!UNICODE_LABEL.test(label) || label.startsWith('-') || label.endsWith('-')) return false;
  const latin = /\p{Script=Latin}/u.test(label);
  const cyrillic = /\p{Script=Cyrillic}/u.test(label);
  const greek = /\p{Script=Greek}/u.test(label);
  return Number(latin) + Number(cyrillic) + Number(greek) <= 1;
}

/** `xn--` label -> Unicode (null if the punycode is broken); other labels unchanged. */
function labelToUnicode(label: string): string | null {
  if (!label.startsWith('xn--')) return label;
  try {
    return punycode.decode(label.slice(4));
  } catch {
    return null; // broken punycode
  }
}
