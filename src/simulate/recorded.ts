/**
 * Reading recorded history from the store: the leads created in the window and all their events,
 * lead by lead in sequence order (what `historyFromEvents` expects), a thousand leads a query.
 * Events are grouped into decisions by the id of the transaction that wrote them (`tx`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { RecordedEvent } from './history.js';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();


export async function readRecordedEvents(db: Kysely<Database>, since: Date, onProgress?: (leadsRead: number, leads: number) => void): Promise<RecordedEvent[]> {
  const leads = await db.selectFrom('leads').select('id').where('created_at', '>=', since).orderBy('id').execute();
  const events: RecordedEvent[] = [];
  for (let i = 0; i < leads.length; i += 1000) {
    const ids = leads.slice(i, i + 1000).map((l) => l.id);
    const rows = await db
      .selectFrom('lead_events')
      .select(['lead_id', 'seq', 'type', 'occurred_at', 'tx', 'data'])
      .where('lead_id', 'in', ids)
      .orderBy('lead_id')
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      events.push({
        lead_id: row.lead_id,
        seq: row.seq,
        type: row.type,
        occurred_at: iso(row.occurred_at),
        // The writing transaction's id: the events of one decision share it, exactly.
        recorded_at: String(row.tx),
        data: (row.data ?? {}) as Record<string, unknown>,
      });
    }
    onProgress?.(Math.min(i + 1000, leads.length), leads.length);
  }
  return events;
}
