/** The leak list: open MQLs with no owner, and owned ones with no first contact attempt, oldest first. */
import { sql, type Kysely } from 'kysely';
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
  const since = sql<Date>`case when ${leaks.no_owner} then coalesce(h.queued_at, h.mql_at) else h.assigned_at end`;
  const [list, counts] = await Promise.all([
    sql<{ lead_id: string; email: string | null; reason: LeakReason; since: Date; owner: string | null }>`
      select h.lead_id, l.email, case when ${leaks.no_owner} then 'no_owner' else 'no_first_touch' end as reason, ${since} as since, h.owner
      from metrics_handoffs h left join leads l on l.id = h.lead_id
      where (${leaks.no_owner}) or (${leaks.no_first_touch})
      order by 4, 1
      limit ${limit}
    `.execute(db),
    sql<{ no_owner: number; no_first_touch: number }>`
      select (count(*) filter (where ${leaks.no_owner}))::int as no_owner, (count(*) filter (where ${leaks.no_first_touch}))::int as no_first_touch
      from metrics_handoffs h where h.ended_at is null
    `.execute(db),
  ]);
  return {
    leaks: list.rows.map((r) => ({ ...r, since: r.since.toISOString() })),
    counts: counts.rows[0] ?? { no_owner: 0, no_first_touch: 0 },
  };
}
