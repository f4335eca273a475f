import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Rep actions, SLA clocks and escalation.
 *
 * - `sla_clocks`: one row per clock a lead runs (route, first_touch, accept_or_reject), with its
 *   escalation schedule fixed when it starts. `next_at` is when the sweeper must next look at it
 *   (the next escalation step or the breach); null once nothing is left to fire. Sweepers claim
 *   due rows with FOR UPDATE SKIP LOCKED (see src/handoff/sweeper.ts).
 * - `handoff_secrets`: the key one-click links are signed with when BATON_SECRET is not set,
 *   generated once so links survive restarts and work across processes.
 * - `rep_overrides`: caps a manager set for one rep through the API (the away flag lives in `reps`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table sla_clocks (
      id bigserial primary key,
      lead_id uuid not null references leads (id),
      clock text not null,
      rep text,
      status text not null,
      started_at timestamptz not null,
      due_at timestamptz not null,
      stopped_at timestamptz,
      elapsed_ms bigint,
      business_ms bigint,
      duration text not null,
      calendar text not null,
      schedule jsonb not null,
      next_step integer not null default 0,
      next_at timestamptz,
      policy_version integer not null
    );
    create index sla_clocks_next on sla_clocks (next_at) where next_at is not null;
    create index sla_clocks_lead on sla_clocks (lead_id);
    create index sla_clocks_running on sla_clocks (due_at) where stopped_at is null;

    create table handoff_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null
    );

    create table rep_overrides (
      rep text primary key,
      cap_open integer,
      cap_per_day integer,
      updated_at timestamptz not null,
      updated_by text not null
    );
  `);
}
