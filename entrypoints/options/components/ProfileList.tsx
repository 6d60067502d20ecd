import type { Profile, ProfileBook } from '@/lib/credentials/profiles';
import { useT } from '../../../components/LanguageProvider';

interface Props {
  book: ProfileBook;
  /** The profile whose radio is checked (none while a new profile is being added). */
  selectedId: string | null;
  select(id: string): void;
  remove(profile: Profile): void;
  add(): void;
}

/** Every saved profile, the active one checked; choosing one makes it active and opens it. */
export function ProfileList({ book, selectedId, select, remove, add }: Props) {
  const { t } = useT();
  return (
    <div className="profile-list">
      {book.profiles.length > 0 && (
        <fieldset>
          <legend>{t('activeProfile')}</legend>
          <ul>
            {book.profiles.map((profile) => (
              <li key={profile.id}>
                <input type="radio" name="active-profile" id={`profile-${profile.id}`} checked={profile.id === selectedId} onChange={() => select(profile.id)} />
                <label htmlFor={`profile-${profile.id}`}>
                  <span className="profile-name">{profile.name}</span>
                  <span className="hint"> · {t(profile.site === 'intl' ? 'siteIntlShort' : 'siteCnShort')}</span>
                </label>
                <button type="button" className="link danger" aria-label={t('deleteProfile', { name: profile.name })} onClick={() => remove(profile)}>
                  {t('delete')}
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <button type="button" className="secondary" onClick={add}>
        {t('addProfile')}
      </button>
    </div>
  );
}
