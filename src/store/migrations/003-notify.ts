import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Notification deliveries, channel health, rep preferences and API-added webhook endpoints; and
 * a NOTIFY on every outbox insert, so dispatchers in other processes wake at once (one per
 * statement, not per row: a batch of activity wakes them once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table notify_deliveries (
      id bigserial primary key,
      idempotency_key text not null unique,
      channel text not null,
      recipient text not null,
      lead_id uuid references leads (id),
      message text not null,
      outbox_id bigint,
      event_id bigint,
      content jsonb not null,
      status text not null,
      attempts integer not null default 0,
      last_error text,
      due_at timestamptz not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      sent_at timestamptz
    );
    create index notify_deliveries_due on notify_deliveries (due_at) where status in ('pending', 'failed', 'sending');
    create index notify_deliveries_status on notify_deliveries (status, created_at desc);
    create index notify_deliveries_lead on notify_deliveries (lead_id);

    create table notify_channel_health (
      channel text primary key,
      consecutive_failures integer not null default 0,
      failing boolean not null default false,
      last_success_at timestamptz,
      last_failure_at timestamptz,
      last_error text,
      updated_at timestamptz not null
    );

    create table notify_preferences (
      rep text primary key,
      channels jsonb not null,
      quiet_hours jsonb,
      slack_user text,
      updated_at timestamptz not null,
      updated_by text not null
    );

    create table notify_webhook_endpoints (
      id text primary key,
      url text not null,
      secret text not null,
      events jsonb not null,
      description text,
      created_at timestamptz not null,
      disabled_at timestamptz
    );

    create index outbox_claimable on outbox (available_at) where status in ('pending', 'dispatching');

    -- One line: runStatements splits at a semicolon that ends a line.
    create function baton_outbox_notify() returns trigger language plpgsql as $$ begin perform pg_notify('baton_outbox', ''); return null; end $$;

    create trigger outbox_notify after insert on outbox for each statement execute function baton_outbox_notify();
  `);
}
