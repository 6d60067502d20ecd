// The worker calls that only the full pages make (batch and readiness pages): batches, the
// account's domain list, transfer readiness and the transfer lock. Apart from lib/protocol/client.ts
// (which every page, the popup included, starts with), so the popup's first load does not carry them.
import { sendMessage, type ApiCallFailure, type BatchResult, type BatchUnlock, type FactsAnswer, type NameRefusal } from './index';
import type { ClientFailure } from './client';

// ---- Batches -------------------------------------------------------------------------------

export type BatchOutcome =
  | { kind: 'started'; batchId: string; joined: number; refused: Array<{ text: string; reason: NameRefusal }> }
  | { kind: 'no-credentials' }
  | { kind: 'empty' }
  /** The locks could not be turned off (nothing was started): the passphrase, the vault, or Alibaba's answer. */
  | { kind: 'unlock-failed'; failure: Extract<BatchResult, { reason: 'unlock' }>['failure'] }
  | { kind: 'error'; message: 'refused' | 'noAnswer' };

/** `unlock`: domains (among the texts, normalized) whose transfer locks are turned off first. */
export async function requestBatch(texts: string[], unlock?: BatchUnlock): Promise<BatchOutcome> {
  try {
    const answer = await sendMessage('requestBatch', { texts, ...(unlock ? { unlock } : {}) });
    if (answer.ok) return { kind: 'started', batchId: answer.batchId, joined: answer.joined, refused: answer.refused };
    if ('reason' in answer) {
      if (answer.reason === 'unlock') return { kind: 'unlock-failed', failure: answer.failure };
      return answer.reason === 'no-credentials' ? { kind: 'no-credentials' } : { kind: 'empty' };
    }
    return { kind: 'error', message: 'refused' };
  } catch {
    return { kind: 'error', message: 'noAnswer' };
  }
}

// ---- Copying several codes ----------------------------------------------------------------

/**
 * The page copied a text of several codes: its SHA-256 (never the text) goes to the worker, which
 * clears the clipboard 60 s later if it still holds that text. A worker that does not answer only
 * means the clipboard is not cleared: the copy stands.
 */
export async function noteCodesTextCopied(sha256: string): Promise<void> {
  try {
    await sendMessage('clipboardCopiedText', { sha256 });
  } catch {
    // nothing to tell the person: the copy itself worked
  }
}

// ---- Transfer readiness, the account's domains ---------------------------------------------
/** The domain's facts as the API answered them (the readiness page reads and judges them). */
export async function checkReadiness(domain: string, brief = false): Promise<FactsAnswer | ClientFailure> {
  try {
    const answer = await sendMessage('checkReadiness', brief ? { domain, brief } : { domain });
    if (answer.ok) return answer;
    if (answer.error === 'no-credentials' || answer.error === 'locked' || answer.error === 'api') return answer;
    return { ok: false, error: 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}

/** One page of the account's domains (QueryDomainList's answer as sent: lib/account/domain-list.ts reads it). */
export async function listAccountDomains(pageNum: number): Promise<{ ok: true; answer: unknown } | ApiCallFailure | ClientFailure> {
  try {
    const answer = await sendMessage('listAccountDomains', { pageNum });
    if (answer.ok) return answer;
    if (answer.error === 'no-credentials' || answer.error === 'locked' || answer.error === 'api') return answer;
    return { ok: false, error: 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}

export type LockOutcome = { ok: true } | Exclude<FactsAnswer, { ok: true }> | { ok: false; error: 'wrong-passphrase' } | ClientFailure;

/** `passphrase`: asked again while the vault is on (the worker checks it before anything is sent). */
export async function turnTransferLockOff(domain: string, passphrase?: string): Promise<LockOutcome> {
  try {
    const answer = await sendMessage('setTransferLock', { domain, on: false, ...(passphrase !== undefined ? { passphrase } : {}) });
    if (answer.ok) return { ok: true };
    if (answer.error === 'no-credentials' || answer.error === 'locked' || answer.error === 'api' || answer.error === 'wrong-passphrase') return answer;
    return { ok: false, error: 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}
