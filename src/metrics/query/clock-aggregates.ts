/**
 * SLA compliance: clocks started in the period, met ÷ due, in total, per clock and per breakdown
 * key in one scan (GROUPING SETS); and the breach list behind it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { clock, cohorts, NONE_KEY, type Dimension } from '../definitions.js';
import type { Period } from '../period.js';

export interface ClockAggregate {
  /** 'total', 'clock' (per clock type) or 'key' (per breakdown key). */
  level: 'total' | 'clock' | 'key';
  name: string | null;
  met: number;
  due: number;
}

export interface Breach {
  lead_id: string;
  email: string | null;
  clock: string;
  rep: string | null;
  started_at: string;
  due_at: string;
  stopped_at: string | null;
  /** How long after the deadline it stopped (or until now, while it runs). */
  late_ms: number;
}

/** Most breaches listed with the metrics; the leads endpoint lists them all (Default: 100). */
export const BREACH_LIST_LIMIT = 100;

export async function clockAggregates(db: Kysely<Database>, period: Period, now: Date, by?: Dimension): Promise<ClockAggregate[]> {
  const key = by ? sql<string>`coalesce(${sql.ref(`c.${by}`)}, ${sql.lit(NONE_KEY)})` : sql<string>`null::text`;
  const sets = by ? sql`grouping sets ((), (c.clock), (${key}))` : sql`grouping sets ((), (c.clock))`;
  const result = await sql<{ clock: string | null; key: string | null; by_clock: number; by_key: number; met: number; due: number }>`
    select c.clock, ${key} as key, grouping(c.clock) as by_clock, ${by ? sql`grouping(${key})` : sql`1`} as by_key,
      (count(*) filter (where ${clock.met}))::int as met,
      (count(*) filter (where ${clock.due(now)}))::int as due
    from metrics_clocks c
    where ${cohorts.clocksStarted(period)}
    group by ${sets}
  `.execute(db);
  const rows: ClockAggregate[] = result.rows.map((r) => {
    const level = Number(r.by_clock) === 0 ? 'clock' : Number(r.by_key) === 0 ? 'key' : 'total';
    return { level, name: level === 'clock' ? r.clock : level === 'key' ? r.key : null, met: Number(r.met), due: Number(r.due) };
  });
  if (!rows.some((r) => r.level === 'total')) rows.push({ level: 'total', name: null, met: 0, due: 0 });
  return rows;
}

export async function breachList(db: Kysely<Database>, period: Period, now: Date, limit = BREACH_LIST_LIMIT): Promise<Breach[]> {
  const result = await sql<{ lead_id: string; email: string | null; clock: string; rep: string | null; started_at: Date; due_at: Date; stopped_at: Date | null }>`
    select c.lead_id, l.email, c.clock, c.rep, c.started_at, c.due_at, c.stopped_at
    from metrics_clocks c left join leads l on l.id = c.lead_id
    where ${cohorts.clocksStarted(period)} and ${clock.breached(now)} and c.status in ('breached', 'open')
    order by c.due_at desc, c.lead_id
    limit ${limit}
  `.execute(db);
  return result.rows.map((r) => ({
    lead_id: r.lead_id,
    email: r.email,
    clock: r.clock,
    rep: r.rep,
    started_at: r.started_at.toISOString(),
    due_at: r.due_at.toISOString(),
    stopped_at: r.stopped_at?.toISOString() ?? null,
    late_ms: (r.stopped_at ?? now).getTime() - r.due_at.getTime(),
  }));
}
