import { describe, expect, it } from 'vitest';
import { csvDomains, parseCsv, readCsvRecords, sniffSeparator, splitDomainText } from '../../lib/batch/parse';
import { planBatch } from '../../lib/batch/plan';
import { MAX_BATCH } from '../../lib/protocol/limits';
import { normalizeDomain } from '../../lib/domain/name';

const texts = (input: string) => splitDomainText(input).map((e) => e.text);

describe('splitDomainText', () => {
  it.each([
    ['one per line', 'a.com\nb.com\nc.com', ['a.com', 'b.com', 'c.com']],
    ['CRLF and CR line ends', 'a.com\r\nb.com\rc.com', ['a.com', 'b.com', 'c.com']],
    ['commas', 'a.com,b.com, c.com', ['a.com', 'b.com', 'c.com']],
    ['spaces and tabs', 'a.com b.com\tc.com   d.com', ['a.com', 'b.com', 'c.com', 'd.com']],
    ['semicolons', 'a.com;b.com', ['a.com', 'b.com']],
    ['full-width separators', 'a.com，b.com；c.com、d.com\u3000e.com', ['a.com', 'b.com', 'c.com', 'd.com', 'e.com']],
    ['blank lines and trailing separators', '\n\na.com,\n ,\n\nb.com  \n', ['a.com', 'b.com']],
    ['nothing', '', []],
    ['only separators', ' ,; \n\t', []],
    ['URLs kept whole', 'https://www.example.com/path?q=1', ['https://www.example.com/path?q=1']],
    ['markup is text', '<img src=x onerror=alert(1)>', ['<img', 'src=x', 'onerror=alert(1)>']],
  ])('%s', (_name, input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('keeps the line of every entry (1-based, blank lines counted)', () => {
    expect(splitDomainText('a.com b.com\n\nc.com')).toEqual([
      { line: 1, text: 'a.com' },
      { line: 1, text: 'b.com' },
      { line: 3, text: 'c.com' },
    ]);
  });
});

describe('parseCsv', () => {
  const cells = (input: string, sep?: string) => parseCsv(input, sep).map((r) => r.cells);

  it.each([
    ['plain', 'a,b\nc,d', [['a', 'b'], ['c', 'd']]],
    ['CRLF', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['CR only', 'a,b\rc,d', [['a', 'b'], ['c', 'd']]],
    ['a byte-order mark', '\uFEFFdomain,x\r\na.com,1', [['domain', 'x'], ['a.com', '1']]],
    ['quoted separators', '"a,b",c', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['a line break inside quotes', '"two\nlines",x\r\ny,z', [['two\nlines', 'x'], ['y', 'z']]],
    ['empty fields', 'a,,c\n,,', [['a', '', 'c']]],
    ['an unclosed quote runs to the end', '"open,x\ny', [['open,x\ny']]],
    ['a quote inside an unquoted field is a character', 'a"b,c', [['a"b', 'c']]],
    ['blank lines are skipped', 'a\n\n\nb\n', [['a'], ['b']]],
  ])('%s', (_name, input, expected) => {
    expect(cells(input)).toEqual(expected);
  });

  // The formula guard of lib/batch/csv.ts (OWASP "CSV Injection",
  // https://owasp.org/www-community/attacks/CSV_Injection): the apostrophe the writer put before a
  // leading = + - @, tab or CR is taken off again, in quoted fields only.
  it.each([
    ['=', `"'=1+1",x`, ['=1+1', 'x']],
    ['+', `"'+1",x`, ['+1', 'x']],
    ['-', `"'-1",x`, ['-1', 'x']],
    ['@', `"'@SUM(1)",x`, ['@SUM(1)', 'x']],
    ['tab', `"'\tx",x`, ['\tx', 'x']],
    ['CR', `"'\r=1",x`, ['\r=1', 'x']],
    ['CRLF', `"'\r\n=1",x`, ['\r\n=1', 'x']],
    ['doubled quotes after it', `"'=1+2"";=1+2",x`, ['=1+2";=1+2', 'x']],
    ['one of two apostrophes', `"''=1",x`, [`'=1`, 'x']],
    ['one of three apostrophes', `"'''@x",x`, [`''@x`, 'x']],
    ['in the last column', `x,"'=1"`, ['x', '=1']],
  ])('drops the guard apostrophe of a quoted field before %s', (_name, input, expected) => {
    expect(cells(input)).toEqual([expected]);
  });

  it.each([
    ['an unquoted field', `'=1,x`, [`'=1`, 'x']],
    ['an apostrophe before anything else', `"'abc",x`, [`'abc`, 'x']],
    ['an apostrophe alone', `"'",x`, [`'`, 'x']],
    ['an apostrophe, a space, =', `"' =1",x`, [`' =1`, 'x']],
    ['an apostrophe, a line feed', `"'\nx",x`, [`'\nx`, 'x']],
    ['an apostrophe inside', `"a'=1",x`, [`a'=1`, 'x']],
    ['a trigger without an apostrophe', `"=1",x`, ['=1', 'x']],
  ])('keeps every other apostrophe: %s', (_name, input, expected) => {
    expect(cells(input)).toEqual([expected]);
  });

  it('reads the guard the same with a semicolon or a tab as the separator', () => {
    expect(cells(`a;b\n"'=1";"x;y"`)).toEqual([['a', 'b'], ['=1', 'x;y']]);
    expect(cells(`a\tb\n"'@1"\t"'-2"`)).toEqual([['a', 'b'], ['@1', '-2']]);
  });

  it('numbers each record by the line it starts on', () => {
    expect(parseCsv('h\n"x\ny"\n\nz').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y",b,c', ','],
    ['domain', ','],
  ])('sniffs the separator of %j', (input, sep) => {
    expect(sniffSeparator(input)).toBe(sep);
  });

  it('reads semicolon files (spreadsheets in many locales write them)', () => {
    expect(cells('domain;note\na.com;"x;y"')).toEqual([
      ['domain', 'note'],
      ['a.com', 'x;y'],
    ]);
  });
});

describe('readCsvRecords', () => {
  it('keeps blank records and a byte-order mark (parseCsv drops them), and the lines records start on', () => {
    expect(readCsvRecords('\uFEFFa\r\n\r\n"x\ny",""\r\n, \r\n')).toEqual([
      { line: 1, cells: ['\uFEFFa'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['x\ny', ''] },
      { line: 5, cells: ['', ' '] },
    ]);
    expect(parseCsv('\uFEFFa\r\n\r\n"x\ny",""\r\n, \r\n')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 3, cells: ['x\ny', ''] },
    ]);
  });

  it('reads commas by default, and another separator when told', () => {
    expect(readCsvRecords('a;b,c\r\n').map((r) => r.cells)).toEqual([['a;b', 'c']]);
    expect(readCsvRecords('a;b,c\r\n', ';').map((r) => r.cells)).toEqual([['a', 'b,c']]);
  });

  it('gives nothing for nothing, and one empty quoted field for ""', () => {
    expect(readCsvRecords('')).toEqual([]);
    expect(readCsvRecords('""')).toEqual([{ line: 1, cells: [''] }]);
  });
});

describe('csvDomains', () => {
  const domainsOf = (input: string) => csvDomains(input).entries.map((e) => e.text);

  it('takes the first column when there is no domain header', () => {
    expect(csvDomains('a.com,1\nb.com,2')).toEqual({
      entries: [
        { line: 1, text: 'a.com' },
        { line: 2, text: 'b.com' },
      ],
      column: 0,
    });
  });

  it.each(['domain', 'Domain', 'DOMAIN_NAME', 'domain name', 'Domain-Name', '域名', ' domains '])('finds the column named %j and skips the header', (header) => {
    const found = csvDomains(`id,${header},owner\r\n1,a.com,me\r\n2,"b.com",you\r\n`);
    expect(found.column).toBe(1);
    expect(found.header).toBe(header.trim());
    expect(found.entries).toEqual([
      { line: 2, text: 'a.com' },
      { line: 3, text: 'b.com' },
    ]);
  });

  it('reads an Excel export: BOM, CRLF, quoted cells, a Chinese header', () => {
    expect(domainsOf('\uFEFF"域名","到期日"\r\n"中文域名.中国","2026-01-01"\r\n"example.com","2026-02-01"\r\n')).toEqual(['中文域名.中国', 'example.com']);
  });

  it('skips empty cells and trims spaces around a cell', () => {
    expect(domainsOf('domain\n a.com \n\n,\n"  "\nb.com')).toEqual(['a.com', 'b.com']);
  });

  it('reads a guarded cell of an export back as it was', () => {
    expect(domainsOf(`domain,code\r\n"'=a.com",x\r\n"''-b.com",y\r\n'@c.com,z\r\n`)).toEqual(['=a.com', "'-b.com", "'@c.com"]);
  });

  it('keeps markup as plain text', () => {
    expect(domainsOf('"<img src=x onerror=alert(1)>",x')).toEqual(['<img src=x onerror=alert(1)>']);
  });

  it('gives nothing for an empty file or a header alone', () => {
    expect(domainsOf('')).toEqual([]);
    expect(domainsOf('\uFEFF')).toEqual([]);
    expect(domainsOf('domain\r\n')).toEqual([]);
  });
});

describe('planBatch', () => {
  const plan = (input: string) => planBatch(splitDomainText(input), normalizeDomain);

  it('normalizes every entry, with its own refusal, and merges duplicates into their first line', () => {
    const result = plan('Example.com\nlocalhost, https://www.example.com/x\ncom\nexample.net EXAMPLE.NET');
    expect(result.rows).toEqual([
      { kind: 'ok', line: 1, text: 'Example.com', domain: 'example.com' },
      { kind: 'refused', line: 2, text: 'localhost', reason: 'single-label' },
      { kind: 'duplicate', line: 2, text: 'https://www.example.com/x', domain: 'example.com', firstLine: 1 },
      { kind: 'refused', line: 3, text: 'com', reason: 'public-suffix' },
      { kind: 'ok', line: 4, text: 'example.net', domain: 'example.net' },
      { kind: 'duplicate', line: 4, text: 'EXAMPLE.NET', domain: 'example.net', firstLine: 4 },
    ]);
    expect(result.texts).toEqual(['Example.com', 'example.net']);
    expect(result).toMatchObject({ refused: 2, duplicates: 2, tooMany: false });
  });

  it('merges IDN spellings (Unicode and punycode) as one domain', () => {
    const result = plan('中文域名.中国\nxn--fiq06l2rdsvs.xn--fiqs8s');
    expect(result.texts).toEqual(['中文域名.中国']);
    expect(result.rows[1]).toMatchObject({ kind: 'duplicate', firstLine: 1 });
  });

  it('refuses markup as text, never as a name', () => {
    expect(plan('<img src=x onerror=alert(1)>').texts).toEqual([]);
  });

  it('is too many above MAX_BATCH distinct domains, not at it; duplicates do not count', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `d${i}.com`).join('\n');
    expect(plan(names(MAX_BATCH)).tooMany).toBe(false);
    expect(plan(`${names(MAX_BATCH)}\nd0.com\nD1.com`).tooMany).toBe(false);
    const over = plan(names(MAX_BATCH + 1));
    expect(over.tooMany).toBe(true);
    expect(over.texts).toHaveLength(MAX_BATCH + 1);
  });
});
