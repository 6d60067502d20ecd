// CSV output (RFC 4180): fields with a quote, a separator or a line break are quoted, quotes doubled,
// records end with CRLF. A field with a space at either end is quoted too, since some readers trim
// unquoted fields. Values are written verbatim: a transfer code must arrive exactly as it is,
// so nothing is prefixed or escaped for spreadsheets (codes come from Alibaba Cloud, and domain
// names cannot start with = + - @).

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(records: ReadonlyArray<readonly string[]>): string {
  return records.map((record) => record.map(csvField).join(',') + '\r\n').join('');
}
