/**
 * Exact quantiles from rollups. The read model keeps, per day and per month, how many values of a
 * measure (response time, time in a stage) fall in each of a fixed set of value buckets. A
 * quantile of a period is then found in two steps: the summed bucket counts say which bucket holds
 * the k-th smallest value and its rank inside that bucket; one index scan over that bucket's rows
 * (a small slice of the period) reads the value itself. The answer is the value PostgreSQL's
 * `percentile_cont` gives over every row of the period, to the millisecond: the buckets only
 * decide where to look, never what is reported.
 *
 * Buckets are logarithmic, BUCKETS_PER_OCTAVE per doubling from 1 s (so each is ~19 % wide) up
 * to 2^26 s (~2 years); one bucket holds the negative values, one exactly 0 and one (0, 1 s).
 * Zero has its own bucket because it is common (business time of an attempt made before opening:
 * 68 % of the bench's business response times) and a bucket of one value needs no read at all.
 * Fixed bounds keep the buckets of every day and month comparable; changing them needs a rebuild
 * of the read model.
 */

/** Buckets per doubling of the value (Default: 4; finer means more rollup rows, fewer rows read per quantile). */
export const BUCKETS_PER_OCTAVE = 4;
const OCTAVES = 26;

/** Ascending integer bounds in ms: bucket b holds [BOUNDS[b-1], BOUNDS[b]) as SQL width_bucket numbers it. */
export const BOUNDS: readonly number[] = (() => {
  const bounds = [0, 1];
  for (let i = 0; i <= OCTAVES * BUCKETS_PER_OCTAVE; i++) {
    const bound = Math.round(1000 * 2 ** (i / BUCKETS_PER_OCTAVE));
    if (bound > bounds[bounds.length - 1]!) bounds.push(bound);
  }
  return bounds;
})();

/** The bucket of a value, as SQL `width_bucket(value, BOUNDS)` numbers it (0: below 0; BOUNDS.length: the last bound or above). */
export function bucketOf(value: number): number {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BOUNDS[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The values a bucket holds: from (inclusive, null: no lower bound) to (exclusive, null: no upper bound). */
export function bucketRange(bucket: number): { from: number | null; to: number | null } {
  return { from: bucket === 0 ? null : BOUNDS[bucket - 1]!, to: bucket >= BOUNDS.length ? null : BOUNDS[bucket]! };
}

/** The one value a bucket can hold (values are whole ms), or undefined when it holds a range. */
export function onlyValue(bucket: number): number | undefined {
  const { from, to } = bucketRange(bucket);
  return from !== null && to !== null && to - from === 1 ? from : undefined;
}

/** Bucket → count. */
export type Histogram = Map<number, number>;

export function addTo(histogram: Histogram, bucket: number, n: number): void {
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
}

export function histogramTotal(histogram: Histogram): number {
  let total = 0;
  for (const n of histogram.values()) total += n;
  return total;
}

/** Where the value of 0-based rank `rank` is: its bucket and its 0-based rank among that bucket's values. */
export function locate(histogram: Histogram, rank: number): { bucket: number; offset: number } {
  let before = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    const n = histogram.get(bucket)!;
    if (rank < before + n) return { bucket, offset: rank - before };
    before += n;
  }
  throw new RangeError(`rank ${rank} is past the ${before} values of the histogram`);
}

/** The ranks percentile_cont reads for fraction p of n values, and how far between them it interpolates. */
export function percentileRanks(p: number, n: number): { first: number; second: number; proportion: number } {
  // The same float8 arithmetic as PostgreSQL's percentile_cont (orderedsetaggs.c), so results agree to the bit.
  const position = p * (n - 1);
  const first = Math.floor(position);
  return { first, second: Math.ceil(position), proportion: position - first };
}

export function interpolate(first: number, second: number, proportion: number): number {
  return first + proportion * (second - first);
}
