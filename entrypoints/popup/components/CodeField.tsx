import { CopyButton } from '../../../components/CopyButton';
import { useT } from '../../../components/LanguageProvider';

/**
 * A transfer code as plain text (React escapes it: codes may hold < & " ' and spaces) with a Copy
 * button, grouped under "Transfer code for <domain>" so the button has context for screen readers.
 * The code stays selectable by hand, in case the clipboard is refused.
 */
export function CodeField({ code, domain, copy }: { code: string; domain: string; copy: () => Promise<void> }) {
  const { t } = useT();
  return (
    <div className="code-field" role="group" aria-label={t('codeLabel', { domain })}>
      <code>{code}</code>
      <CopyButton copy={copy} />
    </div>
  );
}
