import { browser } from 'wxt/browser';
import { useT } from './LanguageProvider';

/** Shown instead of letting a request fail later: no AccessKey is saved yet. */
export function NoKeyNotice() {
  const { t } = useT();
  return (
    <section className="notice" aria-labelledby="no-key-title">
      <h2 id="no-key-title">{t('noKeyTitle')}</h2>
      <p>{t('noKeyBody')}</p>
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('openOptions')}
      </button>
    </section>
  );
}
