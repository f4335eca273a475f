/**
 * Weekly volume (weeks start Monday 00:00 UTC): leads created (whole UTC days of the period, from
 * the daily rollup), MQLs and opportunities by the week they qualified, hand-offs with their
 * accept/reject decisions by the week they were handed off (from the period's daily totals).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { dayCeil, weeksOf, weekStart, type Period } from '../period.js';
import type { Counters } from '../rollup/contributions.js';

export interface TrendWeek {
  week: string;
  leads: number;
  mqls: number;
  handed_off: number;
  accepted: number;
  rejected: number;
  opportunities: number;
}

/** The whole UTC days of a period, as YYYY-MM-DD bounds (from inclusive, to exclusive). */
export function wholeDays(period: Period): { from: string; to: string } {
  return { from: dayCeil(period.from).toISOString().slice(0, 10), to: dayCeil(period.to).toISOString().slice(0, 10) };
}

export async function weeklyTrend(db: Kysely<Database>, period: Period, days: ReadonlyMap<string, Counters>): Promise<TrendWeek[]> {
  const whole = wholeDays(period);
  const created = await sql<{ day: string; leads: number }>`
    select d.day, sum(d.created)::int as leads
    from metrics_daily_leads d where d.day >= ${whole.from} and d.day < ${whole.to} group by 1
  `.execute(db);
  const byWeek = new Map<string, TrendWeek>(
    weeksOf(period).map((w) => [w, { week: w, leads: 0, mqls: 0, handed_off: 0, accepted: 0, rejected: 0, opportunities: 0 }]),
  );
  const at = (day: string) => {
    const w = weekStart(new Date(`${day}T00:00:00Z`)).toISOString().slice(0, 10);
    return byWeek.get(w) ?? byWeek.set(w, { week: w, leads: 0, mqls: 0, handed_off: 0, accepted: 0, rejected: 0, opportunities: 0 }).get(w)!;
  };
  for (const [day, c] of days) {
    const w = at(day);
    w.handed_off += c.handed_off;
    w.accepted += c.accepted;
    w.rejected += c.rejected;
    w.mqls += c.mqls;
    w.opportunities += c.opportunity;
  }
  for (const r of created.rows) at(r.day).leads += Number(r.leads);
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}
