// The readiness page's calls to the background, reduced to what the page shows next, and the wait
// for the transfer lock to change: the lock task takes a few seconds, so after the toggle the page
// asks again every few seconds until the lock check says so (or gives up after a minute).
import { assessReadiness, type ReadinessCheck } from '@/lib/domain/readiness';
import { readFacts } from '@/lib/domain/facts';
import { sendMessage, type ReadinessReport } from '@/lib/protocol/index';

/** A report, or why there is none: the background's own failures, a refusal, or no answer. */
export type ReadinessOutcome = ReadinessReport | { ok: false; error: 'refused' | 'no-answer' };
export type LockOutcome = { ok: true } | Exclude<ReadinessOutcome, { ok: true }>;

export const LOCK_POLL_MS = 2_500;
export const LOCK_WAIT_MS = 60_000;

export async function checkReadiness(domain: string): Promise<ReadinessOutcome> {
  try {
    const answer = await sendMessage('checkReadiness', { domain });
    if (answer.ok) {
      const facts = readFacts(answer, domain);
      return { ...facts, readiness: assessReadiness(facts.info, facts.transferOut, facts.checkedAt) };
    }
    if (answer.error === 'no-credentials' || answer.error === 'locked' || answer.error === 'api') return answer;
    return { ok: false, error: 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}

export async function turnLockOff(domain: string): Promise<LockOutcome> {
  try {
    const answer = await sendMessage('setTransferLock', { domain, on: false });
    if (answer.ok) return { ok: true };
    if (answer.error === 'no-credentials' || answer.error === 'locked' || answer.error === 'api') return answer;
    return { ok: false, error: 'refused' };
  } catch {
    return { ok: false, error: 'no-answer' };
  }
}

export const lockCheck = (outcome: ReadinessOutcome): ReadinessCheck | undefined =>
  outcome.ok ? outcome.readiness.checks.find((c) => c.id === 'lock') : undefined;

export const isUnlocked = (outcome: ReadinessOutcome) => lockCheck(outcome)?.reason === 'unlocked';

/**
 * Asks for the readiness every `intervalMs` until the lock check says the lock is off; each report
 * goes to `onReport` (a failed ask is skipped: the next one may work). Resolves true when it is off, false after `timeoutMs` or when `signal` aborts.
 */
export async function waitUntilUnlocked(
  domain: string,
  onReport: (report: Extract<ReadinessOutcome, { ok: true }>) => void,
  signal: AbortSignal,
  intervalMs = LOCK_POLL_MS,
  timeoutMs = LOCK_WAIT_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    if (signal.aborted) return false;
    const outcome = await checkReadiness(domain);
    if (signal.aborted) return false;
    if (outcome.ok) onReport(outcome);
    if (isUnlocked(outcome)) return true;
  }
  return false;
}
