/**
 * Periods for metrics and reports: `from` inclusive, `to` exclusive, in UTC. A date alone means
 * that whole UTC day, so `--from 2026-10-01 --to 2026-10-31` covers all of October. A month
 * (`2026-10`) is the calendar month in UTC.
 */
import type { FieldIssue } from '../errors/baton-error.js';

export interface Period {
  from: Date;
  to: Date;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** Default length of a period when `from` is not given (Default: 30 days). */
export const DEFAULT_DAYS = 30;

export type PeriodResult = { ok: true; period: Period } | { ok: false; issues: FieldIssue[] };

export function parsePeriod(input: { from?: string | undefined; to?: string | undefined }, now: Date): PeriodResult {
  const issues: FieldIssue[] = [];
  const from = input.from === undefined ? undefined : parseInstant(input.from, 'start');
  const to = input.to === undefined ? undefined : parseInstant(input.to, 'end');
  if (from === null) issues.push({ path: 'from', message: `expected a date (2026-10-01) or an ISO 8601 date-time, got "${input.from}"` });
  if (to === null) issues.push({ path: 'to', message: `expected a date (2026-10-31) or an ISO 8601 date-time, got "${input.to}"` });
  if (issues.length > 0) return { ok: false, issues };
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_DAYS * DAY_MS);
  if (start >= end) return { ok: false, issues: [{ path: 'from', message: `must be before "to" (${end.toISOString()})` }] };
  return { ok: true, period: { from: start, to: end } };
}

/** A date is the start of its day (`start`) or the start of the next day (`end`); null if unreadable. */
function parseInstant(text: string, side: 'start' | 'end'): Date | null {
  if (DATE.test(text)) {
    const day = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return null;
    return side === 'end' ? new Date(day.getTime() + DAY_MS) : day;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

export function parseMonth(text: string): Period | undefined {
  const match = MONTH.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

export function previousMonth(month: Period): Period {
  const from = month.from;
  return { from: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() - 1, 1)), to: from };
}

export function monthName(month: Period): string {
  return month.from.toISOString().slice(0, 7);
}

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** The weeks (by their Monday, YYYY-MM-DD) a period touches, in order. */
export function weeksOf(period: Period): string[] {
  const weeks: string[] = [];
  for (let w = weekStart(period.from); w < period.to; w = new Date(w.getTime() + 7 * DAY_MS)) weeks.push(w.toISOString().slice(0, 10));
  return weeks;
}

/** The first UTC midnight at or after `at`: whole days of a period start there. */
export function dayCeil(at: Date): Date {
  const floor = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  return new Date(floor === at.getTime() ? floor : floor + DAY_MS);
}
