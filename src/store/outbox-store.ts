/** The outbox: effects written in the decision's transaction, dispatched by workers after commit. */
import type { Effect } from '../engine/lead-state.js';
import { json } from './database.js';
import type { Tx } from './transaction.js';

export async function enqueueEffectsMany(tx: Tx, items: { leadId: string; effects: Effect[] }[], now: Date): Promise<void> {
  const rows = items.flatMap(({ leadId, effects }) =>
    effects.map((e) => ({ lead_id: leadId, kind: e.kind, payload: json(e.payload), status: 'pending', attempts: 0, available_at: now, created_at: now })),
  );
  if (rows.length > 0) await tx.insertInto('outbox').values(rows).execute();
}
