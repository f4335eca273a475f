import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Commit order for lead events, so readers can follow the log without missing a row: `id` is
 * taken at insert, but transactions commit in another order, so a reader that stops at the
 * highest id it saw can skip a row committed later with a lower id. `tx` is the writing
 * transaction's id; a reader takes rows only from transactions older than every one still
 * running (pg_snapshot_xmin), which are all settled. See src/store/event-tail.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    alter table lead_events add column tx xid8 not null default pg_current_xact_id();
    create index lead_events_tx on lead_events (tx, id);

    create table event_cursors (
      name text primary key,
      tx xid8 not null default '0',
      last_id bigint not null default 0,
      updated_at timestamptz not null
    );
  `);
}
