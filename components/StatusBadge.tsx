import { formatElapsed } from '@/lib/i18n';
import type { JobState } from '@/lib/jobs/types';
import { STATUS_KEY } from './job-view';
import { useT } from './LanguageProvider';

/** The job's state as a word (colour only repeats it), with the running time while pending. */
export function StatusBadge({ state, elapsedMs }: { state: JobState; elapsedMs?: number }) {
  const { t } = useT();
  return (
    <span className={`badge badge-${state}`}>
      {t(STATUS_KEY[state])}
      {elapsedMs !== undefined && <span className="elapsed"> · {formatElapsed(elapsedMs)}</span>}
    </span>
  );
}
