// The batch page's input: pasted text (lines, commas or spaces) or a CSV file, split into entries
// that each keep the line they came from, so every refusal can name its line. Pure: no DOM, no
// normalization (that is lib/batch/plan.ts, with the parser passed in).

export interface Entry {
  /** 1-based line of the text (for a CSV: the line the record starts on, as a spreadsheet numbers rows) */
  line: number;
  text: string;
}

/** Between entries on one line: whitespace (any Unicode space), commas and semicolons, also the full-width ones and 、. */
const SEPARATORS = /[\s,;，；、]+/u;
const LINE_BREAK = /\r\n|\r|\n/;

/** Splits pasted text into entries: one per line, or several on a line separated by commas or spaces. */
export function splitDomainText(text: string): Entry[] {
  const entries: Entry[] = [];
  text.split(LINE_BREAK).forEach((line, index) => {
    for (const part of line.split(SEPARATORS)) if (part !== '') entries.push({ line: index + 1, text: part });
  });
  return entries;
}

export interface CsvRecord {
  /** 1-based line the record starts on */
  line: number;
  cells: string[];
}

/**
 * RFC 4180 records, read leniently the way spreadsheets write them: a byte-order mark is dropped,
 * lines end with CRLF, LF or CR, a quoted field may hold separators, line breaks and doubled quotes;
 * a quote inside an unquoted field is an ordinary character, and an unclosed quote runs to the end.
 * A quoted field that starts with an apostrophe before = + - @, tab or CR loses that apostrophe
 * (the formula guard of lib/batch/csv.ts; see readCsvRecords). Blank records are skipped.
 * `separator` defaults to the one the first line uses most (comma, semicolon or tab).
 */
export function parseCsv(text: string, separator: string = sniffSeparator(text)): CsvRecord[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Blank lines are no records.
  return readCsvRecords(input, separator).filter((r) => r.cells.some((c) => c.trim() !== ''));
}

/**
 * A quoted field written by csvField for a value that starts with a formula trigger (= + - @, tab,
 * CR), possibly after apostrophes: the writer put one apostrophe before it (OWASP's CSV Injection
 * rule, https://owasp.org/www-community/attacks/CSV_Injection), and this reader takes it off.
 */
const GUARDED = /^'+[=+\-@\t\r]/;

/**
 * Every record of CSV text, exactly as written: what toCsv (lib/batch/csv.ts) writes reads back to
 * the very cells it was given. Blank records are records here (one empty cell) and a byte-order mark
 * is a character; parseCsv drops both. A quoted field that starts with apostrophes followed by
 * = + - @, tab or CR loses one apostrophe (the writer's formula guard); an unquoted one is kept as it
 * is, and so is an apostrophe before anything else.
 */
export function readCsvRecords(input: string, separator = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  /** the cell began with a quoted section */
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push(quoted && GUARDED.test(cell) ? cell.slice(1) : cell);
    cell = '';
    quoted = false;
  };
  const endRecord = () => {
    endCell();
    records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === '"' && cell === '') {
      // A quoted field: up to the closing quote that is not doubled.
      quoted = true;
      i++;
      for (;;) {
        if (i >= input.length) break;
        const c = input[i]!;
        if (c === '"') {
          if (input[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r' || c === '\n') {
          line++;
          if (c === '\r' && input[i + 1] === '\n') {
            cell += '\r\n';
            i += 2;
            continue;
          }
        }
        cell += c;
        i++;
      }
      continue;
    }
    if (ch === separator) {
      endCell();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    cell += ch;
    i++;
  }
  if (cell !== '' || quoted || cells.length > 0) endRecord();
  return records;
}

const SEPARATOR_CHOICES = [',', ';', '\t'] as const;

/** The separator the first line uses most, outside quotes; a comma when it uses none. */
export function sniffSeparator(text: string): string {
  const firstLine = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(LINE_BREAK, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const sep of SEPARATOR_CHOICES) {
    const count = unquoted.split(sep).length - 1;
    if (count > bestCount) {
      best = sep;
      bestCount = count;
    }
  }
  return best;
}

/** Header names of a domain column, compared without case, spaces, underscores or hyphens. */
const DOMAIN_HEADERS = new Set(['domain', 'domains', 'domainname', 'domainnames', '域名']);

const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/[\s_-]+/g, '');

export interface CsvDomains {
  entries: Entry[];
  /** 0-based column the domains were read from */
  column: number;
  /** the header of that column, when the first record was a header */
  header?: string;
}

/**
 * The domains of a CSV file: the column named domain, domain_name or 域名 (any case) when the first
 * record has one (that record is then the header), else the first column of every record.
 * Empty cells are skipped like blank lines.
 */
export function csvDomains(text: string): CsvDomains {
  const records = parseCsv(text);
  const first = records[0];
  const named = first ? first.cells.findIndex((cell) => DOMAIN_HEADERS.has(headerKey(cell))) : -1;
  const column = Math.max(0, named);
  const rows = named >= 0 ? records.slice(1) : records;
  const entries: Entry[] = [];
  for (const record of rows) {
    const text = (record.cells[column] ?? '').trim();
    if (text !== '') entries.push({ line: record.line, text });
  }
  return { entries, column, ...(named >= 0 && first ? { header: first.cells[named]!.trim() } : {}) };
}
