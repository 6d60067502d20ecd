// How hard a passphrase is to guess offline, with zxcvbn-ts (its common and English dictionaries).
// Shared by the pages' strength meter and the worker, which enforces the same minimum (vault.ts):
// no DOM, no React. The estimator is built once, on the first call (building its ranked
// dictionaries takes a noticeable moment, which a waking worker must not pay unless a passphrase
// is being set); every call after that costs a few milliseconds.
//
// The feedback is returned as zxcvbn's keys, never its English text: each page words them itself
// (components/PassphraseStrength.tsx, in English and Chinese).
import { ZxcvbnFactory, type TranslationKeys } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { MIN_PASSPHRASE, passphraseLength } from './passphrase-policy';

export { passphraseLength } from './passphrase-policy';

/** The lowest zxcvbn score accepted for the vault's passphrase (0 to 4; 3: "safely unguessable", about 10^8 guesses and more). */
export const MIN_SCORE = 3;

export type Score = 0 | 1 | 2 | 3 | 4;

// Every key zxcvbn may give, written out so that a key added by an update is a type error here
// (and so in the pages' wording tables) rather than a sentence nobody translated.
const ZXCVBN_WARNINGS: Record<keyof TranslationKeys['warnings'], true> = {
  straightRow: true,
  keyPattern: true,
  simpleRepeat: true,
  extendedRepeat: true,
  sequences: true,
  recentYears: true,
  dates: true,
  topTen: true,
  topHundred: true,
  common: true,
  similarToCommon: true,
  wordByItself: true,
  namesByThemselves: true,
  commonNames: true,
  userInputs: true,
  pwned: true,
};

const ZXCVBN_SUGGESTIONS: Record<keyof TranslationKeys['suggestions'], true> = {
  l33t: true,
  reverseWords: true,
  allUppercase: true,
  capitalization: true,
  dates: true,
  recentYears: true,
  associatedYears: true,
  sequences: true,
  repeated: true,
  longerKeyboardPattern: true,
  anotherWord: true,
  useWords: true,
  noNeed: true,
  pwned: true,
};

/** Why a passphrase is weak: zxcvbn's warnings, and ours ('tooShort': under MIN_PASSPHRASE characters). */
export type WarningKey = keyof TranslationKeys['warnings'] | 'tooShort';
export type SuggestionKey = keyof TranslationKeys['suggestions'];

export interface PassphraseAssessment {
  /** Long enough and scored at least MIN_SCORE: the vault accepts it. */
  ok: boolean;
  /** zxcvbn's score; a passphrase under the minimum length scores at most MIN_SCORE - 1, so that score and ok agree. */
  score: Score;
  warning?: WarningKey;
  suggestions: SuggestionKey[];
}

/** Words anyone would try first against this extension's vault: they count as guessed. */
const OBVIOUS_WORDS = ['aliyun', 'alibaba', 'alibabacloud', 'alicloud', 'transfer', 'passphrase'];

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  // No `translations`: zxcvbn then answers with its keys, which we word ourselves. No Levenshtein
  // matching either: it makes a check cost hundreds of milliseconds (seconds for some inputs),
  // too slow to run at each key press.
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  return estimator;
}


const isWarning = (key: string | null): key is keyof TranslationKeys['warnings'] => key !== null && Object.hasOwn(ZXCVBN_WARNINGS, key);
const isSuggestion = (key: string): key is SuggestionKey => Object.hasOwn(ZXCVBN_SUGGESTIONS, key);

function asScore(n: number): Score {
  return Math.max(0, Math.min(4, Math.floor(n))) as Score;
}

/**
 * Judges a passphrase as the vault will: NFC-normalized (as the key derivation sees it), at least
 * MIN_PASSPHRASE characters, and a zxcvbn score of at least MIN_SCORE.
 */
export function assessPassphrase(text: string): PassphraseAssessment {
  const normalized = text.normalize('NFC');
  const result = zxcvbn().check(normalized, OBVIOUS_WORDS);
  const longEnough = passphraseLength(normalized) >= MIN_PASSPHRASE;
  const score = longEnough ? asScore(result.score) : asScore(Math.min(result.score, MIN_SCORE - 1));
  const warning: WarningKey | undefined = !longEnough ? 'tooShort' : isWarning(result.feedback.warning) ? result.feedback.warning : undefined;
  const suggestions = result.feedback.suggestions.filter(isSuggestion);
  return { ok: longEnough && score >= MIN_SCORE, score, ...(warning ? { warning } : {}), suggestions };
}
