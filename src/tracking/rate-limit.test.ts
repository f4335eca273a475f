import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

const perMinute = (capacity: number) => ({ capacity, perMs: 60_000 });

describe('RateLimiter', () => {
  it('lets a burst up to the capacity through, then asks the client to wait', () => {
    const limiter = new RateLimiter();
    const keys = [{ key: 'v:1', limit: perMinute(10) }];
    expect(limiter.take(keys, 6, 0)).toBe(0);
    expect(limiter.take(keys, 4, 0)).toBe(0);
    expect(limiter.take(keys, 1, 0)).toBe(6_000);
  });

  it('refills at the limit\'s rate', () => {
    const limiter = new RateLimiter();
    const keys = [{ key: 'v:1', limit: perMinute(60) }];
    expect(limiter.take(keys, 60, 0)).toBe(0);
    expect(limiter.take(keys, 1, 500)).toBeGreaterThan(0);
    expect(limiter.take(keys, 1, 1_000)).toBe(0);
    expect(limiter.take(keys, 30, 31_000)).toBe(0);
  });

  it('takes from every key or from none, so a refused batch costs nothing', () => {
    const limiter = new RateLimiter();
    const visitor = { key: 'v:1', limit: perMinute(100) };
    const ip = { key: 'ip:1', limit: perMinute(5) };
    expect(limiter.take([visitor, ip], 5, 0)).toBe(0);
    expect(limiter.take([visitor, ip], 5, 0)).toBeGreaterThan(0);
    // The visitor's bucket was not charged for the refused batch.
    expect(limiter.take([visitor], 95, 0)).toBe(0);
  });

  it('keeps each key apart', () => {
    const limiter = new RateLimiter();
    expect(limiter.take([{ key: 'ip:a', limit: perMinute(1) }], 1, 0)).toBe(0);
    expect(limiter.take([{ key: 'ip:b', limit: perMinute(1) }], 1, 0)).toBe(0);
    expect(limiter.take([{ key: 'ip:a', limit: perMinute(1) }], 1, 0)).toBeGreaterThan(0);
  });

  it('forgets the oldest keys past its size bound', () => {
    const limiter = new RateLimiter(2);
    const limit = perMinute(1);
    limiter.take([{ key: 'a', limit }], 1, 0);
    limiter.take([{ key: 'b', limit }], 1, 0);
    limiter.take([{ key: 'c', limit }], 1, 0);
    expect(limiter.take([{ key: 'a', limit }], 1, 0)).toBe(0);
  });
});
