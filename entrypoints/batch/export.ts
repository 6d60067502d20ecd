// "Export CSV" (and "Copy for the new registrar"): the batch's rows with every code the worker can open, asked for at the click
// (revealCodes, MAX_REVEAL_IDS ids a call), so a file never holds a code hidden on screen nor
// leaves one out. While the vault is locked nothing is exported: the page says to unlock first.
import { batchRows, resultsCsv, type ResultRow } from '@/lib/batch/results';
import { codeView, mergeRevealed, NO_CODES, revealInChunks, sealedToReveal } from '@/lib/jobs/code-view';
import type { Lang } from '@/lib/i18n/lang';
import type { Job } from '@/lib/jobs/types';
import { revealCodes, type PageVaultState, type RevealOutcome } from '@/lib/protocol/client';

type RevealFailure = { ok: false; error: 'locked' | 'refused' | 'no-answer' };
export type ExportOutcome = { ok: true; csv: string } | RevealFailure;
export type RowsOutcome = { ok: true; rows: ResultRow[] } | RevealFailure;

export interface ExportInput {
  /** The batch's job ids, in the order given. */
  ids: readonly string[];
  jobs: ReadonlyMap<string, Job>;
  lang: Lang;
  /** The vault's state as the page knows it: while locked, the worker is not asked. */
  status: PageVaultState | undefined;
  /** What the page adds to the rows before they are shown (the "Retrying" status). */
  shape?(rows: ResultRow[]): ResultRow[];
  reveal?(ids: string[]): Promise<RevealOutcome>;
}

/**
 * The batch's rows with every code the worker can open, asked for now (the reveal path of "Export
 * CSV" and "Copy for the new registrar"), or why there are none.
 */
export async function revealedRows({ ids, jobs, lang, status, shape = (rows) => rows, reveal = revealCodes }: ExportInput): Promise<RowsOutcome> {
  const sealed = sealedToReveal(jobs.values(), NO_CODES);
  if (sealed.length > 0 && status === 'locked') return { ok: false, error: 'locked' };
  const outcome = await revealInChunks(
    sealed.map((ref) => ref.id),
    reveal,
  );
  if (!outcome.ok) return outcome;
  const opened = mergeRevealed(NO_CODES, sealed, outcome.codes);
  return { ok: true, rows: shape(batchRows(ids, jobs, lang, (job) => codeView(job, opened, 'unlocked'))) };
}

/** The CSV of the batch's results with the opened codes, or why there is none. */
export async function exportResultsCsv(input: ExportInput): Promise<ExportOutcome> {
  const outcome = await revealedRows(input);
  return outcome.ok ? { ok: true, csv: resultsCsv(outcome.rows, input.lang) } : outcome;
}
