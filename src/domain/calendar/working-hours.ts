/**
 * Questions routing asks about a calendar at one instant: is this working time, which local date
 * is it (per-day caps), is the rep out of office. The calendar is compiled on first use and cached
 * per Calendar object, so these are cheap on every routing decision.
 */
import type { Calendar } from '../../policy/schema.js';
import { compileCalendar } from './compiled-calendar.js';
import { inShift } from './shifts.js';

export { compileCalendar, CompiledCalendar } from './compiled-calendar.js';

/** True inside the calendar's working hours (opening inclusive, closing exclusive), never on holidays. */
export function isWorkingTime(calendar: Calendar, at: Date): boolean {
  return inShift(compileCalendar(calendar), at.getTime());
}

/** The date (YYYY-MM-DD) in the calendar's time zone at that instant. */
export function localDate(calendar: Calendar, at: Date): string {
  return compileCalendar(calendar).dayOf(at.getTime()).date;
}

/** True when the local date falls in one of the periods; `from` and `to` are inclusive dates. */
export function isOutOfOffice(
  periods: readonly { readonly from: string; readonly to: string }[],
  calendar: Calendar,
  at: Date,
): boolean {
  if (periods.length === 0) return false;
  const today = localDate(calendar, at);
  // YYYY-MM-DD strings sort as dates.
  return periods.some((period) => period.from <= today && today <= period.to);
}
