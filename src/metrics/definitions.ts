/**
 * What every number counts, written once as SQL over the read model: the cohorts (which rows a
 * period takes), the buckets (which of those a figure counts) and the dimensions of breakdowns.
 * Both the aggregates and `GET /api/v1/metrics/leads` use these fragments, so the leads listed
 * behind a number are exactly the ones it counts.
 *
 * Hand-offs (`h`, metrics_handoffs) enter a period by when they were handed to a rep
 * (acceptance, response time) or by when they qualified (funnel, MQL → opportunity); clocks (`c`,
 * metrics_clocks) by when they started. Leaks and stalled leads are the open work right now.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Policy } from '../policy/schema.js';
import { overMaxTime } from './analysis/stage-limits.js';
import type { Period } from './period.js';

export const DIMENSIONS = ['rep', 'pool', 'team', 'source', 'segment', 'priority', 'score_band'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/**
 * Dimensions of hand-offs only (clocks do not carry them): attribution for the conversion
 * analysis, and `decided_by`, the rep who accepted or rejected (for the rejection Pareto).
 */
export const ATTRIBUTION_DIMENSIONS = ['campaign', 'content', 'channel', 'decided_by'] as const;
export type HandoffDimension = Dimension | (typeof ATTRIBUTION_DIMENSIONS)[number];
/** The key of rows whose dimension is empty (no rep yet, no source…). */
export const NONE_KEY = '(none)';

export type Predicate = RawBuilder<boolean>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const between = (column: string, period: Period): Predicate =>
  sql<boolean>`${sql.ref(column)} >= ${period.from} and ${sql.ref(column)} < ${period.to}`;

export const cohorts = {
  handedOff: (period: Period) => between('h.assigned_at', period),
  qualified: (period: Period) => between('h.mql_at', period),
  clocksStarted: (period: Period) => between('c.started_at', period),
};

/** A dimension's value as a breakdown key, the empty ones as NONE_KEY. */
export function dimensionKey(alias: 'h' | 'c', dimension: HandoffDimension): RawBuilder<string> {
  return sql<string>`coalesce(${sql.ref(`${alias}.${dimension}`)}, ${NONE_KEY})`;
}

/** Rows whose dimension has this key (NONE_KEY: the empty ones). */
export function dimensionIs(alias: 'h' | 'c', dimension: HandoffDimension, key: string): Predicate {
  return key === NONE_KEY ? sql<boolean>`${sql.ref(`${alias}.${dimension}`)} is null` : sql<boolean>`${sql.ref(`${alias}.${dimension}`)} = ${key}`;
}

const wall = sql.ref('h.response_ms');
/** Speed-to-lead buckets: each hand-off falls in exactly one ("under 1 h" means 5 min to under 1 h). */
export const RESPONSE_BUCKETS = {
  under_5m: sql<boolean>`${wall} < ${5 * MINUTE}`,
  under_1h: sql<boolean>`${wall} >= ${5 * MINUTE} and ${wall} < ${HOUR}`,
  under_4h: sql<boolean>`${wall} >= ${HOUR} and ${wall} < ${4 * HOUR}`,
  under_24h: sql<boolean>`${wall} >= ${4 * HOUR} and ${wall} < ${24 * HOUR}`,
  over_24h: sql<boolean>`${wall} >= ${24 * HOUR}`,
  never: sql<boolean>`${wall} is null`,
} as const;
export type ResponseBucket = keyof typeof RESPONSE_BUCKETS;

export const handoff = {
  accepted: sql<boolean>`h.accepted_at is not null`,
  rejected: sql<boolean>`h.rejected_at is not null and h.accepted_at is null`,
  decided: sql<boolean>`(h.accepted_at is not null or h.rejected_at is not null)`,
  attempted: sql<boolean>`h.response_ms is not null`,
  reachedSal: sql<boolean>`coalesce(h.sal_at, h.sql_at, h.opportunity_at, h.won_at) is not null`,
  reachedSql: sql<boolean>`coalesce(h.sql_at, h.opportunity_at, h.won_at) is not null`,
  reachedOpportunity: sql<boolean>`coalesce(h.opportunity_at, h.won_at) is not null`,
  won: sql<boolean>`h.won_at is not null`,
  open: sql<boolean>`h.ended_at is null`,
};

/** A clock counts as breached once its deadline passed unmet, even before the breach event lands. */
export const clock = {
  met: sql<boolean>`c.status = 'met'`,
  breached: (now: Date) => sql<boolean>`(c.status = 'breached' or (c.status = 'open' and c.due_at < ${now}))`,
  due: (now: Date) => sql<boolean>`(c.status in ('met', 'breached') or (c.status = 'open' and c.due_at < ${now}))`,
};

/** Open MQLs nobody owns, and owned ones nobody has tried to reach. */
export const leaks = {
  no_owner: sql<boolean>`h.ended_at is null and h.owner is null and h.stage = 'mql'`,
  no_first_touch: sql<boolean>`h.ended_at is null and h.owner is not null and h.first_attempt_at is null and h.stage in ('mql', 'sal')`,
} as const;
export type LeakReason = keyof typeof leaks;

/** A running clock of the lead's current episode is past its deadline (found from the few running clocks, by index). */
const overdueClock = (now: Date) =>
  sql<boolean>`(h.lead_id, h.episode) in (select c.lead_id, c.episode from metrics_clocks c where c.stopped_at is null and c.due_at < ${now})`;

/** Open hand-offs going nowhere, right now; `over_max_time` reads the policy's `stages.max_time`. */
export type StalledReason = 'accepted_no_attempt' | 'attempted_not_connected' | 'over_sla' | 'over_max_time';
export const stalled: Record<StalledReason, (now: Date, policy: Policy) => Predicate> = {
  accepted_no_attempt: () => sql<boolean>`h.ended_at is null and h.accepted_at is not null and h.first_attempt_at is null`,
  attempted_not_connected: () => sql<boolean>`h.ended_at is null and h.first_attempt_at is not null and h.connected_at is null`,
  over_sla: (now: Date) => sql<boolean>`h.ended_at is null and ${overdueClock(now)}`,
  over_max_time: (now: Date, policy: Policy) => overMaxTime(policy, now),
};

export const FUNNEL_STAGES = ['mql', 'sal', 'sql', 'opportunity', 'won'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const funnelReached: Record<FunnelStage, Predicate> = {
  mql: sql<boolean>`true`,
  sal: handoff.reachedSal,
  sql: handoff.reachedSql,
  opportunity: handoff.reachedOpportunity,
  won: handoff.won,
};
/**
 * Time in a stage (metrics_handoffs.time_in_<stage>_ms): from entering it (<stage>_at) to the
 * next stage move (<stage>_left_at), for the hand-offs that moved on.
 */
export const TIMED_STAGES = ['mql', 'sal', 'sql', 'opportunity'] as const;
export type TimedStage = (typeof TIMED_STAGES)[number];
