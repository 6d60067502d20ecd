// CSV output (RFC 4180): fields with a quote, a separator or a line break are quoted, quotes doubled,
// records end with CRLF. A field with a space at either end is quoted too, since some readers trim
// unquoted fields.
//
// Spreadsheets run a cell that starts with = + - @ as a formula, and a transfer code can hold any
// printable character, so an exported code must never start a cell with one. The rule is OWASP's
// "CSV Injection" page (https://owasp.org/www-community/attacks/CSV_Injection): no cell may begin with
// = + - @, tab (0x09) or carriage return (0x0D); such a field is prefixed with a single quote, wrapped
// in double quotes, and its double quotes are doubled (`=1+2";=1+2` is written `"'=1+2"";=1+2"`).
// Spreadsheets take the leading apostrophe as "this is text" and show the value itself.
//
// The code must still arrive exactly as it is, so the apostrophe is part of the format, not of the
// value: the project's own reader (parseCsv in lib/batch/parse.ts) drops it again. A quoted field
// that starts with apostrophes followed by one of those characters loses exactly one apostrophe.
// For that to be exact, a value that itself starts with apostrophes followed by such a character
// (`'=x`) gets the same treatment (`"''=x"`), so the reader gives back `'=x` and a spreadsheet shows
// `'=x` as text. Every other value is written verbatim as before: `'x` stays `'x`.

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** The characters OWASP names as starting a formula: = + - @, tab, carriage return. */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

/**
 * A value that is written as `"'…"`: it starts with a formula trigger, possibly after apostrophes
 * (those get one more, so that the reader's dropping one gives the value back).
 */
export const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r]/;

const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;

export function csvField(value: string): string {
  if (NEEDS_APOSTROPHE.test(value)) return quoted(`'${value}`);
  return NEEDS_QUOTES.test(value) ? quoted(value) : value;
}

export function toCsv(records: ReadonlyArray<readonly string[]>): string {
  return records.map((record) => record.map(csvField).join(',') + '\r\n').join('');
}
