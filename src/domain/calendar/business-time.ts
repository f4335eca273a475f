/**
 * Durations counted in a calendar's working time, for SLA clocks and escalations.
 *
 * - Wall durations (`5m`, `1h`, `2d`) add plainly.
 * - Business hours (`4bh`) count only working time: Friday 16:00 + 4bh with 09:00-17:00 Mon-Fri is
 *   Monday 12:00. Holidays are skipped; a start outside hours counts from the next opening.
 * - Business days (`1bd`) move to the same business-time position on the next working day:
 *   Tuesday 11:00 + 1bd = Wednesday 11:00; a start before opening (or after closing) counts as the
 *   start of the next working day, so it ends at that day's close. When the landing day is shorter
 *   (a half-day Saturday), the deadline is that day's close. A fraction (`1.5bd`) adds that share of
 *   the landing day's working time on top.
 * - A deadline that lands exactly on a closing time is that closing time, not the next opening.
 */
import type { Calendar } from '../../policy/schema.js';
import type { Duration } from '../time/duration.js';
import { compileCalendar, type CompiledCalendar, type Day } from './compiled-calendar.js';
import { shiftsFrom } from './shifts.js';

const HOUR_MS = 3_600_000;
const MAX_SEARCH_DAYS = 400;

export function addBusinessTime(calendar: Calendar, start: Date, duration: Duration): Date {
  switch (duration.kind) {
    case 'wall':
      return new Date(start.getTime() + duration.ms);
    case 'business_hours':
      return addBusinessMs(calendar, start, duration.hours * HOUR_MS);
    case 'business_days':
      return new Date(addBusinessDays(compileCalendar(calendar), start.getTime(), duration.days));
  }
}

/** `start` plus `ms` of working time; zero returns `start` unchanged. */
export function addBusinessMs(calendar: Calendar, start: Date, ms: number): Date {
  return new Date(addMs(compileCalendar(calendar), start.getTime(), ms));
}

/** Working time in ms between two instants; negative when `to` is before `from`. */
export function businessMsBetween(calendar: Calendar, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b < a) return -businessMsBetween(calendar, to, from);
  let total = 0;
  for (const shift of shiftsFrom(compileCalendar(calendar), a)) {
    if (shift.start >= b) break;
    total += Math.min(shift.end, b) - shift.start;
  }
  return total;
}

/** `at` itself during working hours, otherwise the next opening. */
export function nextWorkingTime(calendar: Calendar, at: Date): Date {
  const first = shiftsFrom(compileCalendar(calendar), at.getTime()).next().value;
  return new Date(first.start);
}

function addMs(calendar: CompiledCalendar, start: number, ms: number): number {
  if (!(ms >= 0)) throw new RangeError(`Business time to add must be zero or more, got ${ms} ms`);
  if (ms === 0) return start;
  let remaining = Math.round(ms);
  const shifts = shiftsFrom(calendar, start);
  for (;;) {
    const shift = shifts.next().value;
    const length = shift.end - shift.start;
    if (remaining <= length) return shift.start + remaining;
    remaining -= length;
  }
}

function addBusinessDays(calendar: CompiledCalendar, start: number, days: number): number {
  const whole = Math.floor(days);
  const fraction = days - whole;
  const { day, position } = positionOf(calendar, start);
  let end = start;
  let landing = day;
  if (whole > 0) {
    let before = day; // the working day just before the landing day
    for (let i = 1; i < whole; i++) before = nextWorkingDay(calendar, before);
    if (position === 0) {
      end = close(before);
      landing = before;
    } else {
      landing = nextWorkingDay(calendar, before);
      end = at(landing, Math.min(position, length(landing)));
    }
  }
  return fraction > 0 ? addMs(calendar, end, fraction * length(landing)) : end;
}

/** The working day a start belongs to, and the working time of that day already gone by. */
function positionOf(calendar: CompiledCalendar, start: number): { day: Day; position: number } {
  const today = calendar.dayOf(start);
  const candidates = calendar.overnight ? [calendar.next(today, -1), today] : [today];
  for (const day of candidates) {
    if (day.shifts.length > 0 && start < close(day)) {
      let position = 0;
      for (const shift of day.shifts) position += Math.min(Math.max(start - shift.start, 0), shift.end - shift.start);
      return { day, position };
    }
  }
  return { day: nextWorkingDay(calendar, today), position: 0 };
}

function nextWorkingDay(calendar: CompiledCalendar, day: Day): Day {
  let next = calendar.next(day);
  for (let i = 0; next.shifts.length === 0; i++) {
    if (i > MAX_SEARCH_DAYS) throw new Error(`Calendar in ${calendar.zone} has no working day after ${day.date}`);
    next = calendar.next(next);
  }
  return next;
}

function close(day: Day): number {
  return day.shifts.at(-1)!.end;
}

function length(day: Day): number {
  let total = 0;
  for (const shift of day.shifts) total += shift.end - shift.start;
  return total;
}

/** The instant `position` ms of working time into the day; a position at a closing time is that close. */
function at(day: Day, position: number): number {
  let remaining = position;
  for (const shift of day.shifts) {
    const span = shift.end - shift.start;
    if (remaining <= span) return shift.start + remaining;
    remaining -= span;
  }
  return close(day);
}
