// CSV that cannot be run (issue 15), end to end: the batch page's export (resultsCsv) read back by
// its import (csvDomains, parseCsv with the separator sniffed as the page does): every code and
// domain arrives exactly, and no cell a spreadsheet sees starts a formula.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvDomains, parseCsv } from '../../lib/batch/parse';
import { batchRows, csvHeader, resultsCsv, rowCells } from '../../lib/batch/results';
import { loadMessages } from '../../lib/i18n';
import type { Lang } from '../../lib/i18n/lang';
import '../../lib/i18n/pages'; // the batch page's words (the CSV header), as the batch page has them
import type { Job } from '../../lib/jobs/types';

const NOW = Date.UTC(2025, 4, 6, 7, 8, 9);

const doneJob = (id: string, domain: string, code: string): Job => ({
  id,
  domain,
  site: 'cn',
  profileId: 'p',
  state: 'done',
  code,
  apiCalls: 2,
  polls: 1,
  retries: 0,
  createdAt: NOW,
  updatedAt: NOW,
  nextAttemptAt: NOW,
  finishedAt: NOW + 1_000,
  notified: true,
});

/** The export of these (domain, code) pairs, as done jobs of one batch. */
function exported(pairs: ReadonlyArray<readonly [string, string]>, lang: Lang) {
  const jobs = pairs.map(([domain, code], i) => doneJob(String(i), domain, code));
  const rows = batchRows(jobs.map((j) => j.id), new Map(jobs.map((j) => [j.id, j])), lang);
  return { rows, csv: resultsCsv(rows, lang) };
}

/** The cells the project's import reads from the file (the separator sniffed, as the batch page does). */
const shownCells = (csv: string) => parseCsv(csv).map((r) => r.cells);

beforeAll(() => loadMessages('zh'));

describe('export then import: formula triggers', () => {
  it.each([
    ['=', '=1+1'],
    ['=', '=HYPERLINK("http://evil","x")'],
    ['+', '+41 22'],
    ['-', '-2+3'],
    ['@', '@SUM(A1)'],
    ['tab', '\t=1'],
    ['CR', '\r=1'],
    ['an apostrophe, then =', "'=x"],
    ['an apostrophe, then a letter', "'x"],
    ['a trigger later on', 'a=b'],
  ])('a code starting with %s (%j) is written after an apostrophe, quoted, and read back exactly', (_name, code) => {
    const { csv } = exported([['example.com', code]], 'en');
    const line = csv.split('\r\n')[1]!;
    const field = line.slice('example.com,'.length);
    if (/^'*[=+\-@\t\r]/.test(code)) expect(field.startsWith(`"'`)).toBe(true);
    else expect(field.startsWith(code.slice(0, 1))).toBe(true);
    expect(shownCells(csv)[1]![1]).toBe(code);
  });
});

describe('export then import (property)', () => {
  const special = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'", '"', ',', ';', ' ', 'a', '.', '中');
  const text = fc.oneof(fc.string({ unit: special, maxLength: 10 }), fc.string({ maxLength: 16 }), fc.string({ unit: 'binary', maxLength: 8 }));
  const pairs = fc.array(fc.tuple(text, text), { maxLength: 12 });

  it.each<Lang>(['en', 'zh'])('every code and domain comes back exactly (%s)', (lang) => {
    fc.assert(
      fc.property(pairs, (list) => {
        const { rows, csv } = exported(list, lang);
        expect(shownCells(csv)).toEqual([csvHeader(lang), ...rows.map(rowCells)]);
        expect(rows.map((r) => [r.domain, r.code])).toEqual(list);
        // The batch page's import: the domain column, trimmed, empty cells skipped.
        expect(csvDomains(csv).entries.map((e) => e.text)).toEqual(list.map(([d]) => d.trim()).filter((d) => d !== ''));
      }),
      { numRuns: 500 },
    );
  });
});
