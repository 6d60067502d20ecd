import { useState } from 'react';
import { retryText, type RetryView } from './retry-state';
import { useT } from './LanguageProvider';

interface Props {
  view: RetryView;
  now: number;
  /** "Try now": the engine probes Alibaba Cloud at once (lib/protocol/client tryNow). */
  tryNow(): Promise<void>;
  /** The element naming what is retried (a job's domain), for the button's description. */
  describedBy?: string;
}

/**
 * Why a job (or the whole engine) is held back and when it tries again, counting down with `now`,
 * and a "Try now" button. The sentence is plain text, not a live region: the page announces once
 * when retrying starts, not every second of the countdown.
 */
export function RetryLine({ view, now, tryNow, describedBy }: Props) {
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  async function onClick() {
    setBusy(true);
    try {
      await tryNow();
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className={`retry-line retry-${view.kind}`}>
      <p>{retryText(view, now, lang)}</p>
      <button type="button" className="secondary" aria-describedby={describedBy} aria-busy={busy || undefined} onClick={() => void onClick()}>
        {t('tryNow')}
      </button>
    </div>
  );
}
