/**
 * Starts SLA clocks in the transaction of the intake decision that qualifies or routes a lead:
 * `stage_changed` to mql starts the route clock; `assigned` stops it (met at once when both happen
 * in one decision) and starts the rep's first_touch and accept_or_reject clocks; a queued lead's
 * route clock keeps running until a rep takes it.
 *
 * Intake throughput is benchmarked, so a decision without those events costs one loop over its
 * events, and a batch that does start clocks writes its events, the leads' event counters and the
 * clock rows in one statement, queued for the commit.
 */
import { sql } from 'kysely';
import type { DecisionHook, DecisionRecord } from '../intake/hooks.js';
import { eventRows } from '../store/lead-store.js';
import { defer } from '../store/transaction.js';
import { clockToRow } from './clocks/clock-state.js';
import { runningClocks, saveClocks } from './clocks/clock-store.js';
import { LeadWork } from './lead-work.js';

export const startClocksOnDecision: DecisionHook = async (tx, decisions, running, now) => {
  const works: LeadWork[] = [];
  const needExisting: string[] = [];
  const pending: { decision: DecisionRecord; qualified: boolean; rep: string | undefined }[] = [];
  for (const decision of decisions) {
    let qualified = false;
    let rep: string | undefined;
    for (const event of decision.events) {
      if (event.type === 'stage_changed' && event.data.to === 'mql') qualified = true;
      else if (event.type === 'assigned') rep = event.data.rep as string;
    }
    if (!qualified && !rep) continue;
    // Routed without qualifying in this decision: a route clock may already be running.
    if (!qualified) needExisting.push(decision.lead.id);
    pending.push({ decision, qualified, rep });
  }
  if (pending.length === 0) return;

  const existing = await runningClocks(tx, needExisting);
  for (const { decision, qualified, rep } of pending) {
    const work = new LeadWork(decision.lead, existing.get(decision.lead.id) ?? [], running, now, 'system');
    if (qualified) work.start('route', undefined);
    if (rep) {
      work.stopFor('assigned');
      work.start('first_touch', rep);
      work.start('accept_or_reject', rep);
    }
    works.push(work);
  }
  await writeClockStarts(tx, works, now);
};

async function writeClockStarts(tx: Parameters<DecisionHook>[0], works: readonly LeadWork[], now: Date): Promise<void> {
  const events = works.flatMap((w) => eventRows(w.lead, w.events, now));
  const inserts = works.flatMap((w) => w.changedClocks().filter((c) => c.id === undefined).map(clockToRow));
  const updates = works.flatMap((w) => w.changedClocks().filter((c) => c.id !== undefined));
  const seqs = works.map((w) => sql`(${w.lead.id}::uuid, ${w.lead.event_seq + w.events.length}::int)`);
  // Nobody reads its result: it goes out with the commit, so a routed lead's transaction is one
  // batch from the routing check to COMMIT and holds the routing rows' locks only while it runs.
  const { sql: text, parameters } = sql`
    with e as (${tx.insertInto('lead_events').values(events)}),
         c as (${tx.insertInto('sla_clocks').values(inserts)})
    update leads set event_seq = v.seq from (values ${sql.join(seqs)}) as v(id, seq) where leads.id = v.id`.compile(tx);
  await defer(tx, { sql: text, parameters });
  for (const work of works) work.lead.event_seq += work.events.length;
  // Rare: a route clock already running, stopped by this assignment.
  if (updates.length > 0) await saveClocks(tx, updates);
}
