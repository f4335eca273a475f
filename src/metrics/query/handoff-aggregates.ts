/**
 * Acceptance, response time, MQL → opportunity and the funnel of a period, in total and per
 * breakdown key, from the rollups (rollup/read.ts) with exact percentiles (rollup/quantiles.ts):
 * the same figures percentile_cont and count(*) over the period's hand-off rows give.
 */
import { FUNNEL_STAGES, RESPONSE_BUCKETS, TIMED_STAGES, type ResponseBucket } from '../definitions.js';
import { TOTAL, type Counters, type Measure } from '../rollup/contributions.js';
import { quantileId, type QuantileRequest } from '../rollup/quantiles.js';

export interface HandoffAggregate {
  /** null for the period's total. */
  key: string | null;
  handed_off: number;
  accepted: number;
  rejected: number;
  attempted: number;
  wall: { median: number | null; p90: number | null; mean: number | null };
  business: { median: number | null; p90: number | null; mean: number | null };
  distribution: Record<ResponseBucket, number>;
  mqls: number;
  reached: Record<(typeof FUNNEL_STAGES)[number], number>;
  median_time_in_stage: Partial<Record<(typeof FUNNEL_STAGES)[number], number | null>>;
}

/** The percentiles a period's figures need: response times (median, p90) in total and per key, time in stage (median) in total. */
export function handoffQuantiles(by: string | undefined, keys: readonly string[]): QuantileRequest[] {
  const response = (dim: string, key: string): QuantileRequest[] =>
    (['wall', 'business'] as const).flatMap((measure) => [0.5, 0.9].map((p) => ({ measure, dim, key, p })));
  return [
    ...response(TOTAL, ''),
    ...TIMED_STAGES.map((stage) => ({ measure: stage as Measure, dim: TOTAL, key: '', p: 0.5 })),
    ...(by ? keys.flatMap((key) => response(by, key)) : []),
  ];
}

/** Whether a key has hand-offs in the period (handed off or qualified in it). */
export const hasHandoffs = (c: Counters) => c.handed_off > 0 || c.mqls > 0;

export function handoffAggregate(key: string | null, dim: string, c: Counters, percentiles: Map<string, number | null>): HandoffAggregate {
  const q = (measure: Measure, p: number) => ms(percentiles.get(quantileId({ measure, dim, key: key ?? '', p })));
  const mean = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);
  return {
    key,
    handed_off: c.handed_off,
    accepted: c.accepted,
    rejected: c.rejected,
    attempted: c.attempted,
    wall: { median: q('wall', 0.5), p90: q('wall', 0.9), mean: mean(c.wall_sum, c.attempted) },
    business: { median: q('business', 0.5), p90: q('business', 0.9), mean: mean(c.business_sum, c.business_n) },
    distribution: Object.fromEntries(Object.keys(RESPONSE_BUCKETS).map((b) => [b, c[b as ResponseBucket]])) as Record<ResponseBucket, number>,
    mqls: c.mqls,
    reached: { mql: c.mqls, sal: c.sal, sql: c.sql, opportunity: c.opportunity, won: c.won },
    median_time_in_stage: key === null ? Object.fromEntries(TIMED_STAGES.map((s) => [s, q(s, 0.5)])) : {},
  };
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value));
