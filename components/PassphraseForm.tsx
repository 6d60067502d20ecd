import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { MessageKey } from '@/lib/i18n';
import { MIN_PASSPHRASE } from '@/lib/credentials/passphrase-policy';
import { useT } from './LanguageProvider';
import type { VaultError, VaultOutcome } from '@/lib/protocol/client';

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
export function PassphraseForm({ name, fields, submitLabel, submitClass, hint, check, run, errorKey, onDone, onStale, autoFocus, className, children }: Props) {
  const { t } = useT();
  const [values, setValues] = useState<string[]>(() => fields.map(() => ''));
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const typed = values;
    setValues(fields.map(() => ''));
    const refusal = check(typed);
    if (refusal) {
      setError(refusal);
      first.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
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
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              const next = e.target.value;
              setValues((current) => current.map((v, j) => (j === i ? next : v)));
              setError(null);
            }}
          />
        </div>
      ))}
      {hint && (
        <p id={hintId} className="hint">
          {t(hint, { min: MIN_PASSPHRASE })}
        </p>
      )}
      {error && (
        <p id={errorId} className="error" role="alert">
          {t(error, { min: MIN_PASSPHRASE })}
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
