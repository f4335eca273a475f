/** The outbox: effects written in the decision's transaction, dispatched by workers after commit. */
import type { Effect } from '../engine/lead-state.js';
import { defer, query, type Statement, type Tx } from './transaction.js';

/** Outbox rows as JSON for `outboxFromJson`. */
export function outboxJson(items: readonly { leadId: string; effects: readonly Effect[] }[]): string {
  return JSON.stringify(items.flatMap(({ leadId, effects }) => effects.map((e) => ({ lead_id: leadId, kind: e.kind, payload: e.payload }))));
}

/** Inserts the pending outbox rows of `rows` (JSON from outboxJson), available from `now` (SQL expressions). */
export function outboxFromJson(rows: string, now: string): string {
  return `insert into outbox (lead_id, kind, payload, status, attempts, available_at, created_at)
    select lead_id, kind, payload, 'pending', 0, ${now}, ${now} from jsonb_to_recordset(${rows}::jsonb) as o(lead_id uuid, kind text, payload jsonb)`;
}

function outboxInsert(items: { leadId: string; effects: Effect[] }[], now: Date): Statement {
  return { name: 'baton_insert_outbox', sql: outboxFromJson('$1', '$2::timestamptz'), parameters: [outboxJson(items), now.toISOString()] };
}

export async function enqueueEffectsMany(tx: Tx, items: { leadId: string; effects: Effect[] }[], now: Date): Promise<void> {
  if (items.some((i) => i.effects.length > 0)) await query(tx, outboxInsert(items, now));
}

/** The same, sent with the transaction's next statement or its commit. */
export async function deferEffects(tx: Tx, items: { leadId: string; effects: Effect[] }[], now: Date): Promise<void> {
  if (items.some((i) => i.effects.length > 0)) await defer(tx, outboxInsert(items, now));
}
