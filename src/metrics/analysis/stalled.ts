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

const SINCE: Record<StalledReason, (now: Date) => ReturnType<typeof sql>> = {
  accepted_no_attempt: () => sql`h.accepted_at`,
  attempted_not_connected: () => sql`h.first_attempt_at`,
  over_sla: (now) =>
    sql`(select min(c.due_at) from metrics_clocks c where c.lead_id = h.lead_id and c.episode = h.episode and c.stopped_at is null and c.due_at < ${now})`,
};

export async function stalledAnalysis(db: Kysely<Database>, policy: Policy, now: Date, limit = STALLED_LIST_LIMIT): Promise<StalledAnalysis> {
  const reasons = Object.keys(stalled) as StalledReason[];
  const [counts, recycle, ...lists] = await Promise.all([
    sql<Record<StalledReason, number>>`
      select ${sql.join(reasons.map((r) => sql`(count(*) filter (where ${stalled[r](now)}))::int as ${sql.ref(r)}`))}
      from metrics_handoffs h where h.ended_at is null
    `.execute(db),
    sql<{ n: number }>`
      select count(*)::int as n from metrics_handoffs h
      where ${stalled.attempted_not_connected()} and h.attempts >= ${Math.max(1, policy.sla.attempts_before_recycle)}
    `.execute(db),
    ...reasons.map((reason) =>
      sql<Omit<StalledLead, 'since'> & { since: Date }>`
        select h.lead_id, l.email, ${reason} as reason, h.stage, h.owner, h.attempts, ${SINCE[reason](now)} as since
        from metrics_handoffs h left join leads l on l.id = h.lead_id
        where ${stalled[reason](now)}
        order by since, h.lead_id
        limit ${limit}
      `.execute(db),
    ),
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
    leads: lists.flatMap((l) => l.rows.map((r) => ({ ...r, attempts: Number(r.attempts), since: new Date(r.since).toISOString() }))),
    hints,
  };
}
