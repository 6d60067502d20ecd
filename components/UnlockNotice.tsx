import type { MessageKey } from '@/lib/i18n';
import { useT } from './LanguageProvider';
import { needsPassphrase, PassphraseForm } from './PassphraseForm';
import { vault } from '@/lib/protocol/client';

/**
 * Shown while the vault is locked: jobs cannot sign until the passphrase is entered here (or on
 * the options page). Enter unlocks; a wrong passphrase is said under the field.
 */
export function UnlockNotice({ onUnlocked, onStale, autoFocus, body = 'lockedBody' }: { onUnlocked(): void; onStale(): void; autoFocus?: boolean; body?: MessageKey }) {
  const { t } = useT();
  return (
    <section className="notice locked-notice" aria-labelledby="locked-title">
      <PassphraseForm
        name="popup-unlock"
        className="inline"
        fields={[{ id: 'popup-passphrase', label: 'passphrase' }]}
        submitLabel="unlock"
        check={([passphrase = '']) => needsPassphrase(passphrase)}
        run={([passphrase = '']) => vault.unlock(passphrase)}
        errorKey={{ 'wrong-passphrase': 'wrongPassphraseRetry' }}
        onDone={onUnlocked}
        onStale={onStale}
        autoFocus={autoFocus}
      >
        <h2 id="locked-title">{t('lockedTitle')}</h2>
        <p>{t(body)}</p>
      </PassphraseForm>
    </section>
  );
}
