// Per-AccessKey flow control: a token bucket refilled at `perSecond`, holding at most one
// second's worth, as API gateways commonly do. Without a rate it allows everything.

export class FlowControl {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perSecond?: number) {}

  allow(accessKeyId: string, now: number): boolean {
    if (!this.perSecond) return true;
    const bucket = this.buckets.get(accessKeyId) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(accessKeyId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
