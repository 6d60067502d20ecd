// "Copy for the new registrar" (lib/batch/handoff): domain<separator>code lines, and the codes a
// separator would cut left out and named.
import { describe, expect, it } from 'vitest';
import { handoffText, type HandoffRow, type Separator } from '../../lib/batch/handoff';

const done = (domain: string, code: string): HandoffRow => ({ domain, code, state: 'done' });

describe('handoffText', () => {
  it.each<[string, HandoffRow[], Separator, { text: string; lines: number; clash?: string[]; lineBreak?: string[] }]>([
    ['empty', [], 'tab', { text: '', lines: 0 }],
    ['one code, tab', [done('a.com', 'A1')], 'tab', { text: 'a.com\tA1', lines: 1 }],
    ['comma', [done('a.com', 'A1'), done('b.com', 'B2')], 'comma', { text: 'a.com,A1\nb.com,B2', lines: 2 }],
    ['space', [done('a.com', 'A1'), done('b.com', 'B2')], 'space', { text: 'a.com A1\nb.com B2', lines: 2 }],
    ['a comma inside a code (comma)', [done('a.com', 'x,y'), done('b.com', 'B2'), done('c.com', ',')], 'comma', { text: 'b.com,B2', lines: 1, clash: ['a.com', 'c.com'] }],
    ['a comma inside a code (tab: fine)', [done('a.com', 'x,y')], 'tab', { text: 'a.com\tx,y', lines: 1 }],
    ['a space inside a code (space)', [done('a.com', 'a8<Kz"2&f Q')], 'space', { text: '', lines: 0, clash: ['a.com'] }],
    ['a space inside a code (comma: fine)', [done('a.com', 'a8<Kz"2&f Q')], 'comma', { text: 'a.com,a8<Kz"2&f Q', lines: 1 }],
    ['a tab inside a code (tab)', [done('a.com', 'x\ty'), done('b.com', 'B')], 'tab', { text: 'b.com\tB', lines: 1, clash: ['a.com'] }],
    ['a line break, whatever the separator', [done('a.com', 'x\ny'), done('b.com', 'x\r\ny'), done('c.com', 'C')], 'comma', { text: 'c.com,C', lines: 1, lineBreak: ['a.com', 'b.com'] }],
    ['a line break and a tab: counted as a line break', [done('a.com', 'x\t\ny')], 'tab', { text: '', lines: 0, lineBreak: ['a.com'] }],
    ['unicode domains, in the order given', [done('中文域名.中国', '码1'), done('bücher.de', 'ü')], 'tab', { text: '中文域名.中国\t码1\nbücher.de\tü', lines: 2 }],
    [
      'only done rows with a code',
      [{ domain: 'w.com', code: '', state: 'waiting' }, { domain: 'f.com', code: '', state: 'failed' }, done('locked.com', ''), done('d.com', 'D')],
      'tab',
      { text: 'd.com\tD', lines: 1 },
    ],
  ])('%s', (_name, rows, separator, expected) => {
    expect(handoffText(rows, separator)).toEqual({ clash: [], lineBreak: [], ...expected });
  });
});
