import type { LanguagePreference } from '@/lib/i18n/lang';
import { useT } from '../../../components/LanguageProvider';

const CHOICES: Array<{ value: LanguagePreference; key: 'langAuto' | 'langEn' | 'langZh' }> = [
  { value: 'auto', key: 'langAuto' },
  { value: 'en', key: 'langEn' },
  { value: 'zh', key: 'langZh' },
];

/** Saved at once: the whole page re-renders in the chosen language through the settings watch. */
export function LanguageSelect() {
  const { t, preference, setPreference } = useT();
  return (
    <section className="card">
      <h2>
        <label htmlFor="language">{t('language')}</label>
      </h2>
      <select id="language" value={preference} aria-describedby="language-hint" onChange={(e) => void setPreference(e.target.value as LanguagePreference)}>
        {CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value} lang={choice.value === 'zh' ? 'zh-CN' : undefined}>
            {t(choice.key)}
          </option>
        ))}
      </select>
      <p id="language-hint" className="hint">
        {t('languageHint')}
      </p>
    </section>
  );
}
