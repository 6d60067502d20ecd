import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS, csvField, toCsv } from '../../lib/batch/csv';
import { csvDomains, parseCsv, readCsvRecords } from '../../lib/batch/parse';
import { parseRate } from '../../lib/batch/rate';
import { batchIdFromHash, batchHash, batchRows, copyAllText, countRows, progressValue, csvHeader, csvFileName, formatTime, resultsCsv, rowCells } from '../../lib/batch/results';
import { loadMessages } from '../../lib/i18n';
import '../../lib/i18n/pages'; // the batch page's words (the CSV header), as the batch page has them
import { failureText } from '../../lib/i18n/worker-words';
import type { Job } from '../../lib/jobs/types';

describe('csvField (RFC 4180)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['crlf\r\n', '"crlf\r\n"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['in side', 'in side'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['a8<Kz"2&f Q', '"a8<Kz""2&f Q"'],
    ['=1+1', `"'=1+1"`],
    ['中文域名.中国', '中文域名.中国'],
  ])('%j -> %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('ends every record with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c', 'd,e']])).toBe('a,b\r\nc,"d,e"\r\n');
    expect(toCsv([])).toBe('');
  });

  it('reads back to the same cells', () => {
    const records = [
      ['domain', 'code'],
      ['a.com', 'x"y,z\nw'],
      ['b.com', ' spaced '],
      ['c.com', ''],
    ];
    expect(parseCsv(toCsv(records)).map((r) => r.cells)).toEqual(records);
  });
});

// OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): no cell may begin with
// = + - @, tab or CR; such a field is written with a leading apostrophe, quoted, quotes doubled.
describe('csvField: the formula guard (OWASP CSV Injection)', () => {
  const TRIGGER = /^[=+\-@\t\r]/;
  /** What a spreadsheet sees in a field: the text inside the quotes, quotes undoubled. */
  const content = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);

  it('guards exactly the six characters OWASP names', () => {
    expect([...FORMULA_TRIGGERS]).toEqual(['=', '+', '-', '@', '\t', '\r']);
  });

  it.each([
    ['=', '=1+1', `"'=1+1"`],
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=', `=cmd|' /C calc'!A0`, `"'=cmd|' /C calc'!A0"`],
    ['+', '+1', `"'+1"`],
    ['+', '+SUM(A1:A2)', `"'+SUM(A1:A2)"`],
    ['-', '-2+3', `"'-2+3"`],
    ['-', '-', `"'-"`],
    ['@', '@SUM(1)', `"'@SUM(1)"`],
    ['tab', '\t=1', `"'\t=1"`],
    ['tab', '\tx', `"'\tx"`],
    ['CR', '\r=1', `"'\r=1"`],
    ['CR', '\r\nx', `"'\r\nx"`],
  ])('%s: %j -> %j', (_trigger, value, field) => {
    expect(csvField(value)).toBe(field);
    expect(content(field)).toMatch(/^'/);
    expect(readCsvRecords(`${field}\r\n`)).toEqual([{ line: 1, cells: [value] }]);
  });

  it.each([
    ['OWASP example 1', '=1+2";=1+2', `"'=1+2"";=1+2"`],
    ['OWASP example 2', `=1+2'" ;,=1+2`, `"'=1+2'"" ;,=1+2"`],
    ['a trigger, a comma, a quote', '=a,"b"', `"'=a,""b"""`],
    ['a trigger and a line feed', '@x\ny', `"'@x\ny"`],
    ['a trigger and CRLF', '-x\r\ny', `"'-x\r\ny"`],
    ['a trigger at the end', 'x=', 'x='],
    ['a trigger after a comma', 'a,=b', '"a,=b"'],
    ['a trigger after a space', ' =1', '" =1"'],
    ['a trigger after a quote', '"=1', '"""=1"'],
    ['a line feed first (quoted; not a trigger)', '\nx', '"\nx"'],
    ['quotes, commas, CR and LF', 'x"y,z\r\nw\rv\n', '"x""y,z\r\nw\rv\n"'],
    ['really starts with an apostrophe and =', `'=1+1`, `"''=1+1"`],
    ['two apostrophes, then @', `''@x`, `"'''@x"`],
    ['an apostrophe and = with a comma', `'=a,b`, `"''=a,b"`],
    ['an apostrophe before something else', `'abc`, `'abc`],
    ['an apostrophe before something else, quoted', `'a,b`, `"'a,b"`],
    ['an apostrophe alone', `'`, `'`],
    ['an apostrophe, a space, =', `' =1`, `' =1`],
  ])('%s: %j -> %j', (_name, value, field) => {
    expect(csvField(value)).toBe(field);
    expect(content(field)).not.toMatch(TRIGGER);
    expect(readCsvRecords(`${field},x\r\n`)).toEqual([{ line: 1, cells: [value, 'x'] }]);
  });

  it('exports codes that start with a trigger as text, and reads them back exactly', () => {
    const records = [
      ['domain', 'code'],
      ['a.com', '=1+1'],
      ['b.com', '+x"y,z'],
      ['c.com', '-\r\n@'],
      ['d.com', '@'],
      ['e.com', '\tcode'],
      ['f.com', "'=already"],
      ['g.com', "'plain"],
    ];
    const csv = toCsv(records);
    expect(csv).toBe(
      'domain,code\r\n' +
        `a.com,"'=1+1"\r\n` +
        `b.com,"'+x""y,z"\r\n` +
        `c.com,"'-\r\n@"\r\n` +
        `d.com,"'@"\r\n` +
        `e.com,"'\tcode"\r\n` +
        `f.com,"''=already"\r\n` +
        `g.com,'plain\r\n`,
    );
    expect(readCsvRecords(csv).map((r) => r.cells)).toEqual(records);
    expect(parseCsv(csv).map((r) => r.cells)).toEqual(records);
    expect(parseCsv(`\uFEFF${csv}`).map((r) => r.cells)).toEqual(records);
    // The batch page's import reads the same file (its domain column).
    expect(csvDomains(`\uFEFF${csv}`).entries.map((e) => e.text)).toEqual(records.slice(1).map((r) => r[0]));
  });

  // Strings that hit the rules (every trigger, apostrophes, quotes, separators, line ends, a BOM,
  // spaces) and strings of any UTF-16 code units, lone surrogates too.
  const special = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\r\n', "'", '"', ',', ';', ' ', '\u3000', '\uFEFF', 'a', '中');
  const anyUnit = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
  const cell = fc.oneof(
    fc.string({ unit: special, maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: fc.oneof(special, anyUnit), maxLength: 10 }),
  );
  // A record has at least one cell: a record of no cells and a record of one empty cell are both
  // an empty line, in any CSV.
  const records = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 });

  it('reads back any records exactly (property)', () => {
    fc.assert(
      fc.property(records, (recs) => {
        expect(readCsvRecords(toCsv(recs)).map((r) => r.cells)).toEqual(recs);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any records exactly through parseCsv, blank records aside (property)', () => {
    fc.assert(
      fc.property(records, (recs) => {
        const kept = recs.filter((r) => r.some((c) => c.trim() !== ''));
        expect(parseCsv(`\uFEFF${toCsv(recs)}`, ',').map((r) => r.cells)).toEqual(kept);
      }),
      { numRuns: 1000 },
    );
  });

  it('never starts a cell with a trigger outside quotes and an apostrophe (property)', () => {
    fc.assert(
      fc.property(records, (recs) => {
        for (const record of recs) {
          for (const value of record) {
            const field = csvField(value);
            // Neither the field as the file has it nor the text a spreadsheet puts in the cell.
            expect(field).not.toMatch(TRIGGER);
            expect(content(field)).not.toMatch(TRIGGER);
            if (TRIGGER.test(value)) expect(field.startsWith(`"'`)).toBe(true);
          }
        }
        expect(toCsv(recs)).toBe(recs.map((r) => r.map(csvField).join(',') + '\r\n').join(''));
      }),
      { numRuns: 2000 },
    );
  });
});

const NOW = new Date(2025, 4, 6, 7, 8, 9).getTime();

function job(id: string, domain: string, state: Job['state'], extra: Partial<Job> = {}): Job {
  return {
    id,
    domain,
    site: 'cn',
    profileId: 'p',
    state,
    apiCalls: 1,
    polls: 0,
    retries: 0,
    createdAt: NOW,
    updatedAt: NOW,
    nextAttemptAt: NOW,
    notified: true,
    ...(state === 'done' || state === 'failed' ? { finishedAt: NOW + 1000 } : {}),
    ...extra,
  };
}

describe('batch results', () => {
  // The batch page renders only once its language's table is loaded (LanguageProvider).
  beforeAll(() => loadMessages('zh'));

  const ids = ['1', '2', '3', '4', 'gone'];
  const failure = { cause: 'domain' as const, apiCode: 'DomainNotExist', detail: 'The domain does not exist.' };
  const byId = (list: Job[]) => new Map(list.map((j) => [j.id, j]));
  const list = [
    job('3', 'c.com', 'waiting'),
    job('1', 'a.com', 'done', { code: 'x"y, <b>z</b>' }),
    job('other', 'other.com', 'done', { code: 'NOT MINE' }),
    job('2', 'b.com', 'failed', { failure }),
    job('4', 'd.com', 'submitting', { waitingForUnlock: true }),
  ];
  const jobs = byId(list);

  it('gives one row per job in the batch, in its order, with the strings the table shows', () => {
    const rows = batchRows(ids, jobs, 'en');
    expect(rows.map(rowCells)).toEqual([
      ['a.com', 'x"y, <b>z</b>', 'Done', '', formatTime(NOW + 1000)],
      ['b.com', '', 'Failed', failureText(failure, 'en'), formatTime(NOW + 1000)],
      ['c.com', '', 'Waiting', '', ''],
      ['d.com', '', 'Waiting for unlock', '', ''],
    ]);
    expect(batchRows(ids, jobs, 'zh').map((r) => r.status)).toEqual(['已完成', '失败', '等待中', '等待解锁']);
  });

  it('a job following its lock task says the lock is being turned off, in both languages', async () => {
    await loadMessages('en');
    const unlocking = byId([job('5', 'e.com', 'submitting', { unlock: { taskNo: 'T', since: NOW } })]);
    expect(batchRows(['5'], unlocking, 'en').map((r) => r.status)).toEqual(['Turning the transfer lock off']);
    expect(batchRows(['5'], unlocking, 'zh').map((r) => r.status)).toEqual(['正在关闭禁止转移锁']);
  });

  it('a retried job reading its lock again says it is checking it (nothing is turning it off)', async () => {
    await loadMessages('en');
    const checking = byId([job('6', 'f.com', 'submitting', { unlock: { since: NOW, recheck: true } })]);
    expect(batchRows(['6'], checking, 'en').map((r) => r.status)).toEqual(['Checking the transfer lock']);
    expect(batchRows(['6'], checking, 'zh').map((r) => r.status)).toEqual(['正在检查禁止转移锁']);
  });

  it('counts waiting, done, failed, and jobs gone from the history', () => {
    expect(countRows(ids.length, batchRows(ids, jobs, 'en'))).toEqual({ total: 5, waiting: 2, submitted: 1, done: 1, failed: 1, removed: 1 });
  });

  it.each([
    ['nothing submitted yet', { total: 4, waiting: 4, submitted: 0, done: 0, failed: 0, removed: 0 }, 0],
    ['every task submitted, none finished', { total: 4, waiting: 4, submitted: 4, done: 0, failed: 0, removed: 0 }, 2],
    ['half finished, the rest submitted', { total: 4, waiting: 2, submitted: 2, done: 1, failed: 1, removed: 0 }, 3],
    ['all finished (one removed)', { total: 4, waiting: 0, submitted: 0, done: 2, failed: 1, removed: 1 }, 4],
  ])('progress: %s', (_name, counts, value) => {
    expect(progressValue(counts)).toBe(value);
  });

  it('exports the header and the rows as CSV', () => {
    const csv = resultsCsv(batchRows(ids, jobs, 'en'), 'en');
    const records = parseCsv(csv).map((r) => r.cells);
    expect(records[0]).toEqual(csvHeader('en'));
    expect(records[0]).toEqual(['domain', 'code', 'status', 'reason', 'time']);
    expect(records.slice(1)).toEqual(batchRows(ids, jobs, 'en').map(rowCells));
    expect(csv.split('\r\n')[1]).toBe(`a.com,"x""y, <b>z</b>",Done,,${formatTime(NOW + 1000)}`);
  });

  it('writes the header in the language in force: no English for a Chinese user', () => {
    const records = parseCsv(resultsCsv(batchRows(ids, jobs, 'zh'), 'zh')).map((r) => r.cells);
    expect(records[0]).toEqual(['域名', '转移密码', '状态', '原因', '时间']);
  });

  it('copies "domain<TAB>code" per line for the done rows only', () => {
    const rows = batchRows(ids, byId([...list, job('5', 'e.com', 'done', { code: 'E' })]), 'en');
    expect(copyAllText(rows)).toBe('a.com\tx"y, <b>z</b>');
    expect(copyAllText(batchRows(['1', '5', '2'], byId([...list, job('5', 'e.com', 'done', { code: 'E' })]), 'en'))).toBe('a.com\tx"y, <b>z</b>\ne.com\tE');
  });

  it('formats times and file names in local time', () => {
    expect(formatTime(NOW)).toBe('2025-05-06 07:08:09');
    expect(csvFileName(NOW)).toBe('transfer-codes-20250506-0708.csv');
  });

  it.each([
    ['#batch=abc', 'abc'],
    ['#batch=a%2Fb', 'a/b'],
    ['#batch=abc&x=1', 'abc'],
    ['#batch=', undefined],
    ['#job=abc', undefined],
    ['', undefined],
    ['#batch=%E0%A4%A', undefined],
  ])('reads the batch id of %j', (hash, id) => {
    expect(batchIdFromHash(hash)).toBe(id);
  });

  it('writes a hash it reads back', () => {
    expect(batchIdFromHash(batchHash('a/b c'))).toBe('a/b c');
  });
});

describe('parseRate', () => {
  it.each([
    ['1', 1],
    ['5', 5],
    ['20', 20],
    [' 7 ', 7],
    ['0', null],
    ['21', null],
    ['2.5', null],
    ['-3', null],
    ['', null],
    ['1e1', null],
    ['abc', null],
  ])('%j -> %j', (text, rate) => {
    expect(parseRate(text)).toBe(rate);
  });
});
