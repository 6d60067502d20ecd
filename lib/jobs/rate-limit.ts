// A client-side limit on API calls: at most `perSecond` requests a second (evenly spaced, so no
// window of one second ever holds more) and at most `maxInFlight` at once. Waiting requests go
// in priority order: a batch submits all its tasks before polling them, so no call is spent
// polling a task that had no time to finish. A throttling answer halves the rate for a while.

export interface LimiterOptions {
  perSecond: number;
  maxInFlight: number;
  now?: () => number;
}

interface Waiter {
  priority: number;
  seq: number;
  resolve: (release: () => void) => void;
}

export const DEFAULT_REQUESTS_PER_SECOND = 5;
export const MAX_REQUESTS_PER_SECOND = 20;

export function clampRate(perSecond: number): number {
  if (!Number.isFinite(perSecond)) return DEFAULT_REQUESTS_PER_SECOND;
  return Math.min(MAX_REQUESTS_PER_SECOND, Math.max(1, perSecond));
}
export const MAX_IN_FLIGHT = 6;
/** After a throttling answer the rate is halved; each later success gives back 5 %. */
const THROTTLED_FACTOR = 0.5;
const RECOVERY_STEP = 0.05;
const MIN_FACTOR = 0.05;

export class RequestLimiter {
  private perSecond: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private factor = 1;
  private nextSlotAt = 0;
  private inFlight = 0;
  private seq = 0;
  private queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LimiterOptions) {
    this.perSecond = clampRate(options.perSecond);
    this.maxInFlight = options.maxInFlight;
    this.now = options.now ?? Date.now;
  }

  /** A rate outside 1..MAX_REQUESTS_PER_SECOND (or not a number) is brought into that range. */
  setRate(perSecond: number): void {
    this.perSecond = clampRate(perSecond);
  }

  get rate(): number {
    return this.perSecond * this.factor;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function when the request may go; lower priority numbers go first. */
  acquire(priority: number): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({ priority, seq: this.seq++, resolve });
      this.queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      this.pump();
    });
  }

  /** The API said Throttling: slow down. */
  throttled(): void {
    this.factor = Math.max(MIN_FACTOR, this.factor * THROTTLED_FACTOR);
    this.nextSlotAt = Math.max(this.nextSlotAt, this.now() + 1000 / this.rate);
  }

  /** A call went through: creep back towards the configured rate. */
  succeeded(): void {
    this.factor = Math.min(1, this.factor + RECOVERY_STEP);
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const now = this.now();
      // A slot is never planned more than one spacing ahead: one further out was planned on a
      // clock that has since been set back, and would hold every call back by the size of the change.
      const spacing = 1000 / this.rate;
      if (this.nextSlotAt - now > spacing) this.nextSlotAt = now + spacing;
      if (now < this.nextSlotAt) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, this.nextSlotAt - now);
        return;
      }
      const waiter = this.queue.shift() as Waiter;
      this.nextSlotAt = Math.max(this.nextSlotAt, now) + 1000 / this.rate;
      this.inFlight++;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight--;
        this.pump();
      });
    }
  }
}
