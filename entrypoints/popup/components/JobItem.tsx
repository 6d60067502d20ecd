import { lazy, Suspense, useEffect, useState, type MouseEvent } from 'react';
import type { Lang } from '@/lib/i18n/lang';
import { isFinished, type Failure, type Job } from '@/lib/jobs/types';
import { CodeField } from './CodeField';
import { CODE_NOTE_KEY, type CodeView } from '@/lib/jobs/code-view';
import { elapsedMs, jobElementId, retryState, waitsForUnlock } from '../job-view';
import type { Circuit } from '@/lib/protocol';
import { useT } from '../../../components/LanguageProvider';
import { RetryLine } from '../../../components/RetryLine';
import { StatusBadge } from './StatusBadge';

export interface JobActions {
  /** Copies the job's code: `code` is the one shown (a sealed code the worker opened for the page). */
  copy(job: Job, code?: string): Promise<void>;
  retry(job: Job): Promise<void>;
  dismiss(job: Job): Promise<void>;
  /** "Try now" on a retrying job: the engine tries Alibaba Cloud at once. */
  tryNow(): Promise<void>;
  /** Where the transfer-readiness page of a domain is, and how a click on its link opens it. */
  readiness?: { href(job: Job): string; open(job: Job): (event: MouseEvent<HTMLAnchorElement>) => void };
}

interface Props {
  job: Job;
  now: number;
  /** The engine's circuit: while set, a due job waits for its probe. */
  circuit: Circuit | null | undefined;
  highlighted: boolean;
  actions: JobActions;
  /** What the job shows where its code goes (a sealed code is opened by the worker, never while locked). */
  code: CodeView;
}

export function JobItem({ job, now, circuit, highlighted, actions, code }: Props) {
  const { t, lang } = useT();
  const titleId = `${jobElementId(job.id)}-domain`;
  const retry = retryState(job, circuit, now);
  return (
    <li id={jobElementId(job.id)} className={highlighted ? 'job highlighted' : 'job'} aria-labelledby={titleId} tabIndex={-1}>
      <div className="job-head">
        <span id={titleId} className="domain">
          {job.domain}
        </span>
        <StatusBadge state={job.state} elapsedMs={elapsedMs(job, now)} locked={waitsForUnlock(job)} retrying={retry !== undefined} />
        {isFinished(job) && (
          <button type="button" className="icon" aria-label={t('remove', { domain: job.domain })} title={t('remove', { domain: job.domain })} onClick={() => void actions.dismiss(job)}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      {retry && <RetryLine view={retry} now={now} tryNow={actions.tryNow} describedBy={titleId} />}
      {!retry && job.state !== 'failed' && job.retries > 0 && <p className="hint">{t('retrying')}</p>}
      {code.kind === 'shown' && <CodeField code={code.code} domain={job.domain} copy={() => actions.copy(job, code.code)} />}
      {code.kind !== 'shown' && code.kind !== 'none' && <p className="hint code-note">{t(CODE_NOTE_KEY[code.kind])}</p>}
      {job.state === 'done' && job.transferOut && (
        <Suspense>
          <TransferOutNote job={job} />
        </Suspense>
      )}
      {job.state === 'failed' && <FailedBody job={job} lang={lang} retry={() => void actions.retry(job)} />}
      {isFinished(job) && actions.readiness && (
        <p className="job-more">
          <a href={actions.readiness.href(job)} aria-describedby={titleId} onClick={actions.readiness.open(job)}>
            {t('checkReadiness')}
          </a>
        </p>
      )}
    </li>
  );
}

// Where Alibaba also sent the code: its own chunk, loaded once a job has such a note.
const TransferOutNote = lazy(() => import('./TransferOut').then((m) => ({ default: m.TransferOutNote })));

// The failure reasons (lib/i18n/worker-words, both languages) are only needed
// once a failed job is shown: a lazy chunk keeps them out of what the popup loads before it paints.
type FailureMessages = typeof import('@/lib/i18n/worker-words');
let failureMessages: FailureMessages | undefined;
let loadingFailureMessages: Promise<FailureMessages> | undefined;

function loadFailureMessages(): Promise<FailureMessages> {
  return (loadingFailureMessages ??= import('@/lib/i18n/worker-words').then(
    (module) => (failureMessages = module),
    (error: unknown) => {
      loadingFailureMessages = undefined;
      throw error;
    },
  ));
}

/** failureText() once its chunk is loaded (at once after the first time), undefined until then. */
function useFailureText(failure: Failure, lang: Lang): string | undefined {
  const [, setLoaded] = useState(failureMessages !== undefined);
  useEffect(() => {
    if (failureMessages) return;
    let live = true;
    loadFailureMessages().then(
      () => live && setLoaded(true),
      (error: unknown) => console.error('Could not load the failure messages', error),
    );
    return () => {
      live = false;
    };
  }, []);
  return failureMessages?.failureText(failure, lang);
}

function FailedBody({ job, lang, retry }: { job: Job; lang: Lang; retry: () => void }) {
  const { t } = useT();
  const text = useFailureText(job.failure ?? { cause: 'unknown' }, lang);
  return (
    <div className="failure">
      <p>{text}</p>
      <button type="button" className="secondary" onClick={retry}>
        {t('retry')}
      </button>
    </div>
  );
}
