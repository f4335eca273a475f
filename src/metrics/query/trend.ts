/**
 * Weekly volume (weeks start Monday 00:00 UTC): leads created (whole UTC days of the period, from
 * the daily rollup), MQLs and opportunities by the week they qualified, hand-offs with their
 * accept/reject decisions by the week they were handed off.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { cohorts, handoff } from '../definitions.js';
import { dayCeil, weeksOf, type Period } from '../period.js';

export interface TrendWeek {
  week: string;
  leads: number;
  mqls: number;
  handed_off: number;
  accepted: number;
  rejected: number;
  opportunities: number;
}

const week = (column: string) => sql<string>`to_char(date_trunc('week', ${sql.ref(column)} at time zone 'UTC'), 'YYYY-MM-DD')`;

/** The whole UTC days of a period, as YYYY-MM-DD bounds (from inclusive, to exclusive). */
export function wholeDays(period: Period): { from: string; to: string } {
  return { from: dayCeil(period.from).toISOString().slice(0, 10), to: dayCeil(period.to).toISOString().slice(0, 10) };
}

export async function weeklyTrend(db: Kysely<Database>, period: Period): Promise<TrendWeek[]> {
  const days = wholeDays(period);
  const [handed, qualified, created] = await Promise.all([
    sql<{ week: string; handed_off: number; accepted: number; rejected: number }>`
      select ${week('h.assigned_at')} as week, count(*)::int as handed_off,
        (count(*) filter (where ${handoff.accepted}))::int as accepted,
        (count(*) filter (where ${handoff.rejected}))::int as rejected
      from metrics_handoffs h where ${cohorts.handedOff(period)} group by 1
    `.execute(db),
    sql<{ week: string; mqls: number; opportunities: number }>`
      select ${week('h.mql_at')} as week, count(*)::int as mqls,
        (count(*) filter (where ${handoff.reachedOpportunity}))::int as opportunities
      from metrics_handoffs h where ${cohorts.qualified(period)} group by 1
    `.execute(db),
    sql<{ week: string; leads: number }>`
      select to_char(date_trunc('week', d.day::date), 'YYYY-MM-DD') as week, sum(d.created)::int as leads
      from metrics_daily_leads d where d.day >= ${days.from} and d.day < ${days.to} group by 1
    `.execute(db),
  ]);
  const byWeek = new Map<string, TrendWeek>(
    weeksOf(period).map((w) => [w, { week: w, leads: 0, mqls: 0, handed_off: 0, accepted: 0, rejected: 0, opportunities: 0 }]),
  );
  const at = (w: string) => byWeek.get(w) ?? byWeek.set(w, { week: w, leads: 0, mqls: 0, handed_off: 0, accepted: 0, rejected: 0, opportunities: 0 }).get(w)!;
  for (const r of handed.rows) Object.assign(at(r.week), { handed_off: r.handed_off, accepted: r.accepted, rejected: r.rejected });
  for (const r of qualified.rows) Object.assign(at(r.week), { mqls: r.mqls, opportunities: r.opportunities });
  for (const r of created.rows) at(r.week).leads = r.leads;
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}
