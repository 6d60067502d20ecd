// What a page shows for a pending job that keeps trying through a temporary fault (issue 14):
// the popup's job list and the batch page share it. Pure: the time and the language are
// parameters. Such a job is "Retrying", never "Failed": the engine tries it again by itself.
import { t, type MessageKey } from '@/lib/i18n';
import type { Lang } from '@/lib/i18n/lang';
import { isPending, type Job } from '@/lib/jobs/types';
import type { ApiCause, Circuit } from '@/lib/protocol';

/** Why the job is held back, as the page words it. */
export type RetryKind = 'unreachable' | 'throttled' | 'busy';

export interface RetryView {
  kind: RetryKind;
  /** When the next try leaves (ms). */
  nextTryAt: number;
}

const CAUSE_KEY: Record<RetryKind, MessageKey> = {
  unreachable: 'causeUnreachable',
  throttled: 'causeThrottled',
  busy: 'causeBusy',
};

/** network, timeout and server faults (and any other) read as "not reachable". */
export function retryKind(cause: ApiCause): RetryKind {
  return cause === 'throttled' ? 'throttled' : cause === 'busy' ? 'busy' : 'unreachable';
}

/** The circuit holds the whole engine: only "not reachable" or "limiting requests". */
export function circuitView(circuit: Circuit): RetryView {
  return { kind: circuit.cause === 'throttled' ? 'throttled' : 'unreachable', nextTryAt: circuit.nextProbeAt };
}

/**
 * Whether a job is retrying, why and until when; undefined when it is not. A pending job is
 * retrying when its last call met a fault (`job.fault`), or when the circuit is set and the job
 * is due (its call waits for the circuit's probe). A busy job (another operation on its domain)
 * backs off alone, at its own time, and never before the circuit lets calls out. A job waiting
 * for the vault's unlock is not retrying: it waits for the user.
 */
export function retryState(job: Job, circuit: Circuit | null | undefined, now: number): RetryView | undefined {
  if (!isPending(job) || job.waitingForUnlock === true) return undefined;
  const cause = job.fault?.cause;
  if (cause === 'busy') return { kind: 'busy', nextTryAt: circuit ? Math.max(job.nextAttemptAt, circuit.nextProbeAt) : job.nextAttemptAt };
  if (circuit) return cause !== undefined || job.nextAttemptAt <= now ? circuitView(circuit) : undefined;
  return cause === undefined ? undefined : { kind: retryKind(cause), nextTryAt: job.nextAttemptAt };
}

/** Whole seconds until the next try (rounded up), 0 once it is due. */
export function secondsLeft(view: RetryView, now: number): number {
  return Math.max(0, Math.ceil((view.nextTryAt - now) / 1000));
}

/** The cause alone: "Alibaba Cloud not reachable". */
export function retryCause(kind: RetryKind, lang: Lang): string {
  return t(lang, CAUSE_KEY[kind]);
}

/** "Alibaba Cloud not reachable, next try in 12 s", or "…, trying now" once it is due. */
export function retryText(view: RetryView, now: number, lang: Lang): string {
  const seconds = secondsLeft(view, now);
  const when = seconds > 0 ? t(lang, 'retryIn', { seconds }) : t(lang, 'retryNow');
  return t(lang, 'retryLine', { cause: retryCause(view.kind, lang), when });
}
