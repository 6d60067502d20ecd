import { formatElapsed } from '@/lib/i18n';
import type { JobState } from '@/lib/jobs/types';
import { STATUS_KEY } from '../job-view';
import { useT } from '../../../components/LanguageProvider';

/**
 * The job's state as a word (colour only repeats it), with the running time while pending. A
 * pending job that waits for the vault to be unlocked says so instead of "Submitted"/"Waiting".
 */
export function StatusBadge({ state, elapsedMs, locked = false }: { state: JobState; elapsedMs?: number; locked?: boolean }) {
  const { t } = useT();
  return (
    <span className={locked ? 'badge badge-locked' : `badge badge-${state}`}>
      {t(locked ? 'statusLocked' : STATUS_KEY[state])}
      {elapsedMs !== undefined && <span className="elapsed"> · {formatElapsed(elapsedMs)}</span>}
    </span>
  );
}
