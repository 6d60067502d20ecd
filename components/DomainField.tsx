import type { ReactNode, Ref } from 'react';
import { useT } from './LanguageProvider';

interface Props {
  value: string;
  onChange(value: string): void;
  /** The refusal or failure to show under the field, already in words; null when there is none. */
  error: string | null;
  inputRef?: Ref<HTMLInputElement>;
  /** The form's button, next to the field. */
  children: ReactNode;
}

const ERROR_ID = 'domain-error';

/**
 * The "Domain name" field of the popup's form and the readiness page's, with its button and the
 * error under it. popup.html's static first screen repeats this markup (tests/unit/first-screen.test.ts).
 */
export function DomainField({ value, onChange, error, inputRef, children }: Props) {
  const { t } = useT();
  return (
    <>
      <label htmlFor="domain">{t('domainLabel')}</label>
      <div className="row">
        <input
          id="domain"
          ref={inputRef}
          type="text"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          placeholder={t('domainPlaceholder')}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? ERROR_ID : undefined}
        />
        {children}
      </div>
      {error && (
        <p id={ERROR_ID} className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
