/** The leak list: open MQLs with no owner, and owned ones with no first contact attempt, oldest first. */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../store/database.js';
import { leaks, type LeakReason } from '../definitions.js';

export interface Leak {
  lead_id: string;
  email: string | null;
  reason: LeakReason;
  /** Waiting since: queued (or qualified) for no_owner, handed off for no_first_touch. */
  since: string;
  owner: string | null;
}

/** Most leaks listed with the metrics; counts are always complete (Default: 100). */
export const LEAK_LIST_LIMIT = 100;

export async function leakList(db: Kysely<Database>, limit = LEAK_LIST_LIMIT): Promise<{ leaks: Leak[]; counts: Record<LeakReason, number> }> {
  // One ordered, limited query per reason, each served by its partial index (migration 004).
  const since: Record<LeakReason, RawBuilder<Date>> = { no_owner: sql`coalesce(h.queued_at, h.mql_at)`, no_first_touch: sql`h.assigned_at` };
  const reasons = Object.keys(leaks) as LeakReason[];
  const [lists, counts] = await Promise.all([
    Promise.all(
      reasons.map((reason) =>
        sql<{ lead_id: string; email: string | null; since: Date; owner: string | null }>`
          select h.lead_id, l.email, ${since[reason]} as since, h.owner
          from metrics_handoffs h left join leads l on l.id = h.lead_id
          where ${leaks[reason]}
          order by ${since[reason]}, h.lead_id
          limit ${limit}
        `.execute(db),
      ),
    ),
    Promise.all(reasons.map((reason) => sql<{ n: number }>`select count(*)::int as n from metrics_handoffs h where ${leaks[reason]}`.execute(db))),
  ]);
  const all = lists.flatMap((list, i) => list.rows.map((r) => ({ lead_id: r.lead_id, email: r.email, reason: reasons[i]!, since: r.since.toISOString(), owner: r.owner })));
  all.sort((a, b) => a.since.localeCompare(b.since) || a.lead_id.localeCompare(b.lead_id));
  return {
    leaks: all.slice(0, limit),
    counts: Object.fromEntries(reasons.map((reason, i) => [reason, counts[i]!.rows[0]?.n ?? 0])) as Record<LeakReason, number>,
  };
}
