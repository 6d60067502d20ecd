import { useEffect, useState } from 'react';
import { useT } from './LanguageProvider';

const SHOWN_MS = 2000;

/**
 * A button that copies, then says "Copied" next to itself in a status element (announced by
 * screen readers); the button keeps its name, so pressing it again works the same way.
 */
export function CopyButton({ copy, label, describedBy, disabled }: { copy: () => Promise<void>; label?: string; describedBy?: string; disabled?: boolean }) {
  const { t } = useT();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    if (result !== 'copied') return;
    const timer = setTimeout(() => setResult(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [result]);

  async function onClick() {
    try {
      await copy();
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="secondary" onClick={() => void onClick()} aria-describedby={describedBy} disabled={disabled}>
        {label ?? t('copy')}
      </button>
      <span role="status" className={result === 'failed' ? 'copy-result error' : 'copy-result'}>
        {result === 'copied' ? t('copied') : result === 'failed' ? t('copyFailed') : ''}
      </span>
    </span>
  );
}
