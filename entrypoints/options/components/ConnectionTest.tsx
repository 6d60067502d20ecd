import { useState } from 'react';
import { sendMessage, type ConnectionReport, type Refused } from '@/lib/protocol/index';
import type { MessageKey } from '@/lib/i18n';
import { useT } from '../../../components/LanguageProvider';

type Shown = { state: 'idle' } | { state: 'testing' } | { state: 'ok' } | { state: 'error'; text: string } | { state: 'error'; key: MessageKey };

/** What the report means for the user; the API message already names the cause and the code. */
export function reportView(report: ConnectionReport | Refused): Shown {
  if (report.ok) return { state: 'ok' };
  if (report.error === 'api') return { state: 'error', text: report.message };
  if (report.error === 'no-credentials') return { state: 'error', key: 'testNeedsKey' };
  if (report.error === 'locked') return { state: 'error', key: 'unlockFirst' };
  return { state: 'error', key: 'refused' };
}

/** One harmless signed call from the background with the saved active profile. */
export function ConnectionTest() {
  const { t } = useT();
  const [shown, setShown] = useState<Shown>({ state: 'idle' });

  async function run() {
    setShown({ state: 'testing' });
    try {
      setShown(reportView(await sendMessage('testConnection')));
    } catch {
      setShown({ state: 'error', key: 'noAnswer' });
    }
  }

  const text =
    shown.state === 'testing' ? t('testing')
    : shown.state === 'ok' ? t('keysWork')
    : shown.state === 'error' ? ('text' in shown ? shown.text : t(shown.key))
    : '';
  return (
    <span className="connection">
      <button type="button" className="secondary" onClick={() => void run()} disabled={shown.state === 'testing'}>
        {t('testConnection')}
      </button>
      <span role="status" className={`test-result ${shown.state}`}>
        {text}
      </span>
    </span>
  );
}
