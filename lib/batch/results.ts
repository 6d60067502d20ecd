// A batch's results as the page shows them: one row per job, in the order the domains were given,
// with the very strings the table shows, so "Copy all" and "Export CSV" say exactly what the table
// says. Pure: the language is a parameter.
import type { Lang } from '../i18n/lang';
import { formatTime, t, type MessageKey } from '../i18n';
import { failureText } from '../i18n/worker-words';
import { isPending, type Job, type JobState } from '../jobs/types';
import { CODE_NOTE_KEY, storedCodeView, type CodeView } from '../jobs/code-view';
import { toCsv } from './csv';

export interface ResultRow {
  job: Job;
  domain: string;
  /** the transfer code, verbatim ('' until done, and while it is not shown: see `reason`) */
  code: string;
  state: JobState;
  /** waiting because the vault is locked */
  locked: boolean;
  /** the status word shown in the table */
  status: string;
  /** why it failed, or why a done job's code is not shown (locked, deleted...); '' otherwise */
  reason: string;
  /** when it finished, as local YYYY-MM-DD HH:MM:SS ('' while pending) */
  time: string;
}

export interface BatchCounts {
  total: number;
  waiting: number;
  /** waiting jobs whose task Alibaba Cloud already has (a TaskNo came back) */
  submitted: number;
  done: number;
  failed: number;
  /** jobs of the batch no longer in the history (removed by the user, or trimmed) */
  removed: number;
}

const STATUS_KEY: Record<JobState, MessageKey> = {
  submitting: 'statusWaiting',
  waiting: 'statusWaiting',
  done: 'statusDone',
  failed: 'statusFailed',
};

/** Why it failed, or why a done job's code is not shown: the reason cell (the table and the CSV say the same). */
function reasonOf(job: Job, code: CodeView, lang: Lang): string {
  if (job.state === 'failed') return failureText(job.failure ?? { cause: 'unknown' }, lang);
  return code.kind === 'none' || code.kind === 'shown' ? '' : t(lang, CODE_NOTE_KEY[code.kind]);
}

/**
 * The batch's jobs in its own order (its job ids); jobs gone from the history have no row.
 * `codeOf` says what each job shows of its code (lib/jobs/code-view: sealed codes opened by the
 * worker); by default the stored plain code.
 */
export function batchRows(jobIds: readonly string[], jobs: ReadonlyMap<string, Job>, lang: Lang, codeOf: (job: Job) => CodeView = storedCodeView): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const id of jobIds) {
    const job = jobs.get(id);
    if (!job) continue;
    const locked = isPending(job) && job.waitingForUnlock === true;
    const code = codeOf(job);
    rows.push({
      job,
      domain: job.domain,
      code: code.kind === 'shown' ? code.code : '',
      state: job.state,
      locked,
      // A job following its lock task (a batch that turns locks off first) says so until its Save.
      status: t(lang, locked ? 'statusLocked' : isPending(job) && job.unlock ? (job.unlock.recheck ? 'statusCheckingLock' : 'statusUnlocking') : STATUS_KEY[job.state]),
      reason: reasonOf(job, code, lang),
      time: job.finishedAt !== undefined && !isPending(job) ? formatTime(job.finishedAt) : '',
    });
  }
  return rows;
}

/**
 * How far a batch has come, in domains: each counts half once its task is submitted and whole
 * once it is finished (the progress bar moves while the Saves go out, before any code arrives).
 */
export function progressValue(counts: BatchCounts): number {
  return counts.done + counts.failed + counts.removed + counts.submitted / 2;
}

export function countRows(total: number, rows: readonly ResultRow[]): BatchCounts {
  const count = (pred: (row: ResultRow) => boolean) => rows.filter(pred).length;
  return {
    total,
    waiting: count((r) => isPending(r.job)),
    submitted: count((r) => r.job.state === 'waiting'),
    done: count((r) => r.state === 'done'),
    failed: count((r) => r.state === 'failed'),
    removed: total - rows.length,
  };
}

/** The CSV export's header in the language in force (lib/i18n pages words), in rowCells' order. */
export function csvHeader(lang: Lang): string[] {
  return t(lang, 'csvHeader').split(',');
}

/** The cells of a row, in csvHeader's order (the table's columns have the same order). */
export function rowCells(row: ResultRow): string[] {
  return [row.domain, row.code, row.status, row.reason, row.time];
}

export function resultsCsv(rows: readonly ResultRow[], lang: Lang): string {
  return toCsv([csvHeader(lang), ...rows.map(rowCells)]);
}

/** "domain<TAB>code" per line, for the finished rows that have a code. */
export function copyAllText(rows: readonly ResultRow[]): string {
  return rows
    .filter((row) => row.state === 'done' && row.code !== '')
    .map((row) => `${row.domain}\t${row.code}`)
    .join('\n');
}

const pad = (n: number) => String(n).padStart(2, '0');

export { formatTime };

/** A file name for the export: transfer-codes-YYYYMMDD-HHMM.csv (local time). */
export function csvFileName(ms: number): string {
  const d = new Date(ms);
  return `transfer-codes-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.csv`;
}

/** The batch id in `#batch=ID` (a reload, a notification click or the history list opens it that way). */
export function batchIdFromHash(hash: string): string | undefined {
  const match = /^#batch=([^&]+)/.exec(hash);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

export const batchHash = (batchId: string) => `#batch=${encodeURIComponent(batchId)}`;
