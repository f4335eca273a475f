/**
 * Stalled leads, right now: accepted but never attempted, attempted but never connected, and
 * open past an SLA deadline of their stage (accept-or-reject while in MQL, first touch once
 * assigned). The policy has no other per-stage time limit yet; see docs/metrics.md.
 */
import { sql, type Kysely } from 'kysely';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { stalled, type StalledReason } from '../definitions.js';

export interface StalledLead {
  lead_id: string;
  email: string | null;
  reason: StalledReason;
  stage: string;
  owner: string | null;
  attempts: number;
  /** Stalled since: accepted, first attempt, or the missed deadline. */
  since: string;
}

export interface StalledAnalysis {
  as_of: string;
  counts: Record<StalledReason, number>;
  leads: StalledLead[];
  hints: string[];
}

/** Most leads listed per reason; counts are complete (Default: 100). */
export const STALLED_LIST_LIMIT = 100;

/** The oldest of each kind; past-SLA ones walk the running clocks by deadline (index metrics_clocks_open). */
function oldest(reason: StalledReason, now: Date, limit: number) {
  if (reason === 'over_sla') {
    return sql<Omit<StalledLead, 'since'> & { since: Date }>`
      select h.lead_id, l.email, 'over_sla' as reason, h.stage, h.owner, h.attempts, c.due_at as since
      from metrics_clocks c
      join metrics_handoffs h on h.lead_id = c.lead_id and h.episode = c.episode and h.ended_at is null
      left join leads l on l.id = h.lead_id
      where c.stopped_at is null and c.due_at < ${now}
      order by c.due_at, c.lead_id
      limit ${limit * 2}
    `;
  }
  const since = reason === 'accepted_no_attempt' ? sql`h.accepted_at` : sql`h.first_attempt_at`;
  return sql<Omit<StalledLead, 'since'> & { since: Date }>`
    select h.lead_id, l.email, ${reason} as reason, h.stage, h.owner, h.attempts, ${since} as since
    from metrics_handoffs h left join leads l on l.id = h.lead_id
    where ${stalled[reason]()}
    order by ${since}, h.lead_id
    limit ${limit}
  `;
}

export async function stalledAnalysis(db: Kysely<Database>, policy: Policy, now: Date, limit = STALLED_LIST_LIMIT): Promise<StalledAnalysis> {
  const reasons = Object.keys(stalled) as StalledReason[];
  const [counts, recycle, ...lists] = await Promise.all([
    // One count per kind, each through its own partial index rather than one pass over every open hand-off.
    sql<Record<StalledReason, number>>`
      select ${sql.join(reasons.map((r) => sql`(select count(*)::int from metrics_handoffs h where ${stalled[r](now)}) as ${sql.ref(r)}`))}
    `.execute(db),
    sql<{ n: number }>`
      select count(*)::int as n from metrics_handoffs h
      where ${stalled.attempted_not_connected()} and h.attempts >= ${Math.max(1, policy.sla.attempts_before_recycle)}
    `.execute(db),
    ...reasons.map((reason) => oldest(reason, now, limit).execute(db)),
  ]);
  const count = counts.rows[0] ?? { accepted_no_attempt: 0, attempted_not_connected: 0, over_sla: 0 };
  const hints: string[] = [];
  const toRecycle = recycle.rows[0]?.n ?? 0;
  if (toRecycle > 0) {
    hints.push(
      `${toRecycle} lead${toRecycle === 1 ? ' has' : 's have'} had ${policy.sla.attempts_before_recycle} or more attempts without a connection: recycle them to nurture so marketing can work them again.`,
    );
  }
  if (count.accepted_no_attempt > 0) hints.push(`${count.accepted_no_attempt} accepted lead${count.accepted_no_attempt === 1 ? ' was' : 's were'} never attempted: an accepted lead still needs a first touch.`);
  return {
    as_of: now.toISOString(),
    counts: count,
    leads: lists.flatMap((l) => uniqueLeads(l.rows, limit).map((r) => ({ ...r, attempts: Number(r.attempts), since: new Date(r.since).toISOString() }))),
    hints,
  };
}

/** A lead with two overdue clocks is listed once, at its first deadline. */
function uniqueLeads<R extends { lead_id: string }>(rows: readonly R[], limit: number): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.lead_id) && seen.add(r.lead_id)).slice(0, limit);
}
