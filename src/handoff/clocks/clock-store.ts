/** Reads and writes `sla_clocks`; the lead's row lock guards its clocks (every writer takes it first). */
import { sql } from 'kysely';
import type { Tx } from '../../store/transaction.js';
import { clockFromRow, clockToRow, type ClockState } from './clock-state.js';

/** The running clocks (not yet stopped) of these leads, by lead id. The caller holds the leads' locks. */
export async function runningClocks(tx: Tx, leadIds: readonly string[]): Promise<Map<string, ClockState[]>> {
  const byLead = new Map<string, ClockState[]>(leadIds.map((id) => [id, []]));
  if (leadIds.length === 0) return byLead;
  const rows = await tx.selectFrom('sla_clocks').selectAll().where('lead_id', 'in', [...leadIds]).where('stopped_at', 'is', null).orderBy('id').execute();
  for (const row of rows) byLead.get(row.lead_id)?.push(clockFromRow(row));
  return byLead;
}

/** Inserts new clocks (setting their ids) and writes the changed ones, one statement each. */
export async function saveClocks(tx: Tx, clocks: readonly ClockState[]): Promise<void> {
  const fresh = clocks.filter((c) => c.id === undefined);
  const changed = clocks.filter((c) => c.id !== undefined);
  for (let i = 0; i < fresh.length; i += 2_000) {
    const batch = fresh.slice(i, i + 2_000);
    const ids = await tx.insertInto('sla_clocks').values(batch.map(clockToRow)).returning('id').execute();
    ids.forEach((row, j) => (batch[j]!.id = Number(row.id)));
  }
  for (let i = 0; i < changed.length; i += 2_000) {
    const values = changed.slice(i, i + 2_000).map((c) => {
      const r = clockToRow(c);
      return sql`(${c.id}::bigint, ${r.status}::text, ${r.stopped_at}::timestamptz, ${r.elapsed_ms}::bigint, ${r.business_ms}::bigint,
        ${r.next_step}::int, ${r.next_at}::timestamptz)`;
    });
    await sql`
      update sla_clocks set status = v.status, stopped_at = v.stopped_at, elapsed_ms = v.elapsed_ms, business_ms = v.business_ms,
        next_step = v.next_step, next_at = v.next_at
      from (values ${sql.join(values)}) as v(id, status, stopped_at, elapsed_ms, business_ms, next_step, next_at)
      where sla_clocks.id = v.id`.execute(tx);
  }
}

/**
 * Claims up to `limit` due clock rows (and so at most that many leads) due by `now`, locking each lead row and its due clock
 * rows; rows another transaction holds are skipped, not waited for. The lead is listed first so
 * its lock is taken before the clock's: every other writer (rep actions, intake) locks the lead
 * before its clocks, so holding the lead means nobody else holds or waits for its clocks, and a
 * skipped row leaves no clock locked behind.
 */
export async function claimDueLeads(tx: Tx, now: Date, limit: number): Promise<{ leadIds: string[]; rows: number }> {
  const { rows } = await sql<{ lead_id: string }>`
    select l.id as lead_id
    from leads l join sla_clocks c on c.lead_id = l.id
    where c.next_at <= ${now}
    order by c.next_at
    limit ${limit}
    for update of l, c skip locked`.execute(tx);
  return { leadIds: [...new Set(rows.map((r) => r.lead_id))], rows: rows.length };
}
