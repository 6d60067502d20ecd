// "History and clipboard": how long transfer codes are kept (Settings.codeRetentionDays) and whether
// the clipboard is cleared 60 s after a copy (Settings.clearClipboard), with the optional
// permission to read the clipboard that clearing needs (the worker checks that it still holds the
// code, so that something copied since is never lost). Saved at once, like the other settings.
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { MessageKey } from '@/lib/i18n';
import { retentionDays } from '@/lib/jobs/retention';
import { DEFAULT_CODE_RETENTION_DAYS, settingsItem, type Settings } from '@/lib/storage';
import { useT } from '../../../components/LanguageProvider';
import { useStorageValue } from '../../../components/hooks/useStorageValue';

/** The retention choices, in days (0: never deleted). */
export const RETENTION_CHOICES = [1, 7, DEFAULT_CODE_RETENTION_DAYS, 90, 0] as const;

const CLIPBOARD_READ = { permissions: ['clipboardRead'] } satisfies Parameters<typeof browser.permissions.request>[0];

/** The choices to show: a value set elsewhere that is not one of them is shown too, in order (Never last). */
export function retentionChoices(current: number): number[] {
  if ((RETENTION_CHOICES as readonly number[]).includes(current)) return [...RETENTION_CHOICES];
  const days = [...RETENTION_CHOICES.filter((n) => n > 0), current].sort((a, b) => a - b);
  return [...days, 0];
}

export function retentionLabel(days: number, t: (key: MessageKey, params?: Record<string, number>) => string): string {
  if (days <= 0) return t('retentionNever');
  if (days === 1) return t('retentionOneDay');
  return t('retentionDays', { n: days });
}

/** Settings.clearClipboard: absent means on. */
export const clearsClipboard = (settings: Pick<Settings, 'clearClipboard'>): boolean => settings.clearClipboard !== false;

async function saveSetting(patch: Partial<Settings>): Promise<void> {
  const current = await settingsItem.getValue();
  await settingsItem.setValue({ ...current, ...patch });
}

/** Whether the optional permission is granted; false when the browser cannot say. */
async function clipboardReadGranted(): Promise<boolean> {
  try {
    return await browser.permissions.contains(CLIPBOARD_READ);
  } catch {
    return false;
  }
}

export function PrivacySettings() {
  const { t } = useT();
  const settings = useStorageValue(settingsItem);
  const [granted, setGranted] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    let live = true;
    void clipboardReadGranted().then((yes) => live && setGranted(yes));
    return () => {
      live = false;
    };
  }, []);

  function requestClipboardRead() {
    setRefused(false);
    // Called in the click itself: the browser grants a permission request only during a user gesture.
    let request: Promise<boolean>;
    try {
      request = browser.permissions.request(CLIPBOARD_READ);
    } catch {
      request = Promise.resolve(false);
    }
    void request
      .catch(() => false)
      .then(async (yes) => {
        const now = yes || (await clipboardReadGranted());
        setGranted(now);
        setRefused(!now);
      });
  }

  const days = settings ? retentionDays(settings) : DEFAULT_CODE_RETENTION_DAYS;
  const clearing = settings ? clearsClipboard(settings) : true;

  return (
    <section className="card" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t('privacyHeading')}</h2>
      <div className="field">
        <label htmlFor="code-retention">{t('codeRetention')}</label>
        <select
          id="code-retention"
          value={days}
          disabled={settings === undefined}
          aria-describedby="code-retention-hint"
          onChange={(e) => void saveSetting({ codeRetentionDays: Number(e.target.value) })}
        >
          {retentionChoices(days).map((n) => (
            <option key={n} value={n}>
              {retentionLabel(n, t)}
            </option>
          ))}
        </select>
        <p id="code-retention-hint" className="hint">
          {t('codeRetentionHint')}
        </p>
      </div>

      <label className="check">
        <input
          type="checkbox"
          checked={clearing}
          disabled={settings === undefined}
          aria-describedby="clear-clipboard-hint clipboard-read-state"
          onChange={(e) => void saveSetting({ clearClipboard: e.target.checked })}
        />{' '}
        {t('clearClipboard')}
      </label>
      <p id="clear-clipboard-hint" className="hint">
        {t('clearClipboardHint')}
      </p>
      <p id="clipboard-read-state" role="status" className={granted ? 'saved' : 'hint'}>
        {granted === null ? '' : t(granted ? 'clipboardReadGranted' : 'clipboardReadMissing')}
        {refused ? ` ${t('clipboardReadRefused')}` : ''}
      </p>
      {granted === false && (
        <div className="actions">
          <button type="button" className="secondary" onClick={requestClipboardRead}>
            {t('allowClipboardRead')}
          </button>
        </div>
      )}
    </section>
  );
}
