import { settingsItem } from '@/lib/storage';
import { useT } from '../../../components/LanguageProvider';
import { useStorageValue } from '../../../components/hooks/useStorageValue';

/**
 * "Hide codes in notifications": for people who share their screen, a finished job's notification
 * says the code is ready instead of showing it, and a click on it copies the code. Saved at once.
 */
export function NotificationSettings() {
  const { t } = useT();
  const settings = useStorageValue(settingsItem);

  async function setHidden(hideCodesInNotifications: boolean) {
    const current = await settingsItem.getValue();
    await settingsItem.setValue({ ...current, hideCodesInNotifications });
  }

  return (
    <section className="card" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t('notificationsHeading')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={settings?.hideCodesInNotifications === true}
          disabled={settings === undefined}
          aria-describedby="hide-codes-hint"
          onChange={(e) => void setHidden(e.target.checked)}
        />{' '}
        {t('hideCodes')}
      </label>
      <p id="hide-codes-hint" className="hint">
        {t('hideCodesHint')}
      </p>
    </section>
  );
}
