import { useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { MessageKey } from '@/lib/i18n';
import { MIN_PASSPHRASE } from '@/lib/credentials/passphrase-policy';
import type { PassphraseAssessment } from '@/lib/credentials/passphrase-strength';
import { useT } from './LanguageProvider';
import type { VaultError, VaultOutcome } from '@/lib/protocol/client';

/**
 * A strength meter under one field (the new passphrase), and a submit refused, with the reasons,
 * until that field is strong enough. The estimator, the meter and their words come from the caller
 * (the options page: entrypoints/options/new-passphrase.ts), so the popup, which shares this form
 * for unlocking, loads none of them.
 */
export interface StrengthSpec {
  /** The index of the field to judge. */
  field: number;
  assess(text: string): PassphraseAssessment;
  /** The meter shown under the field. */
  Meter(props: { id: string; assessment: PassphraseAssessment | null }): ReactNode;
  /** The error shown when the submit is refused as too weak, and the reasons under it. */
  weakError: MessageKey;
  reasons(assessment: PassphraseAssessment): MessageKey[];
}

export interface PassphraseFieldSpec {
  /** The input's DOM id. */
  id: string;
  label: MessageKey;
}

interface Props {
  /** Prefix of the ids of the form's hint and error. */
  name: string;
  fields: PassphraseFieldSpec[];
  submitLabel: MessageKey;
  /** The button's class: 'secondary' for an action that should not stand out. */
  submitClass?: string;
  /** A note under the fields (the passphrase rule). */
  hint?: MessageKey;
  strength?: StrengthSpec;
  /** Refuses what needs no background to refuse (empty, too short, not repeated the same). */
  check(values: string[]): MessageKey | null;
  run(values: string[]): Promise<VaultOutcome>;
  /** The error text for each failure the background reports. */
  errorKey?: Partial<Record<VaultError, MessageKey>>;
  onDone(): void;
  /** After a 'state' answer: the vault changed elsewhere, so its state should be read again. */
  onStale?(): void;
  autoFocus?: boolean;
  className?: string;
  /** Shown before the fields (a heading or a sentence). */
  children?: ReactNode;
}

const DEFAULT_ERRORS: Record<VaultError, MessageKey> = {
  'wrong-passphrase': 'wrongPassphrase',
  'weak-passphrase': 'passphraseTooShort',
  state: 'vaultStateChanged',
  locked: 'unlockFirst',
  refused: 'refused',
  'no-answer': 'noAnswer',
};

/**
 * Passphrase fields and one button. The passphrases are sent to the background only, and every
 * field is emptied after each attempt, whatever its outcome: nothing typed stays in the page.
 */
export function PassphraseForm({ name, fields, submitLabel, submitClass, hint, strength, check, run, errorKey, onDone, onStale, autoFocus, className, children }: Props) {
  const { t } = useT();
  const [values, setValues] = useState<string[]>(() => fields.map(() => ''));
  const [error, setError] = useState<MessageKey | null>(null);
  // Why a passphrase was refused as too weak (the warning and suggestions), after the error itself.
  const [reasons, setReasons] = useState<MessageKey[]>([]);
  const judged = strength ? (values[strength.field] ?? '') : '';
  const assessment = useMemo(() => (strength && judged ? strength.assess(judged) : null), [strength?.assess, judged]);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const typed = values;
    setValues(fields.map(() => ''));
    const refusal = check(typed);
    const weak = !refusal && strength ? strength.assess(typed[strength.field] ?? '') : null;
    if (refusal || (weak && !weak.ok)) {
      setError(refusal ?? strength?.weakError ?? null);
      setReasons(weak && strength ? strength.reasons(weak) : []);
      first.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setReasons([]);
    try {
      const outcome = await run(typed);
      if (outcome.ok) {
        onDone();
        return;
      }
      setError({ ...DEFAULT_ERRORS, ...errorKey }[outcome.error]);
      if (outcome.error === 'state' || outcome.error === 'locked') onStale?.();
      first.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const strengthId = `${name}-strength`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form className={className ? `passphrase-form ${className}` : 'passphrase-form'} onSubmit={(e) => void onSubmit(e)} noValidate>
      {children}
      {fields.map((field, i) => (
        <div className="field" key={field.id}>
          <label htmlFor={field.id}>{t(field.label)}</label>
          <input
            id={field.id}
            ref={i === 0 ? first : undefined}
            type="password"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus={i === 0 && autoFocus}
            value={values[i] ?? ''}
            aria-describedby={strength?.field === i ? [describedBy, strengthId].filter(Boolean).join(' ') : describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              const next = e.target.value;
              setValues((current) => current.map((v, j) => (j === i ? next : v)));
              setError(null);
              setReasons([]);
            }}
          />
          {strength?.field === i && <strength.Meter id={strengthId} assessment={assessment} />}
        </div>
      ))}
      {hint && (
        <p id={hintId} className="hint">
          {t(hint, { min: MIN_PASSPHRASE })}
        </p>
      )}
      {error && (
        <p id={errorId} className="error" role="alert">
          {[error, ...reasons].map((key) => t(key, { min: MIN_PASSPHRASE })).join(' ')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className={submitClass} aria-busy={busy || undefined} disabled={busy}>
          {t(submitLabel)}
        </button>
      </div>
    </form>
  );
}

/** Checks of the forms that choose a new passphrase: long enough, and typed twice the same. */
export function newPassphraseRefusal(passphrase: string, repeated: string): MessageKey | null {
  if (passphrase.length < MIN_PASSPHRASE) return 'passphraseTooShort';
  if (passphrase !== repeated) return 'passphraseMismatch';
  return null;
}

export const needsPassphrase = (passphrase: string): MessageKey | null => (passphrase ? null : 'passphraseEmpty');
