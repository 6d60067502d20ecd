// One batch, live from storage: progress with counts, the results table (one row per domain, in
// the order given), Copy per row, Copy all and Export CSV. The table, the copied text and the CSV
// come from the same rows (lib/batch/results), so they always say the same thing.
import { memo, useEffect, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { batchRows, copyAllText, countRows, progressValue, csvFileName, formatTime, rowCells, type ResultRow } from '@/lib/batch/results';
import { codeView } from '@/lib/jobs/code-view';
import { refusalMessage } from '@/lib/i18n/worker-words';
import type { Batch } from '@/lib/jobs/batches';
import type { Lang } from '@/lib/i18n/lang';
import { t as translate } from '@/lib/i18n';
import { isFinished, isPending, type Job } from '@/lib/jobs/types';
import type { Circuit } from '@/lib/protocol';
import type { StartedBatch } from './BatchForm';
import { CopyButton } from '../../../components/CopyButton';
import { RetryLine } from '../../../components/RetryLine';
import { useNow } from '../../../components/hooks/useNow';
import { circuitView, retryCause, retryState, type RetryKind } from '../../../components/retry-state';
import { downloadText } from '../download';
import { useT } from '../../../components/LanguageProvider';
import { readinessPath } from '../../../components/page-links';
import { copyJobCode, retryJob, tryNow, type PageVaultState } from '@/lib/protocol/client';
import { copyCodesText } from '../copy-codes';
import { useRowWindow } from '../hooks/useRowWindow';
import { useRevealedCodes } from '../../../components/hooks/useRevealedCodes';
import { exportResultsCsv } from '../export';
import { Handoff } from './Handoff';
import { useStorageValue } from '../../../components/hooks/useStorageValue';
import { transferOutDeniedItem } from '@/lib/storage';
import { transferOutDeniedFor, transferOutDeniedText, transferOutLine } from '@/lib/i18n/transfer-out-words';
import { readFailureText } from './PreflightReview';
import { joinNames } from '@/lib/i18n';

interface Props {
  batch: Batch;
  /** The batch's job ids, in the order given. */
  ids: readonly string[];
  jobs: ReadonlyMap<string, Job>;
  /** What the background said when this page started the batch (not stored: only right after the start). */
  started?: StartedBatch;
  onNew(): void;
  headingRef?: Ref<HTMLHeadingElement>;
  /** The engine's circuit (undefined until read): while set, a line above the table says so. */
  circuit?: Circuit | null;
  /** The vault's state (undefined until read): sealed codes are opened by the worker, never while locked. */
  vaultStatus?: PageVaultState;
  /** The worker answered 'locked' while the page thought otherwise: the page asks for the vault's state again. */
  onLocked?(): void;
}

/** A results row as the table shows it: a pending job that keeps trying through a fault is "Retrying". */
type ShownRow = ResultRow & { retrying?: RetryKind };

/**
 * The rows with "Retrying" (and why, in the reason cell) for the jobs that retry; the others as
 * they are. The table, Copy all and the CSV use these rows, so they say the same. Pure.
 */
export function withRetrying(rows: readonly ResultRow[], circuit: Circuit | null | undefined, now: number, lang: Lang): ShownRow[] {
  return rows.map((row) => {
    const view = row.locked ? undefined : retryState(row.job, circuit, now);
    return view ? { ...row, status: translate(lang, 'statusRetrying'), reason: retryCause(view.kind, lang), retrying: view.kind } : row;
  });
}

export function BatchView({ batch, ids, jobs, started, onNew, headingRef, circuit, vaultStatus, onLocked }: Props) {
  const { t, lang } = useT();
  // The clock runs only while something counts down: the circuit, or a job backing off a fault.
  const faulted = useMemo(() => [...jobs.values()].some((job) => isPending(job) && job.fault !== undefined), [jobs]);
  const now = useNow(Boolean(circuit) || faulted);
  const revealed = useRevealedCodes(jobs.values(), vaultStatus, onLocked);
  const stored = useMemo(() => batchRows(ids, jobs, lang, (job) => codeView(job, revealed, vaultStatus)), [ids, jobs, lang, revealed, vaultStatus]);
  const rows = useMemo(() => withRetrying(stored, circuit, now, lang), [stored, circuit, now, lang]);
  const counts = countRows(batch.total, rows);
  const finished = counts.done + counts.failed + counts.removed;
  const [spoken, setSpoken] = useState('');
  /** Why the last "Export CSV" exported nothing ('' after one that did). */
  const [exportNote, setExportNote] = useState('');
  const denied = useStorageValue(transferOutDeniedItem);
  const deniedHint = useMemo(() => transferOutDeniedFor(jobs.values(), denied), [jobs, denied]);

  async function exportCsv() {
    const outcome = await exportResultsCsv({ ids, jobs, lang, status: vaultStatus, shape: (shown) => withRetrying(shown, circuit, now, lang) });
    if (outcome.ok) {
      setExportNote('');
      downloadText(outcome.csv, csvFileName(Date.now()));
      return;
    }
    if (outcome.error === 'locked') onLocked?.();
    setExportNote(t(outcome.error === 'locked' ? 'exportUnlockFirst' : 'exportNoAnswer'));
  }

  // Say once, in the live region, when Alibaba Cloud stops answering while the page is open (not
  // per job: a batch has up to a thousand), and not for a circuit already set when the page opened.
  const hadCircuit = useRef<boolean | undefined>(undefined);
  useEffect(() => {
    if (circuit === undefined) return;
    if (hadCircuit.current === false && circuit) setSpoken(t('announceRetryingAll', { cause: retryCause(circuitView(circuit).kind, lang) }));
    hadCircuit.current = circuit !== null;
  }, [circuit, lang, t]);

  // Say once, in the live region, when the batch finishes while the page is open.
  const wasRunning = useRef(counts.waiting > 0);
  useEffect(() => {
    const running = counts.waiting > 0;
    if (wasRunning.current && !running && counts.total > 0) {
      setSpoken(t('batchFinishedAnnounce', { done: counts.done, failed: counts.failed }));
    }
    wasRunning.current = running;
  }, [counts.waiting, counts.total, counts.done, counts.failed, t]);

  const endedAt = batch.finishedAt ?? (counts.waiting === 0 ? Math.max(0, ...rows.map((r) => r.job.finishedAt ?? 0)) || undefined : undefined);
  return (
    <section className="card batch-view" aria-labelledby="batch-heading">
      <div className="batch-head">
        <div>
          <h2 id="batch-heading" ref={headingRef} tabIndex={-1}>
            {counts.total === 1 ? t('batchHeadingOne') : t('batchHeading', { n: counts.total })}
          </h2>
          <p className="hint">
            {endedAt !== undefined
              ? t('batchFinishedAt', { start: formatTime(batch.createdAt), end: formatTime(endedAt) })
              : t('batchStartedAt', { time: formatTime(batch.createdAt) })}
          </p>
        </div>
        <button type="button" className="secondary" onClick={onNew}>
          {t('batchNew')}
        </button>
      </div>

      {started && <StartNotes started={started} />}

      <div className="progress-line">
        <label htmlFor="batch-progress">{t('batchProgress')}</label>
        <progress id="batch-progress" max={Math.max(1, counts.total)} value={progressValue(counts)} />
        <span className="progress-text">
          {counts.total === 0
            ? t('batchStarting')
            : counts.waiting > 0
              ? t('batchProgressRunning', { finished, total: counts.total, submitted: counts.submitted + finished })
              : t('batchProgressText', { finished, total: counts.total })}
        </span>
      </div>
      <ul className="counts">
        <li className="count count-waiting">{t('countWaiting', { n: counts.waiting })}</li>
        <li className="count count-done">{t('countDone', { n: counts.done })}</li>
        <li className="count count-failed">{t('countFailed', { n: counts.failed })}</li>
        {counts.removed > 0 && <li className="count">{t('countRemoved', { n: counts.removed })}</li>}
      </ul>

      <div className="actions">
        <CopyButton copy={() => copyCodesText(copyAllText(rows))} label={t('copyAll')} describedBy="copy-all-hint" disabled={!rows.some((row) => row.code !== '')} />
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={rows.length === 0}>
          {t('exportCsv')}
        </button>
        <span id="copy-all-hint" className="hint">
          {t('copyAllHint')}
        </span>
      </div>
      <p role="status" className={exportNote ? 'error' : 'sr-only'}>
        {exportNote}
      </p>
      <Handoff ids={ids} jobs={jobs} vaultStatus={vaultStatus} onLocked={onLocked} disabled={counts.done === 0} />

      {circuit && <RetryLine view={circuitView(circuit)} now={now} tryNow={tryNow} />}
      {rows.length > 0 && <ResultsTable rows={rows} />}
      {deniedHint && <p className="hint transfer-out-denied">{transferOutDeniedText(lang)}</p>}
      <div className="sr-only" aria-live="polite">
        {spoken}
      </div>
    </section>
  );
}

function StartNotes({ started }: { started: StartedBatch }) {
  const { t, lang } = useT();
  const leftOut = started.preflight?.leftOut ?? [];
  const unchecked = started.preflight?.unchecked ?? [];
  if (started.joined === 0 && started.refused.length === 0 && leftOut.length === 0 && unchecked.length === 0) return null;
  return (
    <div className="start-notes">
      {started.joined > 0 && <p className="hint">{t('batchJoined', { n: started.joined })}</p>}
      {started.refused.length > 0 && (
        <>
          <p className="error">{t('batchRefusedHeading', { n: started.refused.length })}</p>
          <ul className="refused">
            {started.refused.map((r, i) => (
              <li key={i}>
                <span className="input-text">{r.text}</span>: {refusalMessage(r.reason, lang)}
              </li>
            ))}
          </ul>
        </>
      )}
      {leftOut.length > 0 && <p className="hint">{t('preflightLeftOutNote', { n: leftOut.length, domains: joinNames(lang, leftOut) })}</p>}
      {unchecked.length > 0 && (
        <>
          <p className="hint">{t('preflightUncheckedNote', { n: unchecked.length })}</p>
          <ul className="unchecked">
            {unchecked.map(({ domain, why }) => (
              <li key={domain}>
                <span className="domain-cell">{domain}</span>: {readFailureText(why, t)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Up to this many rows the results table is rendered whole; a longer one only near the viewport. */
export const RESULTS_WINDOW_ABOVE = 250;
const RESULTS_COLUMNS = 6;

function ResultsTable({ rows }: { rows: ShownRow[] }) {
  const { t } = useT();
  const win = useRowWindow(rows.length, { threshold: RESULTS_WINDOW_ABOVE, overscan: 30, estimate: 41 });
  const body: ReactNode[] = [];
  let next = 0;
  for (const [start, end] of win.ranges) {
    if (start > next) body.push(<SpacerRow key={`gap-${next}`} height={win.spacer(start - next)} />);
    for (let i = start; i < end; i++) body.push(<ResultLine key={rows[i]!.job.id} row={rows[i]!} index={win.windowed ? i : undefined} />);
    next = end;
  }
  if (next < rows.length) body.push(<SpacerRow key={`gap-${next}`} height={win.spacer(rows.length - next)} />);
  return (
    <div className="table-wrap results">
      <table aria-rowcount={win.windowed ? rows.length + 1 : undefined}>
        <caption>{t('resultsHeading')}</caption>
        <thead>
          <tr aria-rowindex={win.windowed ? 1 : undefined}>
            <th scope="col">{t('colDomain')}</th>
            <th scope="col">{t('colCode')}</th>
            <th scope="col">{t('colStatus')}</th>
            <th scope="col">{t('colReason')}</th>
            <th scope="col">{t('colTime')}</th>
            <th scope="col">
              <span className="sr-only">{t('colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody ref={win.bodyRef}>{body}</tbody>
      </table>
    </div>
  );
}

/** Stands in for rows not rendered: keeps the table's height, hidden from assistive technology. */
function SpacerRow({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="row-spacer">
      <td colSpan={RESULTS_COLUMNS} style={{ height, padding: 0, border: 0 }} />
    </tr>
  );
}

/** Rows change one at a time while a batch runs: a row re-renders only when what it shows changed. */
const ResultLine = memo(
  function ResultLine({ row, index }: { row: ShownRow; index?: number }) {
    const { t } = useT();
    const domainId = `result-${row.job.id}`;
    const badge = row.locked ? 'badge badge-locked' : row.retrying ? 'badge badge-retrying' : `badge badge-${row.state}`;
    const [domain, code, status, reason, time] = rowCells(row);
    return (
      <tr data-row={index} aria-rowindex={index === undefined ? undefined : index + 2}>
        <th scope="row" id={domainId} className="domain-cell">
          {domain}
        </th>
        <td>
          {code && <code className="code">{code}</code>}
          {row.state === 'done' && <TransferOutLine row={row} />}
        </td>
        <td>
          <span className={badge}>{status}</span>
        </td>
        <td className="reason">{reason}</td>
        <td className="time">{time}</td>
        <td className="row-actions">
          {row.state === 'done' && row.code !== '' && <CopyButton copy={() => copyJobCode(row.job, row.code)} describedBy={domainId} />}
          {row.state === 'failed' && (
            <button type="button" className="secondary" aria-describedby={domainId} onClick={() => void retryJob(row.job.id)}>
              {t('retry')}
            </button>
          )}
          {isFinished(row.job) && (
            <a href={readinessPath(row.domain)} target="_blank" rel="noopener" aria-describedby={domainId}>
              {t('readinessTitle')}
            </a>
          )}
        </td>
      </tr>
    );
  },
  (a, b) =>
    a.index === b.index && rowCells(a.row).join('\u0000') === rowCells(b.row).join('\u0000') && a.row.locked === b.row.locked && a.row.retrying === b.row.retrying && a.row.job.id === b.row.job.id &&
    sameNote(a.row.job.transferOut, b.row.job.transferOut),
);

const sameNote = (a: Job['transferOut'], b: Job['transferOut']) =>
  a === b || (a?.maskedEmail === b?.maskedEmail && a?.sentAt === b?.sentAt && a?.expiresAt === b?.expiresAt);

/** Where and when Alibaba Cloud also sent the code, quietly under it (omitted when unknown). */
function TransferOutLine({ row }: { row: ShownRow }) {
  const { lang } = useT();
  const line = transferOutLine(row.job.transferOut, lang);
  return line ? <p className="hint transfer-out">{line}</p> : null;
}
