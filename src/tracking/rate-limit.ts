/**
 * Token buckets per key (a visitor id, an IP address), on the app's clock.
 *
 * Why not @fastify/rate-limit: it counts requests per route and key, while the snippet sends a
 * batch of events per request and each request must pass two limits at once (its visitor's and
 * its IP's). It also reads Date.now(), which tests cannot move. This is ~40 lines, pure, and
 * takes the clock as an argument. Like the plugin's default store it is per process: with N
 * server processes a client can send up to N times the limit (documented in docs/tracking.md).
 */
export interface BucketLimit {
  /** Tokens a full bucket holds, and how many refill per `perMs`. */
  capacity: number;
  perMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** `maxKeys` bounds memory: past it the oldest buckets are forgotten (a full bucket again). */
  constructor(private readonly maxKeys = 100_000) {}

  /**
   * Takes `cost` tokens from every key's bucket, or none if any of them has too few; returns
   * the milliseconds to wait before retrying (0 when allowed).
   */
  take(keys: readonly { key: string; limit: BucketLimit }[], cost: number, nowMs: number): number {
    let wait = 0;
    const filled = keys.map(({ key, limit }) => {
      const bucket = this.buckets.get(key);
      const rate = limit.capacity / limit.perMs;
      const tokens = bucket ? Math.min(limit.capacity, bucket.tokens + (nowMs - bucket.at) * rate) : limit.capacity;
      if (tokens < cost) wait = Math.max(wait, Math.ceil((Math.min(cost, limit.capacity) - tokens) / rate));
      return { key, tokens };
    });
    if (wait > 0) return wait;
    for (const { key, tokens } of filled) {
      this.buckets.delete(key);
      this.buckets.set(key, { tokens: tokens - cost, at: nowMs });
    }
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }
}
