// A readiness report: the overall verdict, then each check with its title, verdict and sentence
// (dates as text, from lib/domain/readiness), and the transfer lock's fix: an in-page confirmation,
// then the toggle and its progress.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { classifyCode } from '@/lib/aliyun/errors';
import { formatTime, type MessageKey } from '@/lib/i18n';
import type { ReadinessCheck, Verdict } from '@/lib/domain/readiness';
import { readinessSummary, readinessText, readinessTitle } from '@/lib/i18n/readiness-words';
import type { ReadinessResult } from '../check';
import { useT } from '../../../components/LanguageProvider';
import { useVault } from '../../../components/hooks/useVault';
import type { LockOutcome } from '@/lib/protocol/full-page-client';
import { callFailureText } from '../../../components/full-page/call-failure';
import { LockPassphraseField } from '../../../components/full-page/LockPassphraseField';

export { callFailureText };

export type LockFlow =
  | { step: 'idle' }
  | { step: 'confirm' }
  | { step: 'sending' }
  | { step: 'waiting' }
  | { step: 'done' }
  | { step: 'timeout' }
  | { step: 'failed'; failure: Exclude<LockOutcome, { ok: true }> };

export const VERDICT_KEY: Record<Verdict, MessageKey> = {
  ok: 'verdictOk',
  warning: 'verdictWarning',
  blocker: 'verdictBlocker',
  unknown: 'verdictUnknown',
};

interface Props {
  report: Extract<ReadinessResult, { ok: true }>;
  lock: LockFlow;
  askToUnlock(): void;
  cancel(): void;
  /** `passphrase`: asked again while the vault is on. */
  confirm(passphrase?: string): void;
}

export function ReadinessReport({ report, lock, askToUnlock, cancel, confirm }: Props) {
  const { t, lang } = useT();
  const { readiness, transferOutError } = report;
  return (
    <section className="card readiness-report" aria-labelledby="readiness-domain">
      <h2 id="readiness-domain" className="readiness-domain">
        {readiness.domain}
      </h2>
      <p className={`verdict verdict-${readiness.verdict}`}>{readinessSummary(readiness.verdict, lang)}</p>
      <ul className="checks">
        {readiness.checks.map((check) => (
          <li key={check.id} className={`check check-${check.verdict}`} aria-labelledby={`check-${check.id}`}>
            <div className="check-head">
              <h3 id={`check-${check.id}`}>{readinessTitle(check.id, lang)}</h3>
              <span className={`badge verdict-badge-${check.verdict}`}>{t(VERDICT_KEY[check.verdict])}</span>
            </div>
            <p className="check-text">{readinessText(check, lang)}</p>
            {check.id === 'lock' && <LockFix check={check} domain={readiness.domain} lock={lock} askToUnlock={askToUnlock} cancel={cancel} confirm={confirm} />}
          </li>
        ))}
      </ul>
      {transferOutError && (
        <p className="hint transfer-out-error">
          {classifyCode(transferOutError.code).cause === 'permission'
            ? t('transferOutForbidden', { code: transferOutError.code })
            : t('transferOutFailed', { message: transferOutError.message })}
        </p>
      )}
      <p className="hint">{t('readinessCheckedAt', { time: formatTime(readiness.checkedAt) })}</p>
    </section>
  );
}

interface LockFixProps {
  check: ReadinessCheck;
  domain: string;
  lock: LockFlow;
  askToUnlock(): void;
  cancel(): void;
  confirm(passphrase?: string): void;
}

/** A wrong or missing passphrase: the confirmation stays, with the error under the field. */
const wrongPassphrase = (lock: LockFlow) => lock.step === 'failed' && lock.failure.error === 'wrong-passphrase';

/**
 * "Turn transfer lock off" -> "Turn off the transfer lock of …?" (Yes / Cancel; with the vault on,
 * the passphrase again) -> progress -> result.
 */
function LockFix({ check, domain, lock, askToUnlock, cancel, confirm }: LockFixProps) {
  const { t } = useT();
  const { vault } = useVault();
  const askPassphrase = vault?.status === 'locked' || vault?.status === 'unlocked';
  const [passphrase, setPassphrase] = useState('');
  const cancelRef = useRef<HTMLButtonElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const previous = useRef(lock.step);
  const wrong = wrongPassphrase(lock);

  // The control under the user's focus disappears at each step: focus follows to what replaced it.
  useEffect(() => {
    const from = previous.current;
    previous.current = lock.step;
    if (from === lock.step) return;
    if (lock.step === 'confirm') (passphraseRef.current ?? cancelRef.current)?.focus();
    else if (wrong) passphraseRef.current?.focus();
    else if (lock.step === 'idle' && from === 'confirm') toggleRef.current?.focus();
    else if (lock.step !== 'idle') statusRef.current?.focus();
  }, [lock.step, wrong]);

  function onConfirm(event: FormEvent) {
    event.preventDefault();
    const given = passphrase;
    // The passphrase is not kept in the page once it has been sent.
    setPassphrase('');
    confirm(askPassphrase ? given : undefined);
  }

  if (lock.step === 'idle') {
    if (check.fix !== 'unlock') return null;
    return (
      <div className="lock-fix">
        <button type="button" ref={toggleRef} onClick={askToUnlock}>
          {t('lockOff')}
        </button>
      </div>
    );
  }
  if (lock.step === 'confirm' || wrong) {
    return (
      // The group names the question; ARIA allows no role="group" on a <form> (axe: aria-allowed-role).
      <div className="lock-fix confirm" role="group" aria-labelledby="lock-confirm-question" aria-describedby="lock-confirm-hint">
        <form onSubmit={onConfirm} noValidate>
          <p id="lock-confirm-question" className="confirm-question">
            {t('lockConfirm', { domain })}
          </p>
          <p id="lock-confirm-hint" className="hint">
            {t('lockConfirmHint')}
          </p>
          {(askPassphrase || wrong) && <LockPassphraseField id="lock-passphrase" value={passphrase} onChange={setPassphrase} wrong={wrong} inputRef={passphraseRef} />}
          <div className="actions">
            <button type="submit" className="danger-button">
              {t('lockYes')}
            </button>
            <button type="button" className="secondary" ref={cancelRef} onClick={cancel}>
              {t('cancel')}
            </button>
          </div>
        </form>
      </div>
    );
  }
  const failed = lock.step === 'failed' || lock.step === 'timeout';
  return (
    <div className="lock-fix">
      {(lock.step === 'sending' || lock.step === 'waiting') && <progress className="lock-progress" aria-label={t('lockTurningOff')} />}
      <p ref={statusRef} tabIndex={-1} role={failed ? 'alert' : 'status'} className={failed ? 'error' : lock.step === 'done' ? 'saved' : 'lock-status'}>
        {lockText(lock, t)}
      </p>
    </div>
  );
}

function lockText(lock: LockFlow, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  switch (lock.step) {
    case 'sending':
    case 'waiting':
      return t('lockTurningOff');
    case 'done':
      return t('lockIsOff');
    case 'timeout':
      return t('lockTimeout');
    case 'failed':
      return callFailureText(lock.failure, t);
    default:
      return '';
  }
}
