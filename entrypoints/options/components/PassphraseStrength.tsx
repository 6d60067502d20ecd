// The strength of a passphrase being chosen, as you type: a meter and one line of text (the level,
// zxcvbn's warning and suggestions, in our own words), announced politely. It shows an assessment
// it is given and imports no estimator, so this module (and PassphraseForm, shared with the popup)
// never pulls zxcvbn's dictionaries into a page; the options page passes assessPassphrase in.
import type { MessageKey } from '@/lib/i18n';
import { MIN_PASSPHRASE } from '@/lib/credentials/passphrase-policy';
import type { PassphraseAssessment, Score, SuggestionKey, WarningKey } from '@/lib/credentials/passphrase-strength';
import { useT } from '@/components/LanguageProvider';

export const WARNING_TEXT: Record<WarningKey, MessageKey> = {
  tooShort: 'pwWarnTooShort',
  straightRow: 'pwWarnStraightRow',
  keyPattern: 'pwWarnKeyPattern',
  simpleRepeat: 'pwWarnSimpleRepeat',
  extendedRepeat: 'pwWarnExtendedRepeat',
  sequences: 'pwWarnSequences',
  recentYears: 'pwWarnRecentYears',
  dates: 'pwWarnDates',
  topTen: 'pwWarnTopTen',
  topHundred: 'pwWarnTopHundred',
  common: 'pwWarnCommon',
  similarToCommon: 'pwWarnSimilarToCommon',
  wordByItself: 'pwWarnWordByItself',
  namesByThemselves: 'pwWarnNamesByThemselves',
  commonNames: 'pwWarnCommonNames',
  userInputs: 'pwWarnUserInputs',
  pwned: 'pwWarnPwned',
};

export const SUGGESTION_TEXT: Record<SuggestionKey, MessageKey> = {
  l33t: 'pwTipL33t',
  reverseWords: 'pwTipReverseWords',
  allUppercase: 'pwTipAllUppercase',
  capitalization: 'pwTipCapitalization',
  dates: 'pwTipDates',
  recentYears: 'pwTipRecentYears',
  associatedYears: 'pwTipAssociatedYears',
  sequences: 'pwTipSequences',
  repeated: 'pwTipRepeated',
  longerKeyboardPattern: 'pwTipLongerKeyboardPattern',
  anotherWord: 'pwTipAnotherWord',
  useWords: 'pwTipUseWords',
  noNeed: 'pwTipNoNeed',
  pwned: 'pwTipPwned',
};

const LEVEL: Record<Score, MessageKey> = { 0: 'strength0', 1: 'strength1', 2: 'strength2', 3: 'strength3', 4: 'strength4' };

/**
 * The feedback's sentences, in order: the level, then (while too weak) the warning and the
 * suggestions, or that it is strong enough. Pure, so the form's refusal can say the same.
 */
export function strengthWords(assessment: PassphraseAssessment, t: (key: MessageKey, params?: Record<string, string | number>) => string): string[] {
  const level = t('strengthLine', { level: t(LEVEL[assessment.score]) });
  if (assessment.ok) return [level, t('strengthEnough')];
  return [level, ...whyWeak(assessment).map((key) => t(key, { min: MIN_PASSPHRASE }))];
}

/** The warning and the suggestions of a weak passphrase, as our message keys. */
export function whyWeak(assessment: PassphraseAssessment): MessageKey[] {
  return [...(assessment.warning ? [WARNING_TEXT[assessment.warning]] : []), ...assessment.suggestions.map((key) => SUGGESTION_TEXT[key])];
}

interface Props {
  /** The DOM id of the text, which the passphrase field names in its aria-describedby. */
  id: string;
  /** null: nothing typed yet (the meter is empty and says nothing). */
  assessment: PassphraseAssessment | null;
}

export function PassphraseStrength({ id, assessment }: Props) {
  const { t } = useT();
  const labelId = `${id}-label`;
  const words = assessment ? strengthWords(assessment, t) : [];
  return (
    <div className={`strength${assessment ? ` strength-${assessment.score}` : ''}`}>
      <span id={labelId} className="sr-only">
        {t('passphraseStrength')}
      </span>
      <meter
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={assessment?.score ?? 0}
        aria-labelledby={labelId}
        aria-valuetext={assessment ? t(LEVEL[assessment.score]) : undefined}
      />
      <p id={id} className={assessment && !assessment.ok ? 'hint strength-text weak' : 'hint strength-text'} aria-live="polite">
        {words.join(' ')}
      </p>
    </div>
  );
}
