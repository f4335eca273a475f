/**
 * Walking a compiled calendar's working time forward from an instant.
 */
import type { CompiledCalendar, Day, Shift } from './compiled-calendar.js';

/**
 * Consecutive days without a shift after which a calendar is treated as broken: more than a year
 * of holidays is a policy mistake, and stopping beats looping forever.
 */
const MAX_CLOSED_DAYS = 400;

/**
 * Working intervals that end after `from`, in order, clipped to start no earlier than `from`.
 * Shifts come out disjoint: where a shift past midnight overlaps the next day's, the overlap is
 * counted once. Touching shifts (a 24/7 calendar) stay separate, so the walk never stalls.
 */
export function* shiftsFrom(calendar: CompiledCalendar, from: number): Generator<Shift, never> {
  let day: Day = calendar.dayOf(from);
  if (calendar.overnight) day = calendar.next(day, -1);
  // Shifts arrive ordered by start (a date's shifts are sorted; the next date's start later), so
  // clipping each against the latest end so far removes overlaps without looking ahead.
  let covered = from;
  let closedDays = 0;
  for (;;) {
    closedDays = day.shifts.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS) {
      throw new Error(`Calendar in ${calendar.zone} has no working hours for ${MAX_CLOSED_DAYS} days after ${day.date}`);
    }
    for (const shift of day.shifts) {
      if (shift.end <= covered) continue;
      yield { start: Math.max(shift.start, covered), end: shift.end };
      covered = shift.end;
    }
    day = calendar.next(day);
  }
}

/** True when the instant falls inside a shift (start inclusive, end exclusive). */
export function inShift(calendar: CompiledCalendar, at: number): boolean {
  const day = calendar.dayOf(at);
  if (coveredBy(day.shifts, at)) return true;
  return calendar.overnight && coveredBy(calendar.next(day, -1).shifts, at);
}

function coveredBy(shifts: readonly Shift[], at: number): boolean {
  for (const shift of shifts) if (at >= shift.start && at < shift.end) return true;
  return false;
}
