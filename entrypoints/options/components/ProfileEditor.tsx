import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import {
  DEFAULT_PROFILE_NAME,
  hasStoredSecret,
  planProfileSave,
  saveProfilesFromPage,
  type PageSaveResult,
  type PageVaultState,
  type Profile,
  type ProfileBook,
  type ProfileInput,
} from '@/lib/credentials/profiles';
import type { Site } from '@/lib/domain/api';
import type { MessageKey } from '@/lib/i18n';
import { useT } from '../../../components/LanguageProvider';
import { secretsChannel } from '@/lib/protocol/client';

interface Props {
  book: ProfileBook;
  /** The stored profile being edited; undefined for a new one. */
  profile?: Profile;
  /** True right after this profile was saved: shows "Saved". */
  saved: boolean;
  onSaved(id: string): void;
  onEdit(): void;
  newId(): string;
  /** The vault's state: with the vault on, a saved profile's secret is sealed, not in the profile. */
  vault: PageVaultState;
  /** More actions beside Save (the connection test of the saved profile). */
  children?: ReactNode;
  /** Asked before a new secret is saved (the first one, vault off: the vault offer); false cancels the save. */
  confirmSave?(): Promise<boolean>;
}

type Field = 'name' | 'id' | 'secret';
const ERROR_KEY: Record<'need-id' | 'need-secret' | 'name-taken', { field: Field; key: MessageKey }> = {
  'need-id': { field: 'id', key: 'needId' },
  'need-secret': { field: 'secret', key: 'needSecret' },
  'name-taken': { field: 'name', key: 'nameTaken' },
};

const SAVE_ERROR: Record<Extract<PageSaveResult, { ok: false }>['error'], MessageKey> = {
  locked: 'unlockFirst',
  refused: 'refused',
  'no-answer': 'noAnswer',
};

/**
 * The keys of one profile. The stored secret and token are never put back into the form: their
 * fields start empty, say that a value is stored, and an empty field on Save keeps it. A new
 * secret goes to the background (storeSecrets), never from here into storage: see
 * saveProfilesFromPage.
 */
export function ProfileEditor({ book, profile, saved, onSaved, onEdit, newId, vault, children, confirmSave }: Props) {
  const { t } = useT();
  const [input, setInput] = useState<ProfileInput>(() => ({
    name: profile?.name ?? '',
    site: profile?.site ?? 'cn',
    accessKeyId: profile?.accessKeyId ?? '',
    accessKeySecret: '',
    securityToken: '',
  }));
  const [error, setError] = useState<{ field: Field; key: MessageKey } | null>(null);
  // A failure of the save itself (vault locked, no answer), shown beside the Save button.
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<ProfileInput>) {
    setInput((current) => ({ ...current, ...patch }));
    setError(null);
    setFailure(null);
    onEdit();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const plan = planProfileSave(book, profile, input, newId, vault);
    if (!plan.ok) {
      setError(ERROR_KEY[plan.error]);
      return;
    }
    if (plan.secrets && confirmSave && !(await confirmSave())) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await saveProfilesFromPage(
        { profiles: [plan.meta], activeId: plan.meta.id },
        plan.secrets ? { [plan.meta.id]: plan.secrets } : {},
        secretsChannel,
      );
      if (!result.ok) {
        // What was typed stays, so Save works again once the vault is unlocked.
        setFailure(SAVE_ERROR[result.error]);
        return;
      }
    } finally {
      setBusy(false);
    }
    // Clear what was typed: the secret must not stay in the page after it is stored.
    setInput((current) => ({ ...current, name: plan.meta.name, accessKeySecret: '', securityToken: '' }));
    onSaved(plan.meta.id);
  }

  const errorFor = (field: Field) => (error?.field === field ? t(error.key) : null);
  const vaultOn = vault === 'locked' || vault === 'unlocked';
  const hasSecret = hasStoredSecret(profile, vault);
  // What the worker said of the profile's token (a page never reads the token itself).
  const hasToken = Boolean(profile?.sts);
  const heading = profile ? t('editProfileHeading', { name: profile.name }) : t('newProfileHeading');

  return (
    <form className="profile-editor" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="editor-heading">
      <h3 id="editor-heading">{heading}</h3>
      <Field id="profile-name" label={t('profileName')} error={errorFor('name')}>
        {(describedBy) => (
          <input id="profile-name" type="text" autoComplete="off" placeholder={DEFAULT_PROFILE_NAME} value={input.name} aria-describedby={describedBy} aria-invalid={describedBy ? true : undefined} onChange={(e) => change({ name: e.target.value })} />
        )}
      </Field>
      <Field id="access-key-id" label={t('accessKeyId')} error={errorFor('id')}>
        {(describedBy) => (
          <input id="access-key-id" type="text" autoComplete="off" spellCheck={false} value={input.accessKeyId} aria-describedby={describedBy} aria-invalid={describedBy ? true : undefined} onChange={(e) => change({ accessKeyId: e.target.value })} />
        )}
      </Field>
      <Field id="access-key-secret" label={t('accessKeySecret')} error={errorFor('secret')} note={hasSecret ? t('secretStored') : undefined}>
        {(describedBy) => (
          <input
            id="access-key-secret"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={hasSecret ? t('secretStoredPlaceholder') : undefined}
            value={input.accessKeySecret}
            aria-describedby={describedBy}
            aria-invalid={errorFor('secret') ? true : undefined}
            onChange={(e) => change({ accessKeySecret: e.target.value })}
          />
        )}
      </Field>
      <Field id="sts-token" label={t('stsToken')} note={hasToken ? t('tokenStored') : t('stsHint')}>
        {(describedBy) => (
          <input
            id="sts-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={hasToken ? t('secretStoredPlaceholder') : undefined}
            value={input.securityToken}
            aria-describedby={describedBy}
            onChange={(e) => change({ securityToken: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="site">
        <legend>{t('site')}</legend>
        <SiteChoice value="cn" label={t('siteCn')} current={input.site} choose={(site) => change({ site })} />
        <SiteChoice value="intl" label={t('siteIntl')} current={input.site} choose={(site) => change({ site })} />
      </fieldset>
      <p className="hint">{t(vaultOn ? 'secretNoteVault' : 'secretNote')}</p>
      <div className="actions">
        <button type="submit" aria-busy={busy || undefined}>
          {t('save')}
        </button>
        <span role="status" className="saved">
          {saved ? t('saved') : ''}
        </span>
        {children}
      </div>
      {failure && (
        <p className="error" role="alert">
          {t(failure)}
        </p>
      )}
    </form>
  );
}

/** A labelled control with an optional note and error, both tied to it by aria-describedby. */
function Field({ id, label, note, error, children }: { id: string; label: string; note?: string; error?: string | null; children: (describedBy: string | undefined) => ReactElement }) {
  const noteId = `${id}-note`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', note ? noteId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(describedBy)}
      {note && (
        <p id={noteId} className="hint">
          {note}
        </p>
      )}
      {error && (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SiteChoice({ value, label, current, choose }: { value: Site; label: string; current: Site; choose(site: Site): void }) {
  return (
    <label className="choice">
      <input type="radio" name="site" value={value} checked={current === value} onChange={() => choose(value)} />
      {label}
    </label>
  );
}
