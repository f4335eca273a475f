/**
 * One pass over the hand-offs of a period: acceptance, response time, MQL → opportunity and the
 * funnel, for the whole period and (with a breakdown) per key, via GROUPING SETS so the total and
 * the groups come from the same scan. Percentiles are exact (percentile_cont, interpolated).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/database.js';
import {
  cohorts,
  FUNNEL_STAGES,
  funnelReached,
  handoff,
  msBetween,
  NONE_KEY,
  RESPONSE_BUCKETS,
  STAGE_SPAN,
  type Dimension,
  type Predicate,
  type ResponseBucket,
} from '../definitions.js';
import type { Period } from '../period.js';

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

type Row = Record<string, unknown>;

export async function handoffAggregates(db: Kysely<Database>, period: Period, by?: Dimension): Promise<HandoffAggregate[]> {
  const handed = cohorts.handedOff(period);
  const qualified = cohorts.qualified(period);
  const count = (cohort: Predicate, pred?: Predicate) => sql`(count(*) filter (where ${cohort}${pred ? sql` and ${pred}` : sql``}))::int`;
  const percentiles = (column: string) =>
    sql`percentile_cont(array[0.5, 0.9]::float8[]) within group (order by ${sql.ref(column)}) filter (where ${handed} and ${handoff.attempted})`;
  const mean = (column: string) => sql`(avg(${sql.ref(column)}) filter (where ${handed} and ${handoff.attempted}))::float8`;
  // The key is written as a literal, not a parameter, so GROUP BY sees the same expression as SELECT.
  const key: RawBuilder<string> | undefined = by ? sql<string>`coalesce(${sql.ref(`h.${by}`)}, ${sql.lit(NONE_KEY)})` : undefined;

  const columns = [
    key ? sql`${key} as key, grouping(${key}) as total` : sql`null as key, 1 as total`,
    sql`${count(handed)} as handed_off`,
    sql`${count(handed, handoff.accepted)} as accepted`,
    sql`${count(handed, handoff.rejected)} as rejected`,
    sql`${count(handed, handoff.attempted)} as attempted`,
    sql`${percentiles('h.response_ms')} as wall_pct`,
    sql`${mean('h.response_ms')} as wall_mean`,
    sql`${percentiles('h.response_business_ms')} as business_pct`,
    sql`${mean('h.response_business_ms')} as business_mean`,
    ...Object.entries(RESPONSE_BUCKETS).map(([bucket, pred]) => sql`${count(handed, pred)} as ${sql.ref(`d_${bucket}`)}`),
    ...FUNNEL_STAGES.map((stage) => sql`${count(qualified, funnelReached[stage])} as ${sql.ref(`r_${stage}`)}`),
  ];
  const grouping = key ? sql`group by grouping sets ((), (${key}))` : sql``;
  // Time in stage is shown for the period only, so its four sorts run once, beside the grouped pass.
  const [result, times] = await Promise.all([
    sql<Row>`
      select ${sql.join(columns)}
      from metrics_handoffs h
      where (${handed}) or (${qualified})
      ${grouping}
    `.execute(db),
    sql<Row>`
      select ${sql.join(
        Object.entries(STAGE_SPAN).map(
          ([stage, [entered, left]]) =>
            sql`(percentile_cont(0.5) within group (order by ${msBetween(entered, left)}) filter (where ${sql.ref(left)} is not null and ${sql.ref(entered)} is not null)) as ${sql.ref(`t_${stage}`)}`,
        ),
      )}
      from metrics_handoffs h
      where ${qualified}
    `.execute(db),
  ]);
  const rows = result.rows.map((row) => toAggregate(Number(row.total) === 1 ? { ...row, ...times.rows[0] } : row));
  if (!rows.some((r) => r.key === null)) rows.unshift(toAggregate({ key: null, total: 1, ...times.rows[0] }));
  return rows;
}

function toAggregate(row: Row): HandoffAggregate {
  const n = (name: string) => Number(row[name] ?? 0);
  const pct = (name: string) => (Array.isArray(row[name]) ? (row[name] as (number | null)[]) : [null, null]);
  const ms = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));
  const [wallMedian, wallP90] = pct('wall_pct');
  const [businessMedian, businessP90] = pct('business_pct');
  return {
    key: Number(row.total) === 1 ? null : String(row.key),
    handed_off: n('handed_off'),
    accepted: n('accepted'),
    rejected: n('rejected'),
    attempted: n('attempted'),
    wall: { median: ms(wallMedian), p90: ms(wallP90), mean: ms(row.wall_mean) },
    business: { median: ms(businessMedian), p90: ms(businessP90), mean: ms(row.business_mean) },
    distribution: Object.fromEntries(Object.keys(RESPONSE_BUCKETS).map((b) => [b, n(`d_${b}`)])) as Record<ResponseBucket, number>,
    mqls: n('r_mql'),
    reached: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, n(`r_${s}`)])) as HandoffAggregate['reached'],
    median_time_in_stage: Object.fromEntries(Object.keys(STAGE_SPAN).map((s) => [s, ms(row[`t_${s}`])])),
  };
}
