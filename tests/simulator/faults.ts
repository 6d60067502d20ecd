// FIFO queue of injected faults. Each request takes at most one fault: the oldest one whose
// `action` matches (or that has no `action`). `times` (default 1) counts down per request taken.

import type { Fault } from './types.ts';

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault.times must be a positive integer, got ${times}`);
    if (fault.kind === 'delay' && !(fault.ms >= 0)) throw new RangeError(`delay fault needs ms >= 0, got ${fault.ms}`);
    this.queue.push({ fault, remaining: times });
  }

  /** Removes one use of the first matching fault and returns it, or undefined. */
  take(action: string): Fault | undefined {
    const index = this.queue.findIndex((q) => q.fault.action === undefined || q.fault.action === action);
    if (index === -1) return undefined;
    const entry = this.queue[index] as QueuedFault;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  get pending(): number {
    return this.queue.length;
  }
}
