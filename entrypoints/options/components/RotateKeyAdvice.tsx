import type { Site } from '@/lib/domain/api';
import { useT } from '../../../components/LanguageProvider';
import { RAM_CONSOLE_AK } from '../vault-offer';

/**
 * Said when the vault is turned on after secrets were stored unencrypted: the old plain copy may
 * stay on disk (the browser's storage keeps old values until it compacts its files), so the key
 * should be replaced, in the RAM console of the profile's site.
 */
export function RotateKeyAdvice({ site }: { site: Site }) {
  const { t } = useT();
  return (
    <div className="warning rotate-advice">
      <p className="warning-title">{t('rotateKeyWarning')}</p>
      <p className="hint">
        {t('rotateKeyAdvice')}{' '}
        <a href={RAM_CONSOLE_AK[site]} target="_blank" rel="noopener">
          {t('ramConsoleLink')}
        </a>
      </p>
    </div>
  );
}
