// The engine's one circuit, as pure functions: while Alibaba Cloud is unreachable or throttling,
// the whole engine sends one probe at a time, at the capped backoff, instead of one call per job;
// when any answer comes, every waiting job resumes (lib/jobs/engine.ts keeps it in local:circuit).
import type { ApiCause, Circuit } from '../protocol';
import { BACKOFF_CAP_MS, backoffDelay } from './schedule';

/**
 * The faults that say something about the endpoint or the account rather than one domain:
 * they open the circuit. `busy` (TaskIsBeingProcessed) is one domain's: that job backs off alone.
 */
const CIRCUIT_CAUSES: ReadonlySet<ApiCause> = new Set(['network', 'timeout', 'server', 'throttled']);

export const opensCircuit = (cause: ApiCause): boolean => CIRCUIT_CAUSES.has(cause);

/** The circuit after a probe (or the first call) met `cause` at `now`. */
export function tripped(circuit: Circuit | null, cause: ApiCause, now: number, random: number): Circuit {
  const failures = (circuit?.failures ?? 0) + 1;
  return { cause, since: circuit?.since ?? now, failures, nextProbeAt: now + backoffDelay(failures, random) };
}

/**
 * Whether the next probe may leave at `now`. A probe time further ahead than the cap means the
 * clock was set back since it was planned: it is due, so a clock change cannot stall the engine.
 */
export function probeDue(circuit: Circuit, now: number): boolean {
  return circuit.nextProbeAt <= now || circuit.nextProbeAt - now > BACKOFF_CAP_MS;
}

/** When the next probe leaves, never further out than the cap (see probeDue). */
export function probeTime(circuit: Circuit, now: number): number {
  return probeDue(circuit, now) ? now : circuit.nextProbeAt;
}

/** The circuit with its probe due at once ("Try now", the browser back online). */
export function probeNow(circuit: Circuit, now: number): Circuit {
  return { ...circuit, nextProbeAt: Math.min(circuit.nextProbeAt, now) };
}
