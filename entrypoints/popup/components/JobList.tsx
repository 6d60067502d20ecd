import { lazy, Suspense } from 'react';
import { isFinished, type Job } from '@/lib/jobs/types';
import { JobItem, type JobActions } from './JobItem';
import type { Circuit } from '@/lib/protocol';
import type { CodeView } from '@/lib/jobs/code-view';
import { useT } from '../../../components/LanguageProvider';

interface Props {
  jobs: Job[];
  /** Older jobs exist beyond the shown ones. */
  more: boolean;
  showMore(): void;
  highlightId?: string;
  actions: JobActions;
  clearHistory(): Promise<void>;
  /** The page's clock: ticks every second while a job is pending (elapsed times, countdowns). */
  now: number;
  /** The engine's circuit (undefined until read). */
  circuit: Circuit | null | undefined;
  /** What a job shows where its code goes. */
  codeOf(job: Job): CodeView;
}

// The hint about the optional permission: its own chunk, loaded once a done job is shown.
const TransferOutDeniedHint = lazy(() => import('./TransferOut').then((m) => ({ default: m.TransferOutDeniedHint })));

/** The requests, newest first, a page at a time, with a live clock for the pending ones. */
export function JobList({ jobs, more, showMore, highlightId, actions, clearHistory, now, circuit, codeOf }: Props) {
  const { t } = useT();
  return (
    <section className="jobs" aria-labelledby="jobs-heading">
      <div className="jobs-head">
        <h2 id="jobs-heading">{t('jobsHeading')}</h2>
        {(more || jobs.some(isFinished)) && (
          <button type="button" className="link" onClick={() => void clearHistory()}>
            {t('clearHistory')}
          </button>
        )}
      </div>
      {jobs.length === 0 ? (
        <p className="empty">{t('noJobs')}</p>
      ) : (
        <ul className="job-list">
          {jobs.map((job) => (
            <JobItem key={job.id} job={job} now={now} circuit={circuit} highlighted={job.id === highlightId} actions={actions} code={codeOf(job)} />
          ))}
        </ul>
      )}
      {jobs.some((job) => job.state === 'done') && (
        <Suspense>
          <TransferOutDeniedHint jobs={jobs} />
        </Suspense>
      )}
      {more && (
        <button type="button" className="link show-older" onClick={showMore}>
          {t('showOlder')}
        </button>
      )}
    </section>
  );
}
