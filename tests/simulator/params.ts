// Strict parser for application/x-www-form-urlencoded strings (query strings and POST bodies).
// Stricter than URLSearchParams on purpose: a malformed escape or invalid UTF-8 is an error
// instead of being silently replaced, so a client's encoding bug cannot slip through.

export class ParamParseError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes one name or value: `+` is a space (form encoding), `%XY` is a byte. */
export function formDecode(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '+') {
      bytes.push(0x20);
    } else if (ch === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new ParamParseError(`malformed percent escape near "${raw.slice(i, i + 3)}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    throw new ParamParseError('parameter is not valid UTF-8 after percent-decoding');
  }
}

/**
 * Parses `a=1&b=2` into `into`. Empty segments are skipped (as every form parser does); a name
 * given twice (also across query string and body) is refused, because which copy the gateway
 * would sign is not defined.
 */
export function parseForm(input: string, into: Map<string, string>): void {
  if (input === '') return;
  for (const segment of input.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = formDecode(eq === -1 ? segment : segment.slice(0, eq));
    const value = eq === -1 ? '' : formDecode(segment.slice(eq + 1));
    if (name === '') throw new ParamParseError('empty parameter name');
    if (into.has(name)) throw new ParamParseError(`parameter ${name} is given more than once`);
    into.set(name, value);
  }
}

/** A prototype-less record, so names like `__proto__` or `constructor` are plain data. */
export function toRecord(map: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of map) out[k] = v;
  return out;
}
