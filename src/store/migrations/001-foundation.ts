import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** The foundation: policy versions, accounts, leads with their append-only events, routing state, tokens, idempotency, outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table policy_versions (
      version serial primary key,
      hash text not null unique,
      file text not null,
      source text not null,
      published_at timestamptz not null
    );

    create table accounts (
      id uuid primary key,
      external_id text unique,
      name text not null,
      normalized_name text not null,
      domain text unique,
      owner text,
      is_customer boolean not null default false,
      segment text,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index accounts_normalized_name on accounts (normalized_name);

    create table leads (
      id uuid primary key,
      email text not null unique,
      profile jsonb not null,
      facts jsonb not null,
      stage text not null,
      priority text not null,
      fit_score integer not null,
      engagement_score integer not null,
      total_score integer not null,
      score jsonb not null,
      engagement jsonb,
      activity_summary jsonb not null,
      owner text,
      queue text,
      account_id uuid references accounts (id),
      account_match jsonb,
      assignment jsonb,
      brief jsonb,
      source text,
      policy_version integer not null,
      event_seq integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      qualified_at timestamptz,
      assigned_at timestamptz
    );
    create index leads_created on leads (created_at desc, id desc);
    create index leads_stage on leads (stage, created_at desc);
    create index leads_owner on leads (owner, created_at desc);

    create table lead_events (
      id bigserial primary key,
      lead_id uuid not null references leads (id),
      seq integer not null,
      type text not null,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null,
      actor text not null,
      policy_version integer not null,
      client_event_id text,
      data jsonb not null,
      unique (lead_id, seq)
    );
    create unique index lead_events_client_id on lead_events (client_event_id) where client_event_id is not null;
    create index lead_events_type_time on lead_events (type, occurred_at);

    create table routing_pools (
      pool text primary key,
      members jsonb not null,
      updated_at timestamptz not null
    );

    create table reps (
      id text primary key,
      open_leads integer not null default 0,
      assigned_today integer not null default 0,
      day text,
      away boolean not null default false,
      updated_at timestamptz not null
    );

    create table api_tokens (
      id uuid primary key,
      name text not null,
      token_hash text not null unique,
      scopes jsonb not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table idempotency_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null,
      primary key (scope, key)
    );

    create table outbox (
      id bigserial primary key,
      lead_id uuid references leads (id),
      kind text not null,
      payload jsonb not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      available_at timestamptz not null,
      created_at timestamptz not null
    );
    create index outbox_pending on outbox (available_at) where status = 'pending';
  `);
}
