// The readiness page's side of a check: the worker's answers read (lib/domain/facts) and judged
// (lib/domain/readiness) here, and the wait for the transfer lock to change: the lock task takes a
// few seconds, so after the toggle the page asks again every few seconds until the lock check says
// so (or gives up after a minute).
import { readFacts, type DomainFacts } from '@/lib/domain/facts';
import { assessReadiness, type Readiness, type ReadinessCheck } from '@/lib/domain/readiness';
import type { ClientFailure } from '@/lib/protocol/client';
import { checkReadiness } from '@/lib/protocol/full-page-client';
import type { ApiCallFailure } from '@/lib/protocol';

/** The facts with the page's judgement of them, or why there are none. */
export type ReadinessResult = (DomainFacts & { readiness: Readiness }) | ApiCallFailure | ClientFailure;

export const LOCK_POLL_MS = 2_500;
export const LOCK_WAIT_MS = 60_000;

export async function checkAndJudge(domain: string): Promise<ReadinessResult> {
  const answer = await checkReadiness(domain);
  if (!answer.ok) return answer;
  const facts = readFacts(answer, domain);
  return { ...facts, readiness: assessReadiness(facts.info, facts.transferOut, facts.checkedAt) };
}

export const lockCheck = (result: ReadinessResult): ReadinessCheck | undefined =>
  result.ok ? result.readiness.checks.find((c) => c.id === 'lock') : undefined;

export const isUnlocked = (result: ReadinessResult) => lockCheck(result)?.reason === 'unlocked';

/**
 * Asks for the readiness every `intervalMs` until the lock check says the lock is off; each report
 * goes to `onReport` (a failed ask is skipped: the next one may work). Resolves true when it is off,
 * false after `timeoutMs` or when `signal` aborts.
 */
export async function waitUntilUnlocked(
  domain: string,
  onReport: (report: Extract<ReadinessResult, { ok: true }>) => void,
  signal: AbortSignal,
  intervalMs = LOCK_POLL_MS,
  timeoutMs = LOCK_WAIT_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    if (signal.aborted) return false;
    const result = await checkAndJudge(domain);
    if (signal.aborted) return false;
    if (result.ok) onReport(result);
    if (isUnlocked(result)) return true;
  }
  return false;
}
