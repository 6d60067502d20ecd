// What the pages show of a finished job's code (issue 15, "Codes are secrets"). With the vault
// on, a finished job stores its code sealed (`sealedCode`); only the worker can open it, and only
// while the vault is unlocked (revealCodes). These pure helpers say which shown jobs need their
// code opened, merge the worker's answers, and say what each job shows. Pages only.
import { MAX_REVEAL_IDS, type PageVaultState } from '../protocol/index';
import type { RevealOutcome } from '../protocol/client';
import type { MessageKey } from '../i18n';
import type { Job } from './types';

/** A sealed code as the page last had it opened: `code` undefined means the worker could not open it. */
export interface Revealed {
  /** The IV of the sealed code asked for: a code sealed again (a new IV) is asked again. */
  iv: string;
  code?: string;
}

/** The opened codes the page holds, by job id. */
export type RevealedCodes = ReadonlyMap<string, Revealed>;

export const NO_CODES: RevealedCodes = new Map();

/** A sealed code to ask the worker for. */
export interface SealedRef {
  id: string;
  iv: string;
}

/** What a job shows where its code goes. */
export type CodeView =
  /** not finished with a code: nothing */
  | { kind: 'none' }
  | { kind: 'shown'; code: string }
  /** sealed, and the vault is locked: "Unlock to see the code" */
  | { kind: 'locked' }
  /** sealed, being opened by the worker */
  | { kind: 'opening' }
  /** deleted by the retention setting (or a vault reset) */
  | { kind: 'removed'; at: number }
  /** done, but there is no code the worker could open */
  | { kind: 'unavailable' };

/** A code that is not shown: what is said instead (lib/i18n core words, popup and batch page alike). */
export type CodeNote = Exclude<CodeView['kind'], 'none' | 'shown'>;

export const CODE_NOTE_KEY: Record<CodeNote, MessageKey> = {
  locked: 'codeHiddenLocked',
  opening: 'codeOpening',
  removed: 'codeRemoved',
  unavailable: 'codeUnavailable',
};

/** A done job whose code is sealed, neither plain nor deleted: the worker must open it. */
function sealedRef(job: Job): SealedRef | undefined {
  if (job.state !== 'done' || job.codeRemovedAt !== undefined || job.code !== undefined || !job.sealedCode) return undefined;
  return { id: job.id, iv: job.sealedCode.iv };
}

/** The shown jobs whose sealed code the page has not asked for yet (or asked for before it was sealed again). */
export function sealedToReveal(jobs: Iterable<Job>, revealed: RevealedCodes): SealedRef[] {
  const wanted: SealedRef[] = [];
  for (const job of jobs) {
    const ref = sealedRef(job);
    if (ref && revealed.get(ref.id)?.iv !== ref.iv) wanted.push(ref);
  }
  return wanted;
}

/** One string per set of refs: the page asks again only when it changes. */
export const refsKey = (refs: readonly SealedRef[]): string => refs.map((r) => `${r.id}:${r.iv}`).join(',');

/**
 * `current` with the answer for `asked`: each asked job gets the code the worker sent (text only:
 * anything else counts as not opened), or none when it left the job out or did not answer
 * (`codes` undefined). Returns `current` itself when nothing was asked.
 */
export function mergeRevealed(current: RevealedCodes, asked: readonly SealedRef[], codes: Readonly<Record<string, unknown>> | undefined): RevealedCodes {
  if (asked.length === 0) return current;
  const next = new Map(current);
  for (const { id, iv } of asked) {
    const code = codes && Object.prototype.hasOwnProperty.call(codes, id) ? codes[id] : undefined;
    next.set(id, typeof code === 'string' ? { iv, code } : { iv });
  }
  return next;
}

/** `items` in pieces of at most `size` (a size that is not a positive whole number counts as 1). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const step = Number.isInteger(size) && size > 0 ? size : 1;
  const pieces: T[][] = [];
  for (let i = 0; i < items.length; i += step) pieces.push(items.slice(i, i + step));
  return pieces;
}

/**
 * Asks `reveal` (the client's revealCodes) for these ids, MAX_REVEAL_IDS at a time, one call after
 * another; the first refusal ('locked' above all: nothing is shown or exported then) ends it.
 */
export async function revealInChunks(ids: readonly string[], reveal: (ids: string[]) => Promise<RevealOutcome>, size?: number): Promise<RevealOutcome> {
  const codes: Record<string, string> = {};
  if (ids.length === 0) return { ok: true, codes };
  for (const piece of chunked(ids, size ?? MAX_REVEAL_IDS)) {
    const outcome = await reveal(piece);
    if (!outcome.ok) return outcome;
    for (const id of piece) {
      const code = outcome.codes && Object.prototype.hasOwnProperty.call(outcome.codes, id) ? outcome.codes[id] : undefined;
      if (typeof code === 'string') codes[id] = code;
    }
  }
  return { ok: true, codes };
}

/** Whether the page may ask the worker to open codes: never while locked, nor before the vault's state is known. */
export const mayReveal = (status: PageVaultState | undefined): boolean => status !== undefined && status !== 'locked';

/** What a job shows where its code goes, from the job, the codes opened so far and the vault's state. */
export function codeView(job: Job, revealed: RevealedCodes, status: PageVaultState | undefined): CodeView {
  if (job.state !== 'done') return { kind: 'none' };
  if (job.codeRemovedAt !== undefined) return { kind: 'removed', at: job.codeRemovedAt };
  if (job.code !== undefined) return { kind: 'shown', code: job.code };
  if (!job.sealedCode) return { kind: 'unavailable' };
  if (status === 'locked') return { kind: 'locked' };
  const entry = revealed.get(job.id);
  if (entry?.iv !== job.sealedCode.iv) return { kind: 'opening' };
  return entry.code === undefined ? { kind: 'unavailable' } : { kind: 'shown', code: entry.code };
}

/** What a job shows with no code opened by the worker: its plain code, or why there is none. */
export const storedCodeView = (job: Job): CodeView => codeView(job, NO_CODES, undefined);
