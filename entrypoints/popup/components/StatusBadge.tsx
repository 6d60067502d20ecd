import { formatElapsed } from '@/lib/i18n';
import type { JobState } from '@/lib/jobs/types';
import { STATUS_KEY } from '../job-view';
import { useT } from '../../../components/LanguageProvider';

/**
 * The job's state as a word (colour only repeats it), with the running time while pending. A
 * pending job that waits for the vault to be unlocked says so instead of "Submitted"/"Waiting";
 * one that keeps trying through a temporary fault says "Retrying".
 */
export function StatusBadge({ state, elapsedMs, locked = false, retrying = false }: { state: JobState; elapsedMs?: number; locked?: boolean; retrying?: boolean }) {
  const { t } = useT();
  const variant = locked ? 'locked' : retrying ? 'retrying' : state;
  return (
    <span className={`badge badge-${variant}`}>
      {t(locked ? 'statusLocked' : retrying ? 'statusRetrying' : STATUS_KEY[state])}
      {elapsedMs !== undefined && <span className="elapsed"> · {formatElapsed(elapsedMs)}</span>}
    </span>
  );
}
