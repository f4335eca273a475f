import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/** Visitors, sites, forms and their analytics. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table tracking_visitors (
      id uuid primary key,
      site text not null,
      lead_id uuid references leads (id),
      merged_into uuid,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      identified_at timestamptz,
      first_touch jsonb
    );
    create index tracking_visitors_lead on tracking_visitors (lead_id) where lead_id is not null;

    create table tracking_activity (
      id bigserial primary key,
      visitor_id uuid not null,
      site text not null,
      type text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      url text,
      title text,
      properties jsonb,
      lead_id uuid,
      stitched_at timestamptz
    );
    create index tracking_activity_visitor on tracking_activity (visitor_id, occurred_at);
    create index tracking_activity_unstitched on tracking_activity (occurred_at) where stitched_at is null;

    create table tracking_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null
    );

    create table form_views (
      id uuid primary key,
      form_id text not null,
      visitor_id uuid,
      fields jsonb not null,
      viewed_at timestamptz not null,
      started_at timestamptz,
      touched jsonb not null default '[]',
      filled jsonb not null default '[]',
      last_field text,
      submitted_at timestamptz
    );
    create index form_views_form on form_views (form_id, viewed_at);

    create table form_submissions (
      id uuid primary key,
      form_id text not null,
      view_id uuid,
      visitor_id uuid,
      lead_id uuid references leads (id),
      outcome text not null,
      answers jsonb not null,
      consented boolean not null,
      consent_text text,
      received_at timestamptz not null
    );
    create index form_submissions_form on form_submissions (form_id, received_at);
  `);
}
