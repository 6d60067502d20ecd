import type { Ref } from 'react';
import { useT } from '../LanguageProvider';

interface Props {
  /** The input's DOM id; its hint and error get `${id}-hint` and `${id}-error`. */
  id: string;
  value: string;
  onChange(value: string): void;
  /** The worker refused the last passphrase: the error replaces the hint. */
  wrong: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * The passphrase asked again before transfer locks are turned off (the worker checks it first):
 * the readiness page's lock fix and the batch page's check before the start. Pages words.
 */
export function LockPassphraseField({ id, value, onChange, wrong, inputRef }: Props) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('passphrase')}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        value={value}
        aria-describedby={wrong ? `${id}-error` : `${id}-hint`}
        aria-invalid={wrong || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {wrong ? (
        <p id={`${id}-error`} className="error" role="alert">
          {t('wrongPassphraseRetry')}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          {t('lockPassphraseHint')}
        </p>
      )}
    </div>
  );
}
