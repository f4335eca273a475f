/**
 * What each hand-off and each clock adds to the rollups, written once as SQL over rows with a
 * `sign` column (+1 a row as it is now, −1 as it was before a write). The projector sums the
 * signed contributions of the rows it rewrites into metrics_rollup / metrics_rollup_hist; a
 * request sums them over the rows of the partial days at the ends of its period. The predicates
 * are those of definitions.ts, so the rollups count exactly what the lead lists list.
 */
import { sql, type RawBuilder } from 'kysely';
import { clock, DIMENSIONS, funnelReached, handoff, NONE_KEY, RESPONSE_BUCKETS, type Predicate } from '../definitions.js';
import type { Period } from '../period.js';
import { BOUNDS } from './histogram.js';

/** The breakdown key of the period's total. */
export const TOTAL = 'total';

export const HANDOFF_COUNTERS = [
  'handed_off', 'accepted', 'rejected', 'attempted', 'wall_sum', 'business_n', 'business_sum',
  'under_5m', 'under_1h', 'under_4h', 'under_24h', 'over_24h', 'never',
  'mqls', 'sal', 'sql', 'opportunity', 'won',
] as const;
export const CLOCK_COUNTERS = ['clocks_started', 'clocks_met', 'clocks_breached', 'clocks_open'] as const;
export const COUNTERS = [...HANDOFF_COUNTERS, ...CLOCK_COUNTERS] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

/** Measures with histograms: response times of hand-offs (by the day handed off) and time in each stage (by the day qualified, total only). */
export const MEASURES = {
  wall: { column: 'response_ms', cohort: 'h.assigned_at', byKey: true },
  business: { column: 'response_business_ms', cohort: 'h.assigned_at', byKey: true },
  mql: { column: 'time_in_mql_ms', cohort: 'h.mql_at', byKey: false },
  sal: { column: 'time_in_sal_ms', cohort: 'h.mql_at', byKey: false },
  sql: { column: 'time_in_sql_ms', cohort: 'h.mql_at', byKey: false },
  opportunity: { column: 'time_in_opportunity_ms', cohort: 'h.mql_at', byKey: false },
} as const;
export type Measure = keyof typeof MEASURES;

/** The rows a measure has a value for: response times count for hand-offs with a first attempt (as percentile_cont over them did). */
export function measureValue(measure: Measure): RawBuilder<number | null> {
  const column = sql.ref(`h.${MEASURES[measure].column}`);
  return measure === 'business' ? sql`case when ${handoff.attempted} then ${column} end` : sql`${column}`;
}

const BOUNDS_SQL = sql.raw(`'{${BOUNDS.join(',')}}'::bigint[]`);

/** (dim, key) pairs a row counts under: the total, and its key in each dimension (or only those asked for). */
function keysOf(alias: 'h' | 'c', extra: readonly [string, RawBuilder<string>][] = []): RawBuilder<unknown> {
  const pairs = [
    sql`(${sql.lit(TOTAL)}, '')`,
    ...extra.map(([dim, key]) => sql`(${sql.lit(dim)}, ${key})`),
    ...DIMENSIONS.map((d) => sql`(${sql.lit(d)}, coalesce(${sql.ref(`${alias}.${d}`)}, ${sql.lit(NONE_KEY)}))`),
  ];
  return sql`cross join lateral (values ${sql.join(pairs)}) as x(dim, key)`;
}

/** The UTC day of an instant as YYYY-MM-DD (whatever the session's TimeZone and DateStyle). */
const dayOf = (at: RawBuilder<unknown>) => sql<string>`to_char((${at}) at time zone 'UTC', 'YYYY-MM-DD')`;

function within(at: RawBuilder<unknown>, periods?: readonly Period[]): Predicate {
  if (!periods) return sql<boolean>`true`;
  if (periods.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(periods.map((p) => sql`(${at} >= ${p.from} and ${at} < ${p.to})`), sql` or `)})`;
}

const dimsFilter = (dims?: readonly string[]) => (dims ? sql<boolean>`x.dim in (${sql.join(dims.map((d) => sql.lit(d)))})` : sql<boolean>`true`);

const signed = (pred: Predicate) => sql<number>`coalesce(sum(h.sign) filter (where ${pred}), 0)`;

/**
 * Per (day, dim, key): the counters of hand-offs in `rows` (a relation with the columns of
 * metrics_handoffs and `sign`). Options narrow it to parts of days and to some dimensions.
 */
export function handoffCounters(rows: RawBuilder<unknown>, options: { within?: readonly Period[]; dims?: readonly string[] } = {}): RawBuilder<Record<string, unknown>> {
  const handed = sql<boolean>`part.cohort = 'handed'`;
  const qualified = sql<boolean>`part.cohort = 'qualified'`;
  const and = (a: Predicate, b: Predicate) => sql<boolean>`${a} and ${b}`;
  const attempted = and(handed, handoff.attempted);
  const business = and(attempted, sql<boolean>`h.response_business_ms is not null`);
  const columns: Record<(typeof HANDOFF_COUNTERS)[number], RawBuilder<unknown>> = {
    handed_off: signed(handed),
    accepted: signed(and(handed, handoff.accepted)),
    rejected: signed(and(handed, handoff.rejected)),
    attempted: signed(attempted),
    wall_sum: sql`coalesce(sum(h.sign * h.response_ms) filter (where ${attempted}), 0)::bigint`,
    business_n: signed(business),
    business_sum: sql`coalesce(sum(h.sign * h.response_business_ms) filter (where ${business}), 0)::bigint`,
    under_5m: signed(and(handed, RESPONSE_BUCKETS.under_5m)),
    under_1h: signed(and(handed, RESPONSE_BUCKETS.under_1h)),
    under_4h: signed(and(handed, RESPONSE_BUCKETS.under_4h)),
    under_24h: signed(and(handed, RESPONSE_BUCKETS.under_24h)),
    over_24h: signed(and(handed, RESPONSE_BUCKETS.over_24h)),
    never: signed(and(handed, RESPONSE_BUCKETS.never)),
    mqls: signed(qualified),
    sal: signed(and(qualified, funnelReached.sal)),
    sql: signed(and(qualified, funnelReached.sql)),
    opportunity: signed(and(qualified, funnelReached.opportunity)),
    won: signed(and(qualified, funnelReached.won)),
  };
  return sql`
    select ${dayOf(sql`part.at`)} as day, x.dim, x.key,
      ${sql.join(Object.entries(columns).map(([name, value]) => sql`${value} as ${sql.ref(name)}`))}
    from ${rows} as h
    cross join lateral (values ('handed', h.assigned_at), ('qualified', h.mql_at)) as part(cohort, at)
    ${keysOf('h')}
    where part.at is not null and ${within(sql`part.at`, options.within)} and ${dimsFilter(options.dims)}
    group by 1, 2, 3
  `;
}

/** Per (day, dim, key): the counters of the clocks in `rows` (columns of metrics_clocks and `sign`), by the day they started. */
export function clockCounters(rows: RawBuilder<unknown>, options: { within?: readonly Period[]; dims?: readonly string[] } = {}): RawBuilder<Record<string, unknown>> {
  const count = (pred: Predicate) => sql<number>`coalesce(sum(c.sign) filter (where ${pred}), 0)`;
  return sql`
    select ${dayOf(sql`c.started_at`)} as day, x.dim, x.key,
      coalesce(sum(c.sign), 0) as clocks_started,
      ${count(clock.met)} as clocks_met,
      ${count(sql<boolean>`c.status = 'breached'`)} as clocks_breached,
      ${count(sql<boolean>`c.status = 'open'`)} as clocks_open
    from ${rows} as c
    ${keysOf('c', [['clock', sql<string>`c.clock`]])}
    where ${within(sql`c.started_at`, options.within)} and ${dimsFilter(options.dims)}
    group by 1, 2, 3
  `;
}

/**
 * Per (measure, dim, key, day, bucket): how many values of each measure the hand-offs in `rows`
 * have (signed), by the day of the measure's cohort.
 */
export function handoffHistograms(rows: RawBuilder<unknown>, options: { within?: readonly Period[]; dims?: readonly string[] } = {}): RawBuilder<Record<string, unknown>> {
  const measures = Object.entries(MEASURES).map(
    ([name, m]) => sql`(${sql.lit(name)}, ${measureValue(name as Measure)}, ${sql.ref(m.cohort)}, ${sql.lit(m.byKey)})`,
  );
  return sql`
    select m.measure, x.dim, x.key, ${dayOf(sql`m.at`)} as day, width_bucket(m.v, ${BOUNDS_SQL}) as bucket, sum(h.sign)::int as n
    from ${rows} as h
    cross join lateral (values ${sql.join(measures)}) as m(measure, v, at, by_key)
    ${keysOf('h')}
    where m.v is not null and m.at is not null and (m.by_key or x.dim = ${sql.lit(TOTAL)})
      and ${within(sql`m.at`, options.within)} and ${dimsFilter(options.dims)}
    group by 1, 2, 3, 4, 5
  `;
}
