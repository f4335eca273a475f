/**
 * Stalled leads, right now: accepted but never attempted, attempted but never connected, open
 * past an SLA deadline of their stage (accept-or-reject while in MQL, first touch once assigned),
 * and in a stage longer than the policy's `stages.max_time` allows (stage-limits.ts).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { stalled, type StalledReason } from '../definitions.js';
import { overAt, overLimit, stageLimits } from './stage-limits.js';

export interface StalledLead {
  lead_id: string;
  email: string | null;
  reason: StalledReason;
  stage: string;
  owner: string | null;
  attempts: number;
  /** Stalled since: accepted, first attempt, the missed deadline, or when the stage's limit ran out. */
  since: string;
  /** over_max_time: the policy's limit for the stage (e.g. 5bd). */
  max_time?: string;
}

export interface StalledAnalysis {
  as_of: string;
  counts: Record<StalledReason, number>;
  /** over_max_time per stage, with the policy's limit. */
  over_max_time: { stage: string; max_time: string; count: number }[];
  leads: StalledLead[];
  hints: string[];
}

/** Most leads listed per reason; counts are complete (Default: 100). */
export const STALLED_LIST_LIMIT = 100;

type Row = Omit<StalledLead, 'since'> & { since: Date };

/** The oldest of each kind; past-SLA ones walk the running clocks by deadline (index metrics_clocks_open). */
async function oldest(db: Kysely<Database>, reason: StalledReason, now: Date, policy: Policy, limit: number): Promise<Row[]> {
  const rows = (query: RawBuilder<Row>) => query.execute(db).then((r) => r.rows);
  if (reason === 'over_sla') {
    return rows(sql<Row>`
      select h.lead_id, l.email, 'over_sla' as reason, h.stage, h.owner, h.attempts, c.due_at as since
      from metrics_clocks c
      join metrics_handoffs h on h.lead_id = c.lead_id and h.episode = c.episode and h.ended_at is null
      left join leads l on l.id = h.lead_id
      where c.stopped_at is null and c.due_at < ${now}
      order by c.due_at, c.lead_id
      limit ${limit * 2}
    `);
  }
  if (reason === 'over_max_time') {
    // Oldest first in each limited stage (the open hand-offs' index is by stage, then stage_at); the caller sorts by when each ran out.
    const limits = stageLimits(policy);
    if (limits.length === 0) return [];
    return rows(sql<Row>`${sql.join(
      limits.map(
        (l) => sql`(select h.lead_id, l.email, 'over_max_time' as reason, h.stage, h.owner, h.attempts, h.stage_at as since
          from metrics_handoffs h left join leads l on l.id = h.lead_id
          where ${overLimit(policy, l, now)} order by h.stage_at, h.lead_id limit ${limit})`,
      ),
      sql` union all `,
    )}`);
  }
  const since = reason === 'accepted_no_attempt' ? sql`h.accepted_at` : sql`h.first_attempt_at`;
  return rows(sql<Row>`
    select h.lead_id, l.email, ${reason} as reason, h.stage, h.owner, h.attempts, ${since} as since
    from metrics_handoffs h left join leads l on l.id = h.lead_id
    where ${stalled[reason](now, policy)}
    order by ${since}, h.lead_id
    limit ${limit}
  `);
}

export async function stalledAnalysis(db: Kysely<Database>, policy: Policy, now: Date, limit = STALLED_LIST_LIMIT): Promise<StalledAnalysis> {
  const reasons = Object.keys(stalled) as StalledReason[];
  const limits = stageLimits(policy);
  const [counts, recycle, overByStage, ...lists] = await Promise.all([
    // One count per kind, each through its own partial index rather than one pass over every open hand-off.
    sql<Record<Exclude<StalledReason, 'over_max_time'>, number>>`
      select ${sql.join(reasons.filter((r) => r !== 'over_max_time').map((r) => sql`(select count(*)::int from metrics_handoffs h where ${stalled[r](now, policy)}) as ${sql.ref(r)}`))}
    `.execute(db),
    sql<{ n: number }>`
      select count(*)::int as n from metrics_handoffs h
      where ${stalled.attempted_not_connected(now, policy)} and h.attempts >= ${Math.max(1, policy.sla.attempts_before_recycle)}
    `.execute(db),
    sql<{ stage: string; n: number }>`select h.stage, count(*)::int as n from metrics_handoffs h where ${stalled.over_max_time(now, policy)} group by 1`.execute(db),
    ...reasons.map((reason) => oldest(db, reason, now, policy, limit)),
  ]);
  const over_max_time = limits.map((l) => ({ stage: l.stage, max_time: l.duration.source, count: Number(overByStage.rows.find((r) => r.stage === l.stage)?.n ?? 0) }));
  const count: Record<StalledReason, number> = {
    ...(counts.rows[0] ?? { accepted_no_attempt: 0, attempted_not_connected: 0, over_sla: 0 }),
    over_max_time: over_max_time.reduce((sum, s) => sum + s.count, 0),
  };
  const hints: string[] = [];
  const toRecycle = recycle.rows[0]?.n ?? 0;
  if (toRecycle > 0) {
    hints.push(
      `${toRecycle} lead${toRecycle === 1 ? ' has' : 's have'} had ${policy.sla.attempts_before_recycle} or more attempts without a connection: recycle them to nurture so marketing can work them again.`,
    );
  }
  if (count.accepted_no_attempt > 0) hints.push(`${count.accepted_no_attempt} accepted lead${count.accepted_no_attempt === 1 ? ' was' : 's were'} never attempted: an accepted lead still needs a first touch.`);
  for (const s of over_max_time.filter((s) => s.count > 0)) {
    hints.push(`${s.count} lead${s.count === 1 ? ' has' : 's have'} been in ${s.stage.toUpperCase()} longer than the ${s.max_time} the policy allows: move ${s.count === 1 ? 'it' : 'them'} on, or back to nurture.`);
  }
  const toLead = (r: Row): StalledLead => {
    const base = { ...r, attempts: Number(r.attempts) };
    if (r.reason !== 'over_max_time') return { ...base, since: new Date(r.since).toISOString() };
    const limit = limits.find((l) => l.stage === r.stage)!;
    return { ...base, since: overAt(policy, limit, r.owner, new Date(r.since)).toISOString(), max_time: limit.duration.source };
  };
  const listed = (rows: readonly Row[]) => {
    const leads = uniqueLeads(rows, Number.MAX_SAFE_INTEGER).map(toLead);
    return leads.sort((a, b) => a.since.localeCompare(b.since) || a.lead_id.localeCompare(b.lead_id)).slice(0, limit);
  };
  return {
    as_of: now.toISOString(),
    counts: count,
    over_max_time,
    leads: lists.flatMap(listed),
    hints,
  };
}

/** A lead with two overdue clocks is listed once, at its first deadline. */
function uniqueLeads<R extends { lead_id: string }>(rows: readonly R[], limit: number): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.lead_id) && seen.add(r.lead_id)).slice(0, limit);
}
