// What the pages show of a finished job's code (issue 15): which sealed codes to ask the worker
// for, how its answers merge, the chunks of MAX_REVEAL_IDS, what each job shows, and the batch
// page's CSV export (codes asked for at the click; nothing while locked).
import { describe, expect, it, vi } from 'vitest';
import { batchRows, copyAllText } from '../../lib/batch/results';
import { chunked, codeView, mayReveal, mergeRevealed, NO_CODES, refsKey, revealInChunks, sealedToReveal, storedCodeView, type CodeView, type RevealedCodes } from '../../lib/jobs/code-view';
import { parseCsv } from '../../lib/batch/parse';
import { loadMessages } from '../../lib/i18n';
import type { Job } from '../../lib/jobs/types';
import type { PageVaultState, RevealOutcome } from '../../lib/protocol/client';
import { MAX_REVEAL_IDS } from '../../lib/protocol/index';
import { exportResultsCsv } from '../../entrypoints/batch/export';
import { job } from './helpers/render';

const sealed = (iv = 'iv1') => ({ iv, data: 'opaque' });
const done = (id: string, more: Partial<Job> = {}) => job({ id, domain: `${id}.com`, state: 'done', finishedAt: 1, ...more });
const opened = (entries: Record<string, { iv: string; code?: string }>): RevealedCodes => new Map(Object.entries(entries));

describe('sealedToReveal', () => {
  it.each<[string, Job[], RevealedCodes, string]>([
    ['no jobs', [], NO_CODES, ''],
    ['a plain code is used as is', [done('a', { code: 'A' })], NO_CODES, ''],
    ['a sealed code is asked for', [done('a', { sealedCode: sealed() })], NO_CODES, 'a:iv1'],
    ['a deleted code is not', [done('a', { sealedCode: sealed(), codeRemovedAt: 5 })], NO_CODES, ''],
    ['a pending or failed job is not', [job({ id: 'p', domain: 'p.com', state: 'waiting', sealedCode: sealed() }), job({ id: 'f', domain: 'f.com', state: 'failed' })], NO_CODES, ''],
    ['one opened already is not', [done('a', { sealedCode: sealed() })], opened({ a: { iv: 'iv1', code: 'A' } }), ''],
    ['one the worker could not open is not asked again', [done('a', { sealedCode: sealed() })], opened({ a: { iv: 'iv1' } }), ''],
    ['one sealed again (a new IV) is', [done('a', { sealedCode: sealed('iv2') })], opened({ a: { iv: 'iv1', code: 'A' } }), 'a:iv2'],
    ['in the order shown', [done('b', { sealedCode: sealed() }), done('x', { code: 'X' }), done('a', { sealedCode: sealed('i') })], NO_CODES, 'b:iv1,a:i'],
  ])('%s', (_what, jobs, revealed, key) => {
    expect(refsKey(sealedToReveal(jobs, revealed))).toBe(key);
  });
});

describe('mergeRevealed', () => {
  const asked = [
    { id: 'a', iv: 'ia' },
    { id: 'b', iv: 'ib' },
  ];
  it.each<[string, RevealedCodes, typeof asked, Record<string, unknown> | undefined, Record<string, { iv: string; code?: string }>]>([
    ['codes as sent', NO_CODES, asked, { a: 'A', b: '<b>&' }, { a: { iv: 'ia', code: 'A' }, b: { iv: 'ib', code: '<b>&' } }],
    ['a job left out is not opened', NO_CODES, asked, { a: 'A' }, { a: { iv: 'ia', code: 'A' }, b: { iv: 'ib' } }],
    ['no answer: none opened', NO_CODES, asked, undefined, { a: { iv: 'ia' }, b: { iv: 'ib' } }],
    ['only text counts', NO_CODES, asked, { a: 42, b: { code: 'B' } }, { a: { iv: 'ia' }, b: { iv: 'ib' } }],
    ['codes not asked for are ignored', NO_CODES, [asked[0]!], { a: 'A', z: 'Z', toString: 'T' }, { a: { iv: 'ia', code: 'A' } }],
    ['the earlier ones stay', opened({ c: { iv: 'ic', code: 'C' } }), [asked[0]!], { a: 'A' }, { c: { iv: 'ic', code: 'C' }, a: { iv: 'ia', code: 'A' } }],
    ['an id asked again is replaced', opened({ a: { iv: 'old', code: 'OLD' } }), [asked[0]!], { a: 'NEW' }, { a: { iv: 'ia', code: 'NEW' } }],
  ])('%s', (_what, current, ask, codes, expected) => {
    expect(Object.fromEntries(mergeRevealed(current, ask, codes))).toEqual(expected);
  });

  it('nothing asked: the same map', () => {
    const current = opened({ a: { iv: 'i', code: 'A' } });
    expect(mergeRevealed(current, [], { a: 'B' })).toBe(current);
  });

  it('a prototype name as a code key is never taken from the prototype', () => {
    expect(Object.fromEntries(mergeRevealed(NO_CODES, [{ id: 'constructor', iv: 'i' }], {}))).toEqual({ constructor: { iv: 'i' } });
  });
});

describe('chunked', () => {
  it.each<[string, number[], number, number[][]]>([
    ['none', [], 3, []],
    ['fewer than one chunk', [1, 2], 3, [[1, 2]]],
    ['exactly one', [1, 2, 3], 3, [[1, 2, 3]]],
    ['a rest', [1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]],
    ['a size of 0 counts as 1', [1, 2], 0, [[1], [2]]],
    ['a size that is not a whole number counts as 1', [1, 2], Number.NaN, [[1], [2]]],
  ])('%s', (_what, items, size, pieces) => {
    expect(chunked(items, size)).toEqual(pieces);
  });
});

describe('revealInChunks', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `j${i}`);
  const echo = () => vi.fn(async (asked: string[]): Promise<RevealOutcome> => ({ ok: true, codes: Object.fromEntries(asked.map((id) => [id, `code-${id}`])) }));

  it.each([
    [0, []],
    [1, [1]],
    [MAX_REVEAL_IDS, [MAX_REVEAL_IDS]],
    [MAX_REVEAL_IDS + 1, [MAX_REVEAL_IDS, 1]],
    [1_000, [MAX_REVEAL_IDS, MAX_REVEAL_IDS]],
  ])('%i ids: calls of %j ids', async (n, calls) => {
    const reveal = echo();
    const outcome = await revealInChunks(ids(n), reveal);
    expect(reveal.mock.calls.map(([asked]) => asked.length)).toEqual(calls);
    expect(outcome).toEqual({ ok: true, codes: Object.fromEntries(ids(n).map((id) => [id, `code-${id}`])) });
  });

  it.each(['locked', 'refused', 'no-answer'] as const)('the first refusal (%s) ends it, with nothing', async (error) => {
    const reveal = vi.fn(async (): Promise<RevealOutcome> => ({ ok: false, error }));
    expect(await revealInChunks(ids(MAX_REVEAL_IDS + 5), reveal)).toEqual({ ok: false, error });
    expect(reveal).toHaveBeenCalledTimes(1);
  });

  it('keeps only text codes of the ids asked', async () => {
    const reveal = vi.fn(async (): Promise<RevealOutcome> => ({ ok: true, codes: { j0: 'A', j1: 7, other: 'X' } as unknown as Record<string, string> }));
    expect(await revealInChunks(['j0', 'j1'], reveal)).toEqual({ ok: true, codes: { j0: 'A' } });
  });
});

describe('mayReveal', () => {
  it.each<[PageVaultState | undefined, boolean]>([
    [undefined, false],
    ['locked', false],
    ['unlocked', true],
    ['off', true],
    ['unknown', true],
  ])('%s -> %s', (status, may) => {
    expect(mayReveal(status)).toBe(may);
  });
});

describe('codeView', () => {
  const s = sealed();
  it.each<[string, Job, RevealedCodes, PageVaultState | undefined, CodeView]>([
    ['a pending job', job({ id: 'p', domain: 'p.com', state: 'waiting' }), NO_CODES, 'unlocked', { kind: 'none' }],
    ['a failed job', job({ id: 'f', domain: 'f.com', state: 'failed' }), NO_CODES, 'unlocked', { kind: 'none' }],
    ['a plain code, even while locked', done('a', { code: 'A' }), NO_CODES, 'locked', { kind: 'shown', code: 'A' }],
    ['a deleted code', done('a', { codeRemovedAt: 9 }), NO_CODES, 'unlocked', { kind: 'removed', at: 9 }],
    ['a deleted code, whatever is left', done('a', { codeRemovedAt: 9, sealedCode: s }), opened({ a: { iv: 'iv1', code: 'A' } }), 'unlocked', { kind: 'removed', at: 9 }],
    ['sealed, locked', done('a', { sealedCode: s }), NO_CODES, 'locked', { kind: 'locked' }],
    ['sealed, locked: an opened code is hidden too', done('a', { sealedCode: s }), opened({ a: { iv: 'iv1', code: 'A' } }), 'locked', { kind: 'locked' }],
    ['sealed, not opened yet', done('a', { sealedCode: s }), NO_CODES, 'unlocked', { kind: 'opening' }],
    ['sealed, the vault not read yet', done('a', { sealedCode: s }), NO_CODES, undefined, { kind: 'opening' }],
    ['sealed, opened', done('a', { sealedCode: s }), opened({ a: { iv: 'iv1', code: 'A' } }), 'unlocked', { kind: 'shown', code: 'A' }],
    ['sealed again after it was opened', done('a', { sealedCode: sealed('iv2') }), opened({ a: { iv: 'iv1', code: 'A' } }), 'unlocked', { kind: 'opening' }],
    ['sealed, the worker could not open it', done('a', { sealedCode: s }), opened({ a: { iv: 'iv1' } }), 'unlocked', { kind: 'unavailable' }],
    ['done with no code at all', done('a'), NO_CODES, 'off', { kind: 'unavailable' }],
  ])('%s', (_what, j, revealed, status, view) => {
    expect(codeView(j, revealed, status)).toEqual(view);
  });
});

describe('batchRows with the codes shown', () => {
  const jobs = new Map(
    [done('plain', { code: 'P' }), done('sealed', { sealedCode: sealed() }), done('gone', { codeRemovedAt: 3 }), job({ id: 'f', domain: 'f.com', state: 'failed', failure: { cause: 'domain' } })].map((j) => [j.id, j]),
  );
  const ids = ['plain', 'sealed', 'gone', 'f'];

  it.each<[string, (j: Job) => CodeView, Array<[string, string]>]>([
    ['stored codes only', storedCodeView, [['P', ''], ['', 'Opening the code…'], ['', 'The code was deleted after the retention period.']]],
    ['locked', (j) => codeView(j, NO_CODES, 'locked'), [['P', ''], ['', 'Unlock to see the code.'], ['', 'The code was deleted after the retention period.']]],
    ['opened', (j) => codeView(j, opened({ sealed: { iv: 'iv1', code: 'S' } }), 'unlocked'), [['P', ''], ['S', ''], ['', 'The code was deleted after the retention period.']]],
  ])('%s: code and reason cells', (_what, codeOf, cells) => {
    const rows = batchRows(ids, jobs, 'en', codeOf);
    expect(rows.slice(0, 3).map((r) => [r.code, r.reason])).toEqual(cells);
    expect(rows[3]!.reason).not.toBe('');
  });

  it('Copy all holds only the codes shown', () => {
    expect(copyAllText(batchRows(ids, jobs, 'en', (j) => codeView(j, NO_CODES, 'locked')))).toBe('plain.com\tP');
  });

  it('in Chinese', async () => {
    await loadMessages('zh');
    const rows = batchRows(['sealed', 'gone'], jobs, 'zh', (j) => codeView(j, NO_CODES, 'locked'));
    expect(rows.map((r) => r.reason)).toEqual(['解锁后即可查看转移密码。', '转移密码已在保留期满后删除。']);
  });
});

describe('exportResultsCsv', () => {
  const many = Array.from({ length: MAX_REVEAL_IDS + 2 }, (_, i) => done(`s${i}`, { sealedCode: sealed() }));
  const jobs = new Map([done('plain', { code: 'P' }), ...many].map((j) => [j.id, j]));
  const ids = [...jobs.keys()];
  const echo = () => vi.fn(async (asked: string[]): Promise<RevealOutcome> => ({ ok: true, codes: Object.fromEntries(asked.map((id) => [id, `C-${id}`])) }));

  it('asks for every sealed code, MAX_REVEAL_IDS at a time, and exports them with the plain ones', async () => {
    const reveal = echo();
    const outcome = await exportResultsCsv({ ids, jobs, lang: 'en', status: 'unlocked', reveal });
    expect(reveal.mock.calls.map(([asked]) => asked.length)).toEqual([MAX_REVEAL_IDS, 2]);
    expect(reveal.mock.calls.flatMap(([asked]) => asked)).not.toContain('plain');
    if (!outcome.ok) throw new Error('not exported');
    const records = parseCsv(outcome.csv).map((r) => r.cells);
    expect(records[1]!.slice(0, 3)).toEqual(['plain.com', 'P', 'Done']);
    expect(records[2]!.slice(0, 2)).toEqual(['s0.com', 'C-s0']);
    expect(records).toHaveLength(ids.length + 1);
  });

  it('locked: asks nothing and exports nothing', async () => {
    const reveal = echo();
    expect(await exportResultsCsv({ ids, jobs, lang: 'en', status: 'locked', reveal })).toEqual({ ok: false, error: 'locked' });
    expect(reveal).not.toHaveBeenCalled();
  });

  it.each(['locked', 'no-answer', 'refused'] as const)('the worker answers %s: nothing exported', async (error) => {
    const reveal = vi.fn(async (): Promise<RevealOutcome> => ({ ok: false, error }));
    expect(await exportResultsCsv({ ids, jobs, lang: 'en', status: 'unlocked', reveal })).toEqual({ ok: false, error });
  });

  it('plain codes only: asks nothing, even while locked', async () => {
    const reveal = echo();
    const plain = new Map([['plain', done('plain', { code: 'P' })]]);
    const outcome = await exportResultsCsv({ ids: ['plain'], jobs: plain, lang: 'en', status: 'locked', reveal });
    expect(outcome.ok).toBe(true);
    expect(reveal).not.toHaveBeenCalled();
  });
});
