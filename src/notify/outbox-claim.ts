/**
 * Claiming outbox rows for fan-out. A claim is a short lease, not a long transaction: rows move
 * to `dispatching` with `available_at` at the lease's end and the claim commits at once, so
 * rendering (lead reads, clocks, links) holds no lock and no connection (the embedded database
 * has only one). The fan-out then writes the deliveries and marks the rows `dispatched` in one
 * statement; a process that dies in between leaves rows whose lease runs out and another process
 * fans them out again, creating nothing twice because delivery keys are unique.
 */
import { sql, type Kysely, type QueryCreator } from 'kysely';
import { json, type Database } from '../store/database.js';
import type { NotifyDeliveryTable } from './tables.js';
import type { Insertable } from 'kysely';

export interface ClaimedOutboxRow {
  id: string;
  lead_id: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/** Lease for a claimed outbox row (Default: 60 s). */
export const OUTBOX_LEASE_MS = 60_000;
/** After this many claims a row that keeps failing to fan out is set aside as `failed`. */
export const OUTBOX_MAX_CLAIMS = 10;

export async function claimOutbox(db: Kysely<Database>, now: Date, limit: number): Promise<ClaimedOutboxRow[]> {
  const leaseEnd = new Date(now.getTime() + OUTBOX_LEASE_MS);
  const result = await sql<ClaimedOutboxRow>`
    update outbox o set status = 'dispatching', available_at = ${leaseEnd}, attempts = o.attempts + 1
    where o.id in (
      select id from outbox
      where status in ('pending', 'dispatching') and available_at <= ${now}
      order by id
      limit ${limit}
      for update skip locked
    )
    returning o.id::text as id, o.lead_id, o.kind, o.payload, o.attempts, o.created_at
  `.execute(db);
  return result.rows.sort((a, b) => Number(a.id) - Number(b.id));
}

export type NewDelivery = Insertable<NotifyDeliveryTable>;

export interface InsertedDelivery {
  id: string;
  idempotency_key: string;
}

/** Writes the deliveries (skipping keys that exist) and marks the outbox rows dispatched, in one statement. */
export async function insertDeliveries(db: Kysely<Database>, deliveries: readonly NewDelivery[], dispatchedOutboxIds: readonly string[] = []): Promise<InsertedDelivery[]> {
  const ids = sql.join(dispatchedOutboxIds.map((id) => sql`${id}::bigint`));
  if (deliveries.length === 0) {
    if (dispatchedOutboxIds.length > 0) await sql`update outbox set status = 'dispatched' where id in (${ids})`.execute(db);
    return [];
  }
  const insert = (qc: QueryCreator<Database>) =>
    qc
      .insertInto('notify_deliveries')
      .values([...deliveries])
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning([sql<string>`id::text`.as('id'), 'idempotency_key']);
  if (dispatchedOutboxIds.length === 0) return insert(db).execute();
  const marking = db.with('marked', (qc) => qc.updateTable('outbox').set({ status: 'dispatched' }).where(sql<boolean>`id in (${ids})`));
  return insert(marking as unknown as QueryCreator<Database>).execute();
}

/** Rows that failed to fan out too often are set aside (status failed) so they stop blocking the log. */
export async function setAsideOutbox(db: Kysely<Database>, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update outbox set status = 'failed', payload = payload || ${json({ fan_out_error: error })}::jsonb
    where id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})
  `.execute(db);
}

/** Rows about events too old to tell anyone about (an outage, imported history): marked, not sent. */
export async function markStale(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update outbox set status = 'stale' where id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})`.execute(db);
}
