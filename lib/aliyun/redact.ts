// Removes the AccessKey secret and the STS token from text the API sent back. The server echoes
// what it received, and not always as it was sent: a SignatureDoesNotMatch message shows the string
// to sign, where the canonical query (and so the token) is percent-encoded a second time. So every
// form a value can take on the wire, or in an echo of the wire, is looked for, not only the raw one.
import { percentEncode } from './sign';

export const REDACTED = '[redacted]';

/**
 * A secret shorter than this is not spliced out but drops the whole text when it appears: a short
 * value also matches by chance inside ordinary words, and the text around each mark would then
 * spell it ("b[redacted]d request" gives away "a"). Real AccessKey secrets are 30 characters.
 */
export const MIN_SPLICE_LENGTH = 8;

/** application/x-www-form-urlencoded as URLSearchParams writes it: `+` for space, `*` kept, `~!'()` encoded. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** The three encoders a value meets: the signer's RFC 3986 one, the platform's, and HTML forms'. */
const ENCODERS: ReadonlyArray<(value: string) => string> = [percentEncode, encodeURIComponent, formEncode];

/** Each encoding, and its variant with `+` for an encoded space (a form decoder's view of %20). */
function encodings(value: string): string[] {
  const out: string[] = [];
  for (const encode of ENCODERS) {
    let encoded: string;
    try {
      encoded = encode(value);
    } catch {
      // A lone surrogate cannot be encoded; then it cannot have been sent in that form either.
      continue;
    }
    out.push(encoded, encoded.replace(/%20/g, '+'));
  }
  return out;
}

/** The raw value, every single encoding of it and every encoding of those (double-encoded). */
export function wireForms(value: string): string[] {
  const once = encodings(value);
  const twice = once.flatMap(encodings);
  return [...new Set([value, ...once, ...twice])];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A pattern for one form in which %XY matches in either case of its hex digits (servers differ). */
function formPattern(form: string): string {
  return form
    .split(/(%[0-9A-F]{2})/)
    .map((part, i) =>
      i % 2 === 1
        ? '%' + [...part.slice(1)].map((c) => (/[A-F]/.test(c) ? `[${c}${c.toLowerCase()}]` : c)).join('')
        : escapeRegExp(part),
    )
    .join('');
}

/**
 * One regular expression for all forms of all values, longest first so that a double-encoded form
 * is removed whole rather than leaving the pieces a shorter form does not cover. One pass also means
 * no mark can combine with its neighbours into a new match.
 */
function matcher(values: readonly string[]): RegExp | undefined {
  const forms = [...new Set(values.flatMap(wireForms))].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  return forms.length > 0 ? new RegExp(forms.map(formPattern).join('|'), 'g') : undefined;
}

/** Whether any form the pattern covers occurs in the text (search ignores the g flag's state). */
const occursIn = (pattern: RegExp, text: string) => text.search(pattern) >= 0;

/** The text with every long secret's forms spliced out, or the mark alone when a short one appears. */
function spliced(text: string, present: readonly string[]): string {
  const short = matcher(present.filter((s) => s.length < MIN_SPLICE_LENGTH));
  if (short && occursIn(short, text)) return REDACTED;
  const long = matcher(present.filter((s) => s.length >= MIN_SPLICE_LENGTH));
  return long ? text.replace(long, REDACTED) : text;
}

/**
 * The text without any form of the given secrets (undefined and empty secrets are ignored): either
 * text in which no form occurs at all, or the mark alone (a constant, it tells nothing). The spliced
 * text is checked once more, so that nothing can slip through: a mark can combine with the text next
 * to it into a form (a secret that ends in "[red"), or a secret can be a piece of the mark itself.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const present = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const all = matcher(present);
  if (!all) return text;
  const out = spliced(text, present);
  return occursIn(all, out) ? REDACTED : out;
}
