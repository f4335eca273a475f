/**
 * The leads behind any number on the dashboard and in the analyses: the same cohort and bucket
 * predicates the aggregates count (definitions.ts), so the list's total equals the number.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import {
  clock,
  cohorts,
  dimensionIs,
  FUNNEL_STAGES,
  funnelReached,
  handoff,
  leaks,
  RESPONSE_BUCKETS,
  stalled,
  between,
  type HandoffDimension,
  type Predicate,
} from '../definitions.js';
import { dayCeil, type Period } from '../period.js';

type Source = 'handoffs' | 'clocks' | 'leads';
interface ListDefinition {
  source: Source;
  /** Which rows of the period; undefined: open work right now, whatever the period. */
  cohort?: (period: Period) => Predicate;
  buckets: Record<string, (now: Date, policy: Policy) => Predicate>;
}

const always = () => sql<boolean>`true`;
const fixed = (p: Predicate) => () => p;

export const LEAD_LISTS: Record<string, ListDefinition> = {
  acceptance_rate: {
    source: 'handoffs',
    cohort: cohorts.handedOff,
    buckets: { handed_off: always, decided: fixed(handoff.decided), accepted: fixed(handoff.accepted), rejected: fixed(handoff.rejected) },
  },
  response_time: {
    source: 'handoffs',
    cohort: cohorts.handedOff,
    buckets: { attempted: fixed(handoff.attempted), ...Object.fromEntries(Object.entries(RESPONSE_BUCKETS).map(([k, p]) => [k, fixed(p)])) },
  },
  mql_to_opportunity: {
    source: 'handoffs',
    cohort: cohorts.qualified,
    buckets: { mqls: always, opportunities: fixed(handoff.reachedOpportunity) },
  },
  funnel: { source: 'handoffs', cohort: cohorts.qualified, buckets: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, fixed(funnelReached[s])])) },
  conversion: { source: 'handoffs', cohort: cohorts.qualified, buckets: Object.fromEntries(FUNNEL_STAGES.map((s) => [s, fixed(funnelReached[s])])) },
  sla_compliance: { source: 'clocks', cohort: cohorts.clocksStarted, buckets: { due: clock.due, met: fixed(clock.met), breached: clock.breached } },
  leaks: { source: 'handoffs', buckets: { no_owner: fixed(leaks.no_owner), no_first_touch: fixed(leaks.no_first_touch) } },
  stalled: { source: 'handoffs', buckets: stalled },
  rejections: { source: 'handoffs', cohort: cohorts.handedOff, buckets: { rejected: fixed(handoff.rejected) } },
  trend: {
    source: 'handoffs',
    buckets: {
      mqls: always,
      opportunities: fixed(handoff.reachedOpportunity),
      handed_off: always,
      accepted: fixed(handoff.accepted),
      rejected: fixed(handoff.rejected),
      leads: always,
    },
  },
};

export interface LeadListRequest {
  metric: string;
  bucket: string;
  period: Period;
  now: Date;
  /** The running policy (stalled: the stage limits). */
  policy: Policy;
  by?: HandoffDimension;
  key?: string;
  /** sla_compliance: one clock type. */
  clock?: string;
  /** rejections: one reason code. */
  reason?: string;
  /** trend: the week (its Monday, YYYY-MM-DD). */
  week?: string;
  limit: number;
  offset: number;
}

export interface ListedLead {
  id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  stage: string | null;
  owner: string | null;
  priority: string | null;
  total_score: number | null;
  /** When it entered the list: handed off, qualified, clock started or created. */
  at: string;
  rep?: string | null;
  clock?: string;
  due_at?: string;
  reason?: string | null;
}

/** Why a request names no list (for a 400 naming the allowed values), or undefined. */
export function leadListProblem(metric: string, bucket: string): { path: string; message: string } | undefined {
  const list = LEAD_LISTS[metric];
  if (!list) return { path: 'metric', message: `expected one of ${Object.keys(LEAD_LISTS).join(', ')}` };
  if (!(bucket in list.buckets)) return { path: 'bucket', message: `for ${metric}, expected one of ${Object.keys(list.buckets).join(', ')}` };
  return undefined;
}

export async function listMetricLeads(db: Kysely<Database>, r: LeadListRequest): Promise<{ total: number; leads: ListedLead[] }> {
  const list = LEAD_LISTS[r.metric]!;
  const source: Source = r.metric === 'trend' && r.bucket === 'leads' ? 'leads' : list.source;
  const alias = source === 'clocks' ? 'c' : 'h';
  const conditions: Predicate[] = [list.buckets[r.bucket]!(r.now, r.policy)];
  if (list.cohort) conditions.push(list.cohort(r.period));
  if (r.metric === 'trend') conditions.push(trendWeek(r, source));
  if (r.by && r.key !== undefined && source !== 'leads') conditions.push(dimensionIs(alias, r.by, r.key));
  if (r.clock && source === 'clocks') conditions.push(sql<boolean>`c.clock = ${r.clock}`);
  if (r.reason && r.metric === 'rejections') conditions.push(sql<boolean>`h.reject_reason = ${r.reason}`);
  const where = sql.join(conditions, sql` and `);
  const { from, at, extra } = SOURCES[source];
  const [count, rows] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n from ${from} where ${where}`.execute(db),
    sql<Record<string, unknown>>`
      select l.id, l.email, l.stage, l.owner, l.priority, l.total_score,
        nullif(trim(concat_ws(' ', l.profile->>'first_name', l.profile->>'last_name')), '') as name,
        l.profile->'company'->>'name' as company, ${at} as at ${extra}
      from ${from} left join leads l on l.id = ${sql.ref(`${alias}.lead_id`)}
      where ${where}
      order by ${at}, l.id
      limit ${r.limit} offset ${r.offset}
    `.execute(db),
  ]);
  return { total: count.rows[0]?.n ?? 0, leads: rows.rows.map(toListed) };
}

const SOURCES: Record<Source, { from: RawBuilder<unknown>; at: RawBuilder<unknown>; extra: RawBuilder<unknown> }> = {
  handoffs: {
    from: sql`metrics_handoffs h`,
    at: sql`coalesce(h.assigned_at, h.mql_at)`,
    extra: sql`, h.rep, h.reject_reason as reason, h.lead_id`,
  },
  clocks: { from: sql`metrics_clocks c`, at: sql`c.started_at`, extra: sql`, c.rep, c.clock, c.due_at, c.lead_id` },
  leads: { from: sql`metrics_leads h`, at: sql`h.created_at`, extra: sql`, h.lead_id` },
};

/** The trend's buckets count by week: hand-offs by hand-off week, MQLs by qualification, leads by whole UTC days. */
function trendWeek(r: LeadListRequest, source: Source): Predicate {
  const start = new Date(`${r.week ?? '1970-01-05'}T00:00:00Z`);
  const week = { from: start, to: new Date(start.getTime() + 7 * 86_400_000) };
  const clip = (p: Period): Period => ({ from: new Date(Math.max(p.from.getTime(), week.from.getTime())), to: new Date(Math.min(p.to.getTime(), week.to.getTime())) });
  if (source === 'leads') return between('h.created_at', clip({ from: dayCeil(r.period.from), to: dayCeil(r.period.to) }));
  const byHandoff = ['handed_off', 'accepted', 'rejected'].includes(r.bucket);
  return between(byHandoff ? 'h.assigned_at' : 'h.mql_at', clip(r.period));
}

function toListed(row: Record<string, unknown>): ListedLead {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  const id = (row.id ?? row.lead_id) as string;
  return {
    id,
    email: (row.email as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    company: (row.company as string | null) ?? null,
    stage: (row.stage as string | null) ?? null,
    owner: (row.owner as string | null) ?? null,
    priority: (row.priority as string | null) ?? null,
    total_score: row.total_score === null || row.total_score === undefined ? null : Number(row.total_score),
    at: iso(row.at),
    ...('rep' in row ? { rep: (row.rep as string | null) ?? null } : {}),
    ...(row.clock ? { clock: row.clock as string } : {}),
    ...(row.due_at ? { due_at: iso(row.due_at) } : {}),
    ...('reason' in row ? { reason: (row.reason as string | null) ?? null } : {}),
  };
}
