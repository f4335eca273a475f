/**
 * The read models of the hand-off metrics (migration src/store/migrations/004-metrics.ts), kept
 * by following the lead event log (read-model/projector.ts). Every column is derived from events;
 * dropping the rows and the `metrics.read-model` cursor rebuilds them exactly.
 */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One row per lead: the dimensions its hand-offs are broken down by, as the events last said. */
export interface MetricsLeadTable {
  lead_id: string;
  created_at: Timestamp;
  source: string | null;
  campaign: string | null;
  content: string | null;
  channel: string | null;
  segment: string | null;
  total_score: number;
  /** MQL episodes so far; the current one is metrics_handoffs.episode = episodes. */
  episodes: number;
}

/**
 * One row per MQL episode of a lead (a lead recycled to nurture and qualified again starts a new
 * one): when it qualified, who it was handed to, what the rep did and how far it got.
 */
export interface MetricsHandoffTable {
  lead_id: string;
  episode: number;
  mql_at: Timestamp;
  priority: string;
  score: number;
  score_band: string;
  source: string | null;
  campaign: string | null;
  content: string | null;
  channel: string | null;
  segment: string | null;
  queued_at: Timestamp | null;
  /** First assignment to a rep in the episode: the hand-off. */
  assigned_at: Timestamp | null;
  /** The rep it was handed to first (a lead reassigned after a breach stays on their record). */
  rep: string | null;
  team: string | null;
  pool: string | null;
  /** The rep holding it now; null while queued or unassigned. */
  owner: string | null;
  decided_by: string | null;
  accepted_at: Timestamp | null;
  rejected_at: Timestamp | null;
  reject_reason: string | null;
  first_attempt_at: Timestamp | null;
  /** Assignment → first contact attempt, wall clock and in the rep's working hours. */
  response_ms: number | null;
  response_business_ms: number | null;
  attempts: number;
  connected_at: Timestamp | null;
  meeting_at: Timestamp | null;
  sal_at: Timestamp | null;
  sql_at: Timestamp | null;
  opportunity_at: Timestamp | null;
  won_at: Timestamp | null;
  lost_at: Timestamp | null;
  recycled_at: Timestamp | null;
  mql_left_at: Timestamp | null;
  sal_left_at: Timestamp | null;
  sql_left_at: Timestamp | null;
  opportunity_left_at: Timestamp | null;
  /** Time spent in a stage by hand-offs that moved on from it (left − entered), for the funnel. */
  time_in_mql_ms: number | null;
  time_in_sal_ms: number | null;
  time_in_sql_ms: number | null;
  time_in_opportunity_ms: number | null;
  stage: string;
  stage_at: Timestamp;
  /** When the episode ended (nurture, disqualified, won, lost, or qualified again). */
  ended_at: Timestamp | null;
}

/** One row per SLA clock, with the hand-off's dimensions copied in for breakdowns. */
export interface MetricsClockTable {
  lead_id: string;
  clock: string;
  started_at: Timestamp;
  episode: number;
  rep: string | null;
  team: string | null;
  pool: string | null;
  source: string | null;
  segment: string | null;
  priority: string | null;
  score_band: string | null;
  due_at: Timestamp;
  /** open, met, breached (sticky once the deadline passed) or cancelled. */
  status: string;
  breached_at: Timestamp | null;
  stopped_at: Timestamp | null;
  elapsed_ms: number | null;
  business_ms: number | null;
}

/** Leads created per UTC day and source, for the volume trend. */
export interface MetricsDailyLeadsTable {
  day: string;
  source: string;
  created: number;
}

/**
 * What a day's hand-offs, MQLs and clocks add up to, in total (dim 'total', key '') and per
 * breakdown key (dim 'rep', key 'ana'; dim 'clock' for clocks only). See rollup/contributions.ts.
 */
export interface MetricsRollupTable {
  day: ColumnType<string, string, string>;
  dim: string;
  key: string;
  handed_off: number;
  accepted: number;
  rejected: number;
  attempted: number;
  wall_sum: number;
  business_n: number;
  business_sum: number;
  under_5m: number;
  under_1h: number;
  under_4h: number;
  under_24h: number;
  over_24h: number;
  never: number;
  mqls: number;
  sal: number;
  sql: number;
  opportunity: number;
  won: number;
  clocks_started: number;
  clocks_met: number;
  clocks_breached: number;
  clocks_open: number;
}

/** How many values of a measure fall in each bucket (rollup/histogram.ts), per day ('d') or month ('m'). */
export interface MetricsRollupHistTable {
  grain: 'd' | 'm';
  start: ColumnType<string, string, string>;
  dim: string;
  measure: string;
  key: string;
  bucket: number;
  n: number;
}

export interface MetricsTables {
  metrics_leads: MetricsLeadTable;
  metrics_handoffs: MetricsHandoffTable;
  metrics_clocks: MetricsClockTable;
  metrics_daily_leads: MetricsDailyLeadsTable;
  metrics_rollup: MetricsRollupTable;
  metrics_rollup_hist: MetricsRollupHistTable;
}
