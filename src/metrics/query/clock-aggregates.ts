/**
 * SLA compliance: clocks started in the period, met ÷ due, in total, per clock and per breakdown
 * key (from the rollups: due = met + breached + open − those open ones whose deadline is still
 * ahead); and the breach list behind it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { clock, cohorts } from '../definitions.js';
import type { Period } from '../period.js';
import type { Counters } from '../rollup/contributions.js';

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

export function clockAggregate(level: ClockAggregate['level'], name: string | null, c: Counters, notYetDue: number): ClockAggregate {
  return { level, name, met: c.clocks_met, due: c.clocks_met + c.clocks_breached + c.clocks_open - notYetDue };
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
