// The options page: AccessKey profiles (edit, switch, add, delete, test), security (the passphrase
// vault), language, batches (link and request rate), the keyboard shortcut, CLI import, and the
// RAM policy, history and clipboard. The first AccessKey saved with the vault off waits for the vault
// offer (VaultOffer): a passphrase first, or a save without one. Storage is the source of truth; every section
// follows its watch. The vault's state comes from the background (useVault).
// This page's own words (the popup's are built in): see lib/i18n/pages.ts.
import '@/lib/i18n/pages';
import { useEffect, useRef, useState } from 'react';
import { CliImport } from './components/CliImport';
import { KeyboardShortcut } from './components/KeyboardShortcut';
import { BATCH_PAGE } from '@/components/page-links';
import { RateLimitField } from '@/components/full-page/RateLimitField';
import { ConnectionTest } from './components/ConnectionTest';
import { LanguageSelect } from './components/LanguageSelect';
import { NotificationSettings } from './components/NotificationSettings';
import { PrivacySettings } from './components/PrivacySettings';
import { VaultOffer } from './components/VaultOffer';
import { offersVaultFirst, plainSecretsStored } from './vault-offer';
import { useT } from '@/components/LanguageProvider';
import { PageHeader } from '@/components/full-page/PageHeader';
import { ProfileEditor } from './components/ProfileEditor';
import { ProfileList } from './components/ProfileList';
import { POLICY_HEADING_ID, RamPolicy } from './components/RamPolicy';
import { SecuritySettings } from './components/SecuritySettings';
import { useStorageValue } from '@/components/hooks/useStorageValue';
import { useVault } from '@/components/hooks/useVault';
import { deleteProfile, profilesItem, setActiveProfile } from '@/lib/credentials/profiles';
import { vault as vaultApi } from '@/lib/protocol/client';

const newId = () => crypto.randomUUID();

export function App() {
  const { t } = useT();
  const book = useStorageValue(profilesItem);
  const { vault, refresh } = useVault();
  const [adding, setAdding] = useState(false);
  const [savedId, setSavedId] = useState<string | null>(null);
  // Bumped by an import, which may change the profile open in the editor behind its back.
  const [revision, setRevision] = useState(0);
  // The editor's Save waiting for the vault offer: true goes on with the save, false drops it.
  const [offerOpen, setOfferOpen] = useState(false);
  const pendingSave = useRef<((go: boolean) => void) | null>(null);

  function answerOffer(go: boolean) {
    const resolve = pendingSave.current;
    pendingSave.current = null;
    setOfferOpen(false);
    resolve?.(go);
  }

  /** The editor asks before it saves a new secret: the promise settles when the offer is answered. */
  function confirmSave(): Promise<boolean> {
    answerOffer(false); // a second Save replaces an offer still open
    return new Promise<boolean>((resolve) => {
      pendingSave.current = resolve;
      setOfferOpen(true);
    });
  }

  // The vault was turned on while the offer was open (here or elsewhere): the save goes on, sealed.
  const vaultStatus = vault?.status;
  useEffect(() => {
    if (offerOpen && (vaultStatus === 'locked' || vaultStatus === 'unlocked')) answerOffer(true);
  }, [offerOpen, vaultStatus]);

  if (!book) return null;
  const active = book.profiles.find((p) => p.id === book.activeId) ?? book.profiles[0];
  const editing = adding ? undefined : active;
  const status = vault?.status ?? 'unknown';

  return (
    <main className="page options">
      <PageHeader title={t('optionsTitle')} />

      <section className="card" aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">{t('profilesHeading')}</h2>
        <ProfileList
          book={book}
          selectedId={editing?.id ?? null}
          select={(id) => {
            setAdding(false);
            setSavedId(null);
            answerOffer(false); // the offer belongs to the form being left
            void setActiveProfile(id);
          }}
          remove={(profile) => void deleteProfile(profile.id).then(() => vaultApi.forgetDeleted())}
          add={() => {
            setAdding(true);
            setSavedId(null);
            answerOffer(false);
          }}
        />
        <ProfileEditor
          key={`${editing?.id ?? 'new'}:${revision}`}
          book={book}
          profile={editing}
          saved={savedId !== null && savedId === editing?.id}
          onSaved={(id) => {
            setAdding(false);
            setSavedId(id);
          }}
          onEdit={() => {
            setSavedId(null);
            answerOffer(false);
          }}
          newId={newId}
          vault={status}
          confirmSave={offersVaultFirst(book, status) ? confirmSave : undefined}
        >
          {editing && <ConnectionTest key={editing.id} />}
        </ProfileEditor>
        {offerOpen && (
          <VaultOffer
            onEncrypted={() => void refresh().then(() => answerOffer(true))}
            onSkipped={() => answerOffer(true)}
            onStale={() => void refresh()}
          />
        )}
      </section>

      <SecuritySettings vault={vault} refresh={refresh} policyId={POLICY_HEADING_ID} plainSecrets={plainSecretsStored(book, status)} site={active?.site ?? 'cn'} />
      <LanguageSelect />
      <NotificationSettings />
      <PrivacySettings />
      <section className="card" aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batchesHeading')}</h2>
        <p className="hint">{t('batchesHint')}</p>
        <p>
          <a href={BATCH_PAGE} target="_blank" rel="noopener">
            {t('batchLink')}
          </a>
        </p>
        <RateLimitField />
      </section>
      <KeyboardShortcut />
      <CliImport
        newId={newId}
        onImported={() => {
          answerOffer(false);
          setRevision((r) => r + 1);
        }}
      />
      <RamPolicy />
    </main>
  );
}
