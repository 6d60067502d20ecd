// Shown when the first AccessKey is saved with the vault off: set a passphrase first, so the secret
// is sealed before it is written, or save it unencrypted, with the warning that says what that means.
// It answers the profile editor's pending Save (see App: the editor waits for it).
import { useT } from '../../../components/LanguageProvider';
import { newPassphraseRefusal, PassphraseForm } from '../../../components/PassphraseForm';
import { vault as vaultApi } from '@/lib/protocol/client';
import { NEW_PASSPHRASE_ERRORS, strengthOf } from '../new-passphrase';

export const VAULT_OFFER_HEADING_ID = 'vault-offer-heading';

interface Props {
  /** The vault is on (the save goes on, sealed) or was declined (the save goes on, unencrypted). */
  onEncrypted(): void;
  onSkipped(): void;
  /** The vault changed elsewhere meanwhile: its state is read again. */
  onStale(): void;
}

export function VaultOffer({ onEncrypted, onSkipped, onStale }: Props) {
  const { t } = useT();
  return (
    <section className="vault-offer" aria-labelledby={VAULT_OFFER_HEADING_ID}>
      <h3 id={VAULT_OFFER_HEADING_ID}>{t('vaultOfferHeading')}</h3>
      <p className="hint">{t('vaultOfferBody')}</p>
      {/* Not "Passphrase" and "Repeat passphrase": the Security section's fields have those names, on the same page. */}
      <PassphraseForm
        name="vault-offer"
        fields={[
          { id: 'vault-offer-new', label: 'newPassphrase' },
          { id: 'vault-offer-repeat', label: 'repeatNewPassphrase' },
        ]}
        hint="passphraseRule"
        strength={strengthOf(0)}
        errorKey={NEW_PASSPHRASE_ERRORS}
        submitLabel="encryptAndSave"
        autoFocus
        check={([passphrase = '', repeated = '']) => newPassphraseRefusal(passphrase, repeated)}
        run={([passphrase = '']) => vaultApi.enable(passphrase)}
        onDone={onEncrypted}
        onStale={onStale}
      />
      <div className="skip">
        <p id="vault-offer-skip-warning" className="hint">
          {t('saveWithoutPassphraseWarning')}
        </p>
        <button type="button" className="secondary" aria-describedby="vault-offer-skip-warning" onClick={onSkipped}>
          {t('saveWithoutPassphrase')}
        </button>
      </div>
    </section>
  );
}
