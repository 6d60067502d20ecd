import { beforeAll, describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../lib/batch/csv';
import { parseCsv } from '../../lib/batch/parse';
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
    ['=1+1', '=1+1'],
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
