import { useMemo } from 'react';
import { batchHash, batchRows, countRows, formatTime } from '@/lib/batch/results';
import type { Batch } from '@/lib/jobs/batches';
import type { Job } from '@/lib/jobs/types';
import { useT } from '../../../components/LanguageProvider';

interface Props {
  batches: readonly Batch[];
  /** The batch shown above, with its jobs: its counts are live. */
  current?: { batch: Batch; ids: readonly string[]; jobs: ReadonlyMap<string, Job> };
  open(batchId: string): void;
}

/**
 * Earlier batches, newest first, each with its counts; choosing one shows it (#batch=ID). A
 * finished batch's counts are those it finished with; the shown one's are live; another batch
 * still running says so (its jobs are not read here).
 */
export function BatchHistory({ batches, current, open }: Props) {
  const { t, lang } = useT();
  const live = useMemo(() => (current ? countRows(current.batch.total, batchRows(current.ids, current.jobs, lang)) : undefined), [current, lang]);
  const items = useMemo(() => batches.slice().sort((a, b) => b.createdAt - a.createdAt), [batches]);
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      {items.length === 0 ? (
        <p className="empty">{t('historyEmpty')}</p>
      ) : (
        <ul className="history">
          {items.map((batch) => {
            const counts = batch.id === current?.batch.id ? live : batch.summary && { ...batch.summary, waiting: 0 };
            return (
              <li key={batch.id}>
                <a
                  href={batchHash(batch.id)}
                  aria-current={batch.id === current?.batch.id ? 'page' : undefined}
                  onClick={(event) => {
                    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    open(batch.id);
                  }}
                >
                  {batch.total === 1 ? t('historyItemOne', { time: formatTime(batch.createdAt) }) : t('historyItem', { time: formatTime(batch.createdAt), n: batch.total })}
                </a>
                <span className="hint"> · {counts ? t('historySummary', { done: counts.done, failed: counts.failed, waiting: counts.waiting }) : t('statusWaiting')}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
