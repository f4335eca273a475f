import { describe, expect, it } from 'vitest';
import { BOUNDS, bucketOf, bucketRange, interpolate, locate, onlyValue, percentileRanks } from './histogram.js';

describe('rollup histogram buckets', () => {
  it('puts every value in the bucket whose range holds it, as SQL width_bucket does', () => {
    for (const value of [-5, 0, 1, 999, 1000, 1189, 1190, 60_000, 3_600_000, 86_400_000, 1e12]) {
      const { from, to } = bucketRange(bucketOf(value));
      expect(from === null || value >= from).toBe(true);
      expect(to === null || value < to).toBe(true);
    }
    expect(bucketOf(-1)).toBe(0);
    expect(bucketOf(0)).toBe(1);
    expect(onlyValue(1)).toBe(0);
    expect(bucketOf(1)).toBe(2);
    expect(onlyValue(2)).toBeUndefined();
    expect(bucketOf(BOUNDS[BOUNDS.length - 1]!)).toBe(BOUNDS.length);
  });

  it('finds the bucket and the rank inside it of any rank', () => {
    const h = new Map([
      [7, 2],
      [3, 1],
      [9, 4],
    ]);
    expect(locate(h, 0)).toEqual({ bucket: 3, offset: 0 });
    expect(locate(h, 2)).toEqual({ bucket: 7, offset: 1 });
    expect(locate(h, 6)).toEqual({ bucket: 9, offset: 3 });
    expect(() => locate(h, 7)).toThrow(RangeError);
  });

  it('interpolates between ranks as percentile_cont does', () => {
    // 8 values, p90: position 6.3 → 30 % of the way from the 7th to the 8th value.
    const r = percentileRanks(0.9, 8);
    expect([r.first, r.second]).toEqual([6, 7]);
    expect(Math.round(interpolate(64_800_000, 93_600_000, r.proportion))).toBe(73_440_000);
    expect(percentileRanks(0.5, 1)).toEqual({ first: 0, second: 0, proportion: 0 });
  });
});
