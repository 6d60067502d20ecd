// The options page's Security section: the passphrase vault (turn on, unlock, lock, auto-lock,
// change the passphrase, turn off) and the least-privilege advice. The vault itself lives in the
// background; this section only sends it messages and shows what it answers.
import { useEffect, useRef, useState } from 'react';
import type { Site } from '@/lib/domain/api';
import type { MessageKey } from '@/lib/i18n';
import { useT } from '../../../components/LanguageProvider';
import { needsPassphrase, newPassphraseRefusal, PassphraseForm } from '../../../components/PassphraseForm';
import { vault as vaultApi, type VaultInfo } from '@/lib/protocol/client';
import { NEW_PASSPHRASE_ERRORS, strengthOf } from '../new-passphrase';
import { RotateKeyAdvice } from './RotateKeyAdvice';

/** The auto-lock choices, in minutes (0: never). */
export const AUTO_LOCK_CHOICES = [0, 5, 15, 30, 60, 240] as const;

interface Props {
  vault: VaultInfo | undefined;
  refresh(): Promise<void>;
  /** The DOM id of the RAM policy's heading, linked from the least-privilege sentence. */
  policyId: string;
  /** Secrets are stored unencrypted (vault off, a secret saved): turning the vault on advises rotating the key. */
  plainSecrets: boolean;
  /** The active profile's site: where the RAM console link goes. */
  site: Site;
}

export function SecuritySettings({ vault, refresh, policyId, plainSecrets, site }: Props) {
  const { t } = useT();
  // What the last action did, as data so a language switch re-renders it.
  const [done, setDone] = useState<MessageKey | null>(null);
  // The vault was turned on here over secrets stored unencrypted: the advice stays until the page closes.
  const [rotate, setRotate] = useState(false);
  const stateRef = useRef<HTMLParagraphElement>(null);
  const moveFocus = useRef(false);
  const status = vault?.status;

  // After an action that replaces the form under the user's focus, focus moves to the new state.
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    stateRef.current?.focus();
  }, [status]);

  async function finished(message: MessageKey) {
    moveFocus.current = true;
    await refresh();
    setDone(message);
  }

  const stale = () => void refresh();

  return (
    <section className="card security" aria-labelledby="security-heading">
      <h2 id="security-heading">{t('securityHeading')}</h2>

      {status === 'off' && (
        <>
          <div className="warning">
            <p ref={stateRef} tabIndex={-1} className="warning-title">
              {t('vaultOffWarning')}
            </p>
            <p className="hint">{t('vaultOffHint')}</p>
          </div>
          {plainSecrets && <RotateKeyAdvice site={site} />}
          <PassphraseForm
            name="vault-enable"
            fields={[
              { id: 'vault-new', label: 'passphrase' },
              { id: 'vault-repeat', label: 'repeatPassphrase' },
            ]}
            hint="passphraseRule"
            strength={strengthOf(0)}
            errorKey={NEW_PASSPHRASE_ERRORS}
            submitLabel="encrypt"
            check={([passphrase = '', repeated = '']) => newPassphraseRefusal(passphrase, repeated)}
            run={([passphrase = '']) => vaultApi.enable(passphrase)}
            onDone={() => {
              setRotate(plainSecrets);
              void finished('vaultEnabled');
            }}
            onStale={stale}
          />
        </>
      )}

      {status === 'locked' && (
        <>
          <p ref={stateRef} tabIndex={-1} className="vault-state locked">
            {t('vaultStatusLocked')}
          </p>
          <p className="hint">{t('vaultLockedHint')}</p>
          <PassphraseForm
            name="vault-unlock"
            className="inline"
            fields={[{ id: 'vault-unlock', label: 'passphrase' }]}
            submitLabel="unlock"
            check={([passphrase = '']) => needsPassphrase(passphrase)}
            run={([passphrase = '']) => vaultApi.unlock(passphrase)}
            onDone={() => void finished('vaultUnlockedNow')}
            onStale={stale}
          />
          <details className="reset-vault">
            <summary>{t('forgotPassphrase')}</summary>
            <p className="hint">{t('resetVaultHint')}</p>
            <button
              type="button"
              className="danger"
              onClick={() => {
                // Irreversible: the sealed secrets are thrown away.
                if (!window.confirm(t('resetVaultConfirm'))) return;
                void vaultApi.reset().then((outcome) => (outcome.ok ? finished('vaultResetDone') : refresh()));
              }}
            >
              {t('resetVault')}
            </button>
          </details>
        </>
      )}

      {status === 'unlocked' && vault && (
        <>
          <p ref={stateRef} tabIndex={-1} className="vault-state unlocked">
            {t('vaultStatusUnlocked')}
          </p>
          <p className="hint">{t('vaultUnlockedHint')}</p>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void vaultApi.lock().then((outcome) => (outcome.ok ? finished('vaultLockedNow') : setDone(outcome.error === 'no-answer' ? 'noAnswer' : 'refused')))
              }
            >
              {t('lockNow')}
            </button>
          </div>
          <AutoLock minutes={vault.autoLockMinutes} refresh={refresh} />
          <LockOnIdle on={vault.lockOnIdle} refresh={refresh} />

          <PassphraseForm
            name="vault-change"
            className="subsection"
            fields={[
              { id: 'vault-current', label: 'currentPassphrase' },
              { id: 'vault-change-new', label: 'newPassphrase' },
              { id: 'vault-change-repeat', label: 'repeatNewPassphrase' },
            ]}
            hint="passphraseRule"
            strength={strengthOf(1)}
            errorKey={NEW_PASSPHRASE_ERRORS}
            submitLabel="changePassphrase"
            check={([current = '', next = '', repeated = '']) => needsPassphrase(current) ?? newPassphraseRefusal(next, repeated)}
            run={([current = '', next = '']) => vaultApi.change(current, next)}
            onDone={() => void finished('passphraseChanged')}
            onStale={stale}
          >
            <h3>{t('changePassphraseHeading')}</h3>
          </PassphraseForm>

          <PassphraseForm
            name="vault-disable"
            className="subsection"
            fields={[{ id: 'vault-disable', label: 'passphrase' }]}
            hint="turnOffHint"
            submitLabel="turnOff"
            submitClass="secondary"
            check={([passphrase = '']) => needsPassphrase(passphrase)}
            run={([passphrase = '']) => vaultApi.disable(passphrase)}
            onDone={() => void finished('vaultDisabled')}
            onStale={stale}
          >
            <h3>{t('turnOffHeading')}</h3>
          </PassphraseForm>
        </>
      )}

      {rotate && status !== 'off' && <RotateKeyAdvice site={site} />}

      {status === 'unknown' && <p className="error">{t('vaultStatusUnknown')}</p>}

      <p role="status" className={done === 'refused' || done === 'noAnswer' ? 'vault-done error' : 'vault-done'}>
        {done ? t(done) : ''}
      </p>

      <p className="least-privilege">
        {t('leastPrivilege')} <a href={`#${policyId}`}>{t('showPolicy')}</a>
      </p>
    </section>
  );
}

function AutoLock({ minutes, refresh }: { minutes: number; refresh(): Promise<void> }) {
  const { t } = useT();
  const [chosen, setChosen] = useState<number | null>(null);
  const [result, setResult] = useState<MessageKey | null>(null);
  const value = chosen ?? minutes;
  // A value set elsewhere that is not one of the choices is still shown as it is.
  const choices: number[] = AUTO_LOCK_CHOICES.includes(value as never) ? [...AUTO_LOCK_CHOICES] : [...AUTO_LOCK_CHOICES, value].sort((a, b) => a - b);

  async function choose(next: number) {
    setChosen(next);
    setResult(null);
    const outcome = await vaultApi.setAutoLock(next);
    await refresh();
    setChosen(null);
    setResult(outcome.ok ? 'autoLockSaved' : outcome.error === 'no-answer' ? 'noAnswer' : 'refused');
  }

  return (
    <div className="field auto-lock">
      <label htmlFor="auto-lock">{t('autoLock')}</label>
      <select id="auto-lock" value={value} aria-describedby="auto-lock-hint" onChange={(e) => void choose(Number(e.target.value))}>
        {choices.map((n) => (
          <option key={n} value={n}>
            {autoLockLabel(n, t)}
          </option>
        ))}
      </select>
      <p id="auto-lock-hint" className="hint">
        {t('autoLockHint')}
      </p>
      <p role="status" className={result === 'autoLockSaved' ? 'saved' : 'error'}>
        {result ? t(result) : ''}
      </p>
    </div>
  );
}

/** "Lock when the computer is idle or locked": the worker's vaultSetLockOnIdle, then the state read again. */
function LockOnIdle({ on, refresh }: { on: boolean; refresh(): Promise<void> }) {
  const { t } = useT();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [result, setResult] = useState<MessageKey | null>(null);

  async function choose(next: boolean) {
    setChosen(next);
    setResult(null);
    const outcome = await vaultApi.setLockOnIdle(next);
    await refresh();
    setChosen(null);
    setResult(outcome.ok ? 'autoLockSaved' : outcome.error === 'no-answer' ? 'noAnswer' : 'refused');
  }

  return (
    <div className="field lock-on-idle">
      <label className="check">
        <input type="checkbox" checked={chosen ?? on} aria-describedby="lock-on-idle-hint" onChange={(e) => void choose(e.target.checked)} /> {t('lockOnIdle')}
      </label>
      <p id="lock-on-idle-hint" className="hint">
        {t('lockOnIdleHint')}
      </p>
      <p role="status" className={result === 'autoLockSaved' ? 'saved settings-status' : 'error settings-status'}>
        {result ? t(result) : ''}
      </p>
    </div>
  );
}

export function autoLockLabel(minutes: number, t: (key: MessageKey, params?: Record<string, number>) => string): string {
  if (minutes <= 0) return t('autoLockNever');
  if (minutes === 60) return t('autoLockHour');
  if (minutes % 60 === 0) return t('autoLockHours', { n: minutes / 60 });
  return t('autoLockMinutes', { n: minutes });
}
