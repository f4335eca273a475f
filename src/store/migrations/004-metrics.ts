import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Read models for the hand-off metrics (src/metrics/tables.ts says what each column holds).
 * Indexes serve the period filters (hand-offs by assignment and by qualification, clocks by
 * start), the open work lists (leaks, stalled) and the per-lead lookups of the projector.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table metrics_leads (
      lead_id uuid primary key,
      created_at timestamptz not null,
      source text,
      campaign text,
      content text,
      channel text,
      segment text,
      total_score integer not null default 0,
      episodes integer not null default 0
    );
    create index metrics_leads_created on metrics_leads (created_at);

    create table metrics_handoffs (
      lead_id uuid not null,
      episode integer not null,
      mql_at timestamptz not null,
      priority text not null,
      score integer not null,
      score_band text not null,
      source text,
      campaign text,
      content text,
      channel text,
      segment text,
      queued_at timestamptz,
      assigned_at timestamptz,
      rep text,
      team text,
      pool text,
      owner text,
      decided_by text,
      accepted_at timestamptz,
      rejected_at timestamptz,
      reject_reason text,
      first_attempt_at timestamptz,
      response_ms bigint,
      response_business_ms bigint,
      attempts integer not null default 0,
      connected_at timestamptz,
      meeting_at timestamptz,
      sal_at timestamptz,
      sql_at timestamptz,
      opportunity_at timestamptz,
      won_at timestamptz,
      lost_at timestamptz,
      recycled_at timestamptz,
      mql_left_at timestamptz,
      sal_left_at timestamptz,
      sql_left_at timestamptz,
      opportunity_left_at timestamptz,
      time_in_mql_ms bigint,
      time_in_sal_ms bigint,
      time_in_sql_ms bigint,
      time_in_opportunity_ms bigint,
      stage text not null,
      stage_at timestamptz not null,
      ended_at timestamptz,
      primary key (lead_id, episode)
    );
    create index metrics_handoffs_assigned on metrics_handoffs (assigned_at) where assigned_at is not null;
    create index metrics_handoffs_mql on metrics_handoffs (mql_at);
    -- Open hand-offs by stage and since when (stalled: over the stage's max_time), and by key (past SLA).
    create index metrics_handoffs_open on metrics_handoffs (stage, stage_at) include (owner, lead_id, episode) where ended_at is null;
    -- The leak list, oldest first, without scanning every open hand-off (predicates as in definitions.ts).
    create index metrics_handoffs_no_owner on metrics_handoffs ((coalesce(queued_at, mql_at)), lead_id)
      where ended_at is null and owner is null and stage = 'mql';
    create index metrics_handoffs_no_touch on metrics_handoffs (assigned_at, lead_id)
      where ended_at is null and owner is not null and first_attempt_at is null and stage in ('mql', 'sal');
    -- Stalled leads (analysis/stalled.ts): each kind is a small part of the open hand-offs.
    create index metrics_handoffs_accepted_idle on metrics_handoffs (accepted_at, lead_id)
      where ended_at is null and accepted_at is not null and first_attempt_at is null;
    create index metrics_handoffs_unconnected on metrics_handoffs (first_attempt_at, lead_id)
      where ended_at is null and first_attempt_at is not null and connected_at is null;
    -- Exact quantiles (rollup/quantiles.ts): the rows of one histogram bucket of a measure, in value
    -- order, with what a period and a breakdown key filter on, so a quantile reads a bucket's slice
    -- from the index alone.
    create index metrics_handoffs_wall on metrics_handoffs (response_ms)
      include (assigned_at, rep, pool, team, source, segment, priority, score_band)
      where response_ms is not null and assigned_at is not null;
    create index metrics_handoffs_business on metrics_handoffs (response_business_ms)
      include (assigned_at, rep, pool, team, source, segment, priority, score_band)
      where response_business_ms is not null and response_ms is not null and assigned_at is not null;
    create index metrics_handoffs_in_mql on metrics_handoffs (time_in_mql_ms) include (mql_at) where time_in_mql_ms is not null;
    create index metrics_handoffs_in_sal on metrics_handoffs (time_in_sal_ms) include (mql_at) where time_in_sal_ms is not null;
    create index metrics_handoffs_in_sql on metrics_handoffs (time_in_sql_ms) include (mql_at) where time_in_sql_ms is not null;
    create index metrics_handoffs_in_opportunity on metrics_handoffs (time_in_opportunity_ms) include (mql_at) where time_in_opportunity_ms is not null;

    create table metrics_clocks (
      lead_id uuid not null,
      clock text not null,
      started_at timestamptz not null,
      episode integer not null,
      rep text,
      team text,
      pool text,
      source text,
      segment text,
      priority text,
      score_band text,
      due_at timestamptz not null,
      status text not null,
      breached_at timestamptz,
      stopped_at timestamptz,
      elapsed_ms bigint,
      business_ms bigint,
      primary key (lead_id, clock, started_at)
    );
    create index metrics_clocks_started on metrics_clocks (started_at);
    create index metrics_clocks_open on metrics_clocks (due_at) include (lead_id, episode, status) where stopped_at is null;
    create index metrics_clocks_unmet on metrics_clocks (due_at desc) where status in ('breached', 'open');

    -- Daily rollups (rollup/contributions.ts says what each column adds up): per UTC day and
    -- breakdown key ('total' with key '', or a dimension and its key), hand-offs by the day they
    -- were handed off, MQLs by the day they qualified, clocks by the day they started. Kept by the
    -- projector in the transaction that writes the rows, as the difference each write makes.
    create table metrics_rollup (
      day date not null,
      dim text not null,
      key text not null,
      handed_off integer not null default 0,
      accepted integer not null default 0,
      rejected integer not null default 0,
      attempted integer not null default 0,
      wall_sum bigint not null default 0,
      business_n integer not null default 0,
      business_sum bigint not null default 0,
      under_5m integer not null default 0,
      under_1h integer not null default 0,
      under_4h integer not null default 0,
      under_24h integer not null default 0,
      over_24h integer not null default 0,
      never integer not null default 0,
      mqls integer not null default 0,
      sal integer not null default 0,
      sql integer not null default 0,
      opportunity integer not null default 0,
      won integer not null default 0,
      clocks_started integer not null default 0,
      clocks_met integer not null default 0,
      clocks_breached integer not null default 0,
      clocks_open integer not null default 0,
      primary key (day, dim, key)
    );

    -- Value histograms of a measure (rollup/histogram.ts) per day ('d') and calendar month ('m').
    create table metrics_rollup_hist (
      grain text not null,
      start date not null,
      dim text not null,
      measure text not null,
      key text not null,
      bucket smallint not null,
      n integer not null,
      primary key (grain, start, dim, measure, key, bucket)
    );

    create table metrics_daily_leads (
      day text not null,
      source text not null,
      created integer not null,
      primary key (day, source)
    );
  `);
}
