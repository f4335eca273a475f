/**
 * A calendar compiled for the hot path. Weekly hours are parsed once; each local day is turned
 * into absolute shifts (epoch ms) the first time it is needed and cached, so after warm-up
 * `isWorkingTime` is a couple of comparisons with no time-zone arithmetic.
 *
 * Local times that do not exist (the hour skipped when clocks go forward) move forward by the
 * gap; local times that happen twice (clocks going back) resolve to the later one. Business time
 * is real elapsed time inside shifts, so a 00:00-24:00 day lasts 23 h or 25 h on those dates.
 */
import { DateTime } from 'luxon';
import type { Calendar } from '../../policy/schema.js';
import { weeklyHours, type MinuteRange } from './weekly-hours.js';

/** A working interval in epoch ms, [start, end). */
export interface Shift {
  readonly start: number;
  readonly end: number;
}

/** One local calendar date: [start, end) is local midnight to the next local midnight. */
export interface Day {
  readonly date: string;
  readonly start: number;
  readonly end: number;
  /** Shifts that start on this date (a shift past midnight ends on the next date); empty on holidays. */
  readonly shifts: readonly Shift[];
}

/** Cached days per calendar before the cache is cleared (about 11 years of dates). */
const MAX_CACHED_DAYS = 4096;

export class CompiledCalendar {
  readonly zone: string;
  /** True when some shift runs past midnight, so the previous date must be checked too. */
  readonly overnight: boolean;
  private readonly week: MinuteRange[][];
  private readonly holidays: ReadonlySet<string>;
  private readonly days = new Map<string, Day>();
  private last: Day | undefined;

  constructor(calendar: Calendar) {
    if (!DateTime.local({ zone: calendar.timezone }).isValid) {
      throw new Error(`Calendar time zone "${calendar.timezone}" is not an IANA time zone such as America/New_York`);
    }
    this.zone = calendar.timezone;
    this.week = weeklyHours(calendar.hours);
    this.holidays = new Set(calendar.holidays);
    this.overnight = this.week.some((ranges) => ranges.some(([, end]) => end > 1440));
    if (!this.week.some((ranges) => ranges.length > 0)) {
      throw new Error(`Calendar in ${calendar.timezone} has no working hours on any day`);
    }
  }

  /** The local day containing the instant. */
  dayOf(ms: number): Day {
    const last = this.last;
    if (last && ms >= last.start && ms < last.end) return last;
    const local = DateTime.fromMillis(ms, { zone: this.zone });
    const day = this.day(local.year, local.month, local.day);
    this.last = day;
    return day;
  }

  /** The local day after (or, with -1, before) the given one. */
  next(day: Day, step: 1 | -1 = 1): Day {
    const [y, m, d] = day.date.split('-').map(Number) as [number, number, number];
    return this.day(y, m, d + step);
  }

  /** Month and day may overflow (day 32, day 0); they are normalised like Date.UTC does. */
  day(year: number, month: number, dayOfMonth: number): Day {
    const utc = new Date(Date.UTC(year, month - 1, dayOfMonth));
    const date = utc.toISOString().slice(0, 10);
    const cached = this.days.get(date);
    if (cached) return cached;
    const built = this.build(utc, date);
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    this.days.set(date, built);
    return built;
  }

  private build(utc: Date, date: string): Day {
    const y = utc.getUTCFullYear();
    const m = utc.getUTCMonth() + 1;
    const d = utc.getUTCDate();
    const weekday = utc.getUTCDay() === 0 ? 7 : utc.getUTCDay();
    const start = this.instant(y, m, d, 0);
    const end = this.instant(y, m, d + 1, 0);
    const shifts: Shift[] = [];
    if (!this.holidays.has(date)) {
      for (const [from, to] of this.week[weekday]!) {
        const shift = { start: this.instant(y, m, d, from), end: this.instant(y, m, d, to) };
        if (shift.end > shift.start) shifts.push(shift);
      }
    }
    return { date, start, end, shifts };
  }

  /** The instant of a local wall time; minutes past 1440 fall on the following dates. */
  private instant(year: number, month: number, dayOfMonth: number, minutes: number): number {
    const date = new Date(Date.UTC(year, month - 1, dayOfMonth + Math.floor(minutes / 1440)));
    const rest = minutes % 1440;
    return DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: Math.floor(rest / 60),
        minute: rest % 60,
      },
      { zone: this.zone },
    ).toMillis();
  }
}

const compiledCalendars = new WeakMap<Calendar, CompiledCalendar>();

/** The compiled form of a calendar, built once per Calendar object (cached while the policy lives). */
export function compileCalendar(calendar: Calendar): CompiledCalendar {
  let compiled = compiledCalendars.get(calendar);
  if (!compiled) {
    compiled = new CompiledCalendar(calendar);
    compiledCalendars.set(calendar, compiled);
  }
  return compiled;
}
