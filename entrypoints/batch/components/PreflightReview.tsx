// "Before the batch starts": what the readiness check found, shown before anything is sent when
// a domain is left out or has its transfer lock on. One button turns the locks off and gets the
// codes (with the vault on, after the passphrase again); another gets the codes without the locked
// domains; Cancel sends nothing.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PreflightPlan, ReadFailure } from '@/lib/batch/preflight';
import type { MessageKey } from '@/lib/i18n';
import { readinessText, readinessTitle } from '@/lib/i18n/readiness-words';
import type { PageVaultState } from '@/lib/protocol/client';
import { callFailureText } from '../../../components/full-page/call-failure';
import { useT } from '../../../components/LanguageProvider';
import { LockPassphraseField } from '../../../components/full-page/LockPassphraseField';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Why a domain's facts could not be read, in plain words. */
export function readFailureText(why: ReadFailure, t: Translate): string {
  return why.error === 'not-read' ? t('preflightNotRead') : callFailureText(why, t);
}

/** What the last confirmation answered: a wrong passphrase (the field says so), or another failure. */
export type ReviewFailure = { kind: 'wrong-passphrase' } | { kind: 'unlock'; text: string } | { kind: 'other'; key: MessageKey };

interface Props {
  plan: PreflightPlan;
  vaultStatus?: PageVaultState;
  busy: boolean;
  failure: ReviewFailure | null;
  /** `withLocked`: turn the locks off and include those domains; `passphrase` only then, with the vault on. */
  confirm(withLocked: boolean, passphrase?: string): void;
  cancel(): void;
}

export function PreflightReview({ plan, vaultStatus, busy, failure, confirm, cancel }: Props) {
  const { t, lang } = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const locked = plan.toUnlock.length;
  const cautions = new Map(plan.toUnlockCautions.map(({ domain, checks }) => [domain, checks]));
  const others = plan.ready.length + plan.unchecked.length;
  const wrong = failure?.kind === 'wrong-passphrase';
  // With the vault on the worker asks for the passphrase again before it turns locks off.
  const askPassphrase = locked > 0 && (vaultStatus === 'unlocked' || wrong);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (wrong) passphraseRef.current?.focus();
  }, [failure, wrong]);

  function onUnlock(event: FormEvent) {
    event.preventDefault();
    const given = passphrase;
    // The passphrase is not kept in the page once it has been sent.
    setPassphrase('');
    confirm(true, askPassphrase ? given : undefined);
  }

  return (
    <section className="card preflight" aria-labelledby="preflight-heading">
      <h2 id="preflight-heading" ref={headingRef} tabIndex={-1}>
        {t('preflightHeading')}
      </h2>
      {plan.ready.length > 0 && <p>{t('preflightReady', { n: plan.ready.length })}</p>}

      {plan.leftOut.length > 0 && (
        <>
          <h3>{t('preflightLeftOutHeading', { n: plan.leftOut.length })}</h3>
          <ul className="preflight-list left-out">
            {plan.leftOut.map(({ domain, checks }) => (
              <li key={domain}>
                <span className="domain-cell">{domain}</span>: {checks.map((check) => readinessText(check, lang)).join(' ')}
              </li>
            ))}
          </ul>
        </>
      )}

      {plan.unchecked.length > 0 && (
        <>
          <h3>{t('preflightUncheckedHeading', { n: plan.unchecked.length })}</h3>
          <ul className="preflight-list unchecked">
            {plan.unchecked.map(({ domain, why }) => (
              <li key={domain}>
                <span className="domain-cell">{domain}</span>: {readFailureText(why, t)}
              </li>
            ))}
          </ul>
        </>
      )}

      {locked > 0 && (
        <>
          <h3>{t('preflightLockedHeading', { n: locked })}</h3>
          <ul className="preflight-list to-unlock">
            {plan.toUnlock.map((domain) => {
              const weigh = cautions.get(domain);
              return (
                <li key={domain}>
                  <span className="domain-cell">{domain}</span>
                  {weigh && <span className="caution">: {weigh.map((check) => `${readinessTitle(check.id, lang)}: ${readinessText(check, lang)}`).join(' ')}</span>}
                </li>
              );
            })}
          </ul>
          <p id="preflight-locked-hint" className="hint">
            {t('preflightLockedHint')}
          </p>
        </>
      )}

      {locked === 0 && others === 0 && <p className="error">{t('preflightNothing')}</p>}

      <form onSubmit={onUnlock} noValidate>
        {askPassphrase && <LockPassphraseField id="preflight-passphrase" value={passphrase} onChange={setPassphrase} wrong={wrong} inputRef={passphraseRef} />}
        <div className="actions">
          {locked > 0 && (
            <button type="submit" className="danger-button" disabled={busy} aria-busy={busy || undefined} aria-describedby="preflight-locked-hint">
              {locked === 1 ? t('preflightUnlockOne') : t('preflightUnlock', { n: locked })}
            </button>
          )}
          {others > 0 && (
            <button type="button" className={locked > 0 ? 'secondary' : undefined} disabled={busy} onClick={() => confirm(false)}>
              {locked > 0 ? t('preflightWithoutLocked') : others === 1 ? t('batchSubmitOne') : t('batchSubmit', { n: others })}
            </button>
          )}
          <button type="button" className="secondary" onClick={cancel}>
            {t('cancel')}
          </button>
        </div>
        {failure && failure.kind !== 'wrong-passphrase' && (
          <p className="error" role="alert">
            {failure.kind === 'unlock' ? t('preflightUnlockFailed', { reason: failure.text }) : t(failure.key)}
          </p>
        )}
      </form>
    </section>
  );
}
