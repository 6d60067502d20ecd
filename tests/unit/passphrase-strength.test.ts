import { describe, expect, it, vi } from 'vitest';
import { assessPassphrase, MIN_SCORE, passphraseLength, type PassphraseAssessment } from '../../lib/credentials/passphrase-strength';
import { MIN_PASSPHRASE } from '../../lib/credentials/passphrase-policy';
import { relativeTo, staticGraph } from './helpers/import-graph';

// The real estimator, counted: it must be built once, however many passphrases are judged.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('@zxcvbn-ts/core', async (original) => {
  const real = await original<typeof import('@zxcvbn-ts/core')>();
  class CountedFactory extends real.ZxcvbnFactory {
    constructor(...args: ConstructorParameters<typeof real.ZxcvbnFactory>) {
      super(...args);
      built.count++;
    }
  }
  return { ...real, ZxcvbnFactory: CountedFactory };
});

describe('assessPassphrase', () => {
  it('asks for a score of 3 and the minimum length (and builds nothing before the first call)', () => {
    expect(built.count).toBe(0);
    expect(MIN_SCORE).toBe(3);
    expect(MIN_PASSPHRASE).toBe(8);
  });

  // [passphrase, accepted, what the feedback must say (a subset of the answer)]
  const cases: Array<[string, boolean, Partial<PassphraseAssessment>]> = [
    ['', false, { score: 0, warning: 'tooShort' }],
    ['password1', false, { score: 0, warning: 'common' }],
    ['12345678', false, { score: 0, warning: 'topTen' }],
    ['aaaaaaaa', false, { score: 0, warning: 'simpleRepeat' }],
    ['abcdefgh', false, { warning: 'sequences' }],
    ['qwertyuiop', false, { warning: 'topHundred' }],
    ['P@ssw0rd!', false, { warning: 'similarToCommon' }],
    ['19871987', false, { warning: 'extendedRepeat' }],
    ['密码密码密码密码', false, { warning: 'extendedRepeat' }],
    ['aliyun2024', false, {}],
    ['x7#kQ!m', false, { warning: 'tooShort' }],
    ['我的猫喜欢阳光', false, { warning: 'tooShort', score: 2 }],
    ['correct horse battery staple', true, { score: 4 }],
    ['Umber falcon, quietly ninety-seven lanterns', true, { score: 4 }],
    ['a long passphrase', true, {}],
    ['我的猫喜欢在阳光下睡觉', true, { score: 4 }],
  ];

  it.each(cases)('%j: accepted %s', (text, ok, feedback) => {
    const result = assessPassphrase(text);
    expect(result.ok).toBe(ok);
    expect(result).toMatchObject(feedback);
    expect(result.ok).toBe(result.score >= MIN_SCORE);
  });

  it('suggests what to do, as keys (never zxcvbn’s English)', () => {
    const result = assessPassphrase('aaaaaaaa');
    expect(result.suggestions).toEqual(expect.arrayContaining(['anotherWord', 'repeated']));
    for (const text of ['password1', '12345678', 'correct horse battery staple']) {
      const { warning, suggestions } = assessPassphrase(text);
      for (const key of [warning ?? 'none', ...suggestions]) expect(key).toMatch(/^[a-zA-Z0-9]+$/);
    }
  });

  it('judges the NFC form: a decomposed "é" is the same passphrase as a composed one', () => {
    const composed = 'caf\u00e9 caf\u00e9 caf\u00e9';
    const decomposed = 'cafe\u0301 cafe\u0301 cafe\u0301';
    expect(assessPassphrase(decomposed)).toEqual(assessPassphrase(composed));
  });

  it('counts characters, not UTF-16 units, for the minimum length', () => {
    const table: Array<[string, number]> = [
      ['abc', 3],
      ['cafe\u0301', 4],
      ['😀😀😀😀', 4],
      ['我的猫', 3],
    ];
    for (const [text, length] of table) expect(passphraseLength(text)).toBe(length);
    // Seven emoji are 14 UTF-16 units, still one short of the minimum.
    expect(assessPassphrase('🐱🐶🦊🐻🐼🐨🐯')).toMatchObject({ ok: false, warning: 'tooShort' });
  });

  it('builds the estimator once, on first use, and reuses it', () => {
    for (let i = 0; i < 20; i++) assessPassphrase(`correct horse battery staple ${i}`);
    expect(built.count).toBe(1);
  });
});

describe('who loads the estimator (its dictionaries weigh megabytes)', () => {
  it('the popup never does: its unlock form shares PassphraseForm, which takes the estimator from its caller', () => {
    const popup = relativeTo(staticGraph('entrypoints/popup/App.tsx'));
    expect(popup).toContain('components/PassphraseForm.tsx');
    expect(popup).not.toContain('lib/credentials/passphrase-strength.ts');
  });

  it('the worker never does: it checks the length only, since it loads its whole bundle at every wake', () => {
    const worker = relativeTo(staticGraph('entrypoints/background/index.ts'));
    expect(worker).toContain('lib/credentials/vault.ts');
    expect(worker).not.toContain('lib/credentials/passphrase-strength.ts');
  });

  it('the options page does', () => {
    expect(relativeTo(staticGraph('entrypoints/options/App.tsx'))).toContain('lib/credentials/passphrase-strength.ts');
  });
});
