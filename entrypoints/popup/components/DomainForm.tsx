import { useEffect, useState, type FormEvent, type Ref } from 'react';
import type { NameRefusal } from '@/lib/domain/name';
import { loadNameRules } from '../../../components/domain-name';
import type { SubmitOutcome } from '@/lib/protocol/client';
import { DomainField } from '../../../components/DomainField';
import { useT } from '../../../components/LanguageProvider';

/** Kept as data, so switching the language re-renders the message in the new one. */
type FormError = { kind: 'refused'; reason: NameRefusal } | { kind: 'error'; message: 'refused' | 'noAnswer' };

type Rules = Awaited<ReturnType<typeof loadNameRules>>;

interface Props {
  value: string;
  onChange(value: string): void;
  submit(text: string): Promise<SubmitOutcome>;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * The domain field and its button. Text that is not a domain is refused here, with the reason
 * under the field, before anything is sent to the background.
 */
export function DomainForm({ value, onChange, submit, inputRef }: Props) {
  const { t, lang } = useT();
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [rules, setRules] = useState<Rules | null>(null);

  useEffect(() => {
    let live = true;
    void loadNameRules().then((loaded) => live && setRules(loaded));
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const name = (rules ?? (await loadNameRules())).normalizeDomain(value);
      if (!name.ok) {
        setError({ kind: 'refused', reason: name.reason });
        return;
      }
      const outcome = await submit(value);
      setError(outcome.kind === 'refused' || outcome.kind === 'error' ? outcome : null);
    } finally {
      setBusy(false);
    }
  }

  const message =
    error?.kind === 'error' ? t(error.message)
    : error?.kind === 'refused' && rules ? rules.refusalMessage(error.reason, lang)
    : null;
  return (
    <form className="domain-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <DomainField
        value={value}
        onChange={(next) => {
          onChange(next);
          setError(null);
        }}
        error={message}
        inputRef={inputRef}
      >
        <button type="submit" aria-busy={busy || undefined}>
          {t('getCode')}
        </button>
      </DomainField>
    </form>
  );
}
