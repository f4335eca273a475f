/**
 * The open SLA clocks of a batch of leads, read from the lead event log (`clock_started` and
 * `clock_stopped`, src/engine/handoff-events.ts) in one query, rather than one `leadClocks` call
 * per lead: under load a fan-out batch holds dozens of leads, and one round trip per lead made
 * the deadlines the slowest part of a notification.
 */
import type { Kysely } from 'kysely';
import type { HandoffEventData } from '../engine/handoff-events.js';
import type { Database } from '../store/database.js';

export interface OpenClock {
  clock: string;
  rep: string | null;
  due_at: string;
}

type ClockEvent =
  | { type: 'clock_started'; data: HandoffEventData['clock_started'] }
  | { type: 'clock_stopped'; data: HandoffEventData['clock_stopped'] };

/** Clocks started and not stopped since, in the order the events happened. */
export function openClocks(events: readonly ClockEvent[]): OpenClock[] {
  const open = new Map<string, OpenClock>();
  for (const event of events) {
    const key = `${event.data.clock}/${event.data.rep ?? ''}`;
    if (event.type === 'clock_started') open.set(key, { clock: event.data.clock, rep: event.data.rep ?? null, due_at: event.data.due_at });
    else open.delete(key);
  }
  return [...open.values()];
}

export async function openClocksOf(db: Kysely<Database>, leadIds: readonly string[]): Promise<Map<string, OpenClock[]>> {
  const result = new Map<string, OpenClock[]>();
  if (leadIds.length === 0) return result;
  const rows = await db
    .selectFrom('lead_events')
    .select(['lead_id', 'type', 'data'])
    .where('lead_id', 'in', [...leadIds])
    .where('type', 'in', ['clock_started', 'clock_stopped'])
    .orderBy('lead_id')
    .orderBy('seq')
    .execute();
  const byLead = new Map<string, ClockEvent[]>();
  for (const row of rows) byLead.set(row.lead_id, [...(byLead.get(row.lead_id) ?? []), { type: row.type, data: row.data } as ClockEvent]);
  for (const [leadId, events] of byLead) result.set(leadId, openClocks(events));
  return result;
}
