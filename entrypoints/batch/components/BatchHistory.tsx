import { useMemo } from 'react';
import { batchHash, batchRows, countRows, formatTime } from '@/lib/batch/results';
import type { Batch } from '@/lib/jobs/batches';
import type { Job } from '@/lib/jobs/types';
import { useT } from '../../../components/LanguageProvider';

interface Props {
  batches: readonly Batch[];
  jobs: readonly Job[];
  currentId?: string;
  open(batchId: string): void;
}

/** Earlier batches, newest first, each with its counts; choosing one shows it (#batch=ID). */
export function BatchHistory({ batches, jobs, currentId, open }: Props) {
  const { t, lang } = useT();
  const items = useMemo(
    () =>
      batches
        .slice()
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((batch) => ({ batch, counts: countRows(batch, batchRows(batch, jobs, lang)) })),
    [batches, jobs, lang],
  );
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      {items.length === 0 ? (
        <p className="empty">{t('historyEmpty')}</p>
      ) : (
        <ul className="history">
          {items.map(({ batch, counts }) => (
            <li key={batch.id}>
              <a
                href={batchHash(batch.id)}
                aria-current={batch.id === currentId ? 'page' : undefined}
                onClick={(event) => {
                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                  event.preventDefault();
                  open(batch.id);
                }}
              >
                {counts.total === 1 ? t('historyItemOne', { time: formatTime(batch.createdAt) }) : t('historyItem', { time: formatTime(batch.createdAt), n: counts.total })}
              </a>
              <span className="hint"> · {t('historySummary', { done: counts.done, failed: counts.failed, waiting: counts.waiting })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
