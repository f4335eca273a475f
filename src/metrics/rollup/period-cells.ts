/**
 * How a period is read from the rollups: whole UTC days from the daily rows (whole calendar months
 * from the monthly histogram rows), and the parts of days at either end from the hand-off and
 * clock rows themselves, so any instant can start or end a period and every figure stays exact.
 */
import { dayCeil, type Period } from '../period.js';

const DAY_MS = 86_400_000;

/** A range of days, YYYY-MM-DD, from inclusive, to exclusive. */
export interface DayRange {
  from: string;
  to: string;
}

export interface PeriodCells {
  /** Parts of days (at most two), read from rows. */
  edges: Period[];
  /** The whole days, or null when the period holds none. */
  days: DayRange | null;
  /** The whole days split for histograms: calendar months (first day, YYYY-MM-01) and the days outside them. */
  months: string[];
  monthEdgeDays: DayRange[];
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const dayFloor = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

export function periodCells(period: Period): PeriodCells {
  const first = dayCeil(period.from);
  const end = dayFloor(period.to);
  if (first >= end) return { edges: [period], days: null, months: [], monthEdgeDays: [] };
  const edges: Period[] = [];
  if (period.from < first) edges.push({ from: period.from, to: first });
  if (end < period.to) edges.push({ from: end, to: period.to });
  const days = { from: dayOf(first), to: dayOf(end) };
  const firstMonth = first.getUTCDate() === 1 ? first : monthStart(first.getUTCFullYear(), first.getUTCMonth() + 1);
  const endMonth = monthStart(end.getUTCFullYear(), end.getUTCMonth());
  if (firstMonth >= endMonth) return { edges, days, months: [], monthEdgeDays: [days] };
  const months: string[] = [];
  for (let m = firstMonth; m < endMonth; m = monthStart(m.getUTCFullYear(), m.getUTCMonth() + 1)) months.push(dayOf(m));
  const monthEdgeDays = [
    { from: days.from, to: dayOf(firstMonth) },
    { from: dayOf(endMonth), to: days.to },
  ].filter((r) => r.from < r.to);
  return { edges, days, months, monthEdgeDays };
}
