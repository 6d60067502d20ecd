import { useEffect } from 'react';
import { useT } from '../LanguageProvider';

/** The heading of a full page (options, batch, readiness): the extension's name and the page's, also as the tab's title. */
export function PageHeader({ title }: { title: string }) {
  const { t } = useT();
  const appName = t('appName');

  useEffect(() => {
    document.title = t('pageTitle', { app: appName, page: title });
  }, [appName, title, t]);

  return (
    <header className="brand">
      <img src="/icon/48.png" alt="" width={32} height={32} />
      <h1>
        {appName} <span className="hint">· {title}</span>
      </h1>
    </header>
  );
}
