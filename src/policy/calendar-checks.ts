/**
 * Calendars have to work at run time: a real IANA time zone, some working hours in the week,
 * and dates that exist. The schema checks the shapes ("2026-02-30" has the right shape);
 * these checks catch the values.
 */
import { DateTime, IANAZone } from 'luxon';
import { closest } from '../domain/conditions/messages.js';
import type { Reporter } from './findings.js';
import type { Policy } from './schema.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function checkCalendars(policy: Policy, report: Reporter): void {
  for (const [id, calendar] of Object.entries(policy.calendars)) {
    const at = (...rest: PropertyKey[]) => ['calendars', id, ...rest];
    if (!IANAZone.isValidZone(calendar.timezone)) {
      report.error(at('timezone'), `expected an IANA time zone such as America/New_York or Europe/Berlin, got "${calendar.timezone}"${zoneSuggestion(calendar.timezone)}`);
    }
    const values = Object.values(calendar.hours);
    if (values.every((value) => value === 'closed')) {
      report.error(at('hours'), 'this calendar has no working hours on any day, so no business-time clock could ever run; give at least one day hours such as "09:00-17:30"');
    }
    checkOverlappingDays(calendar.hours, (key, message) => report.warning(at('hours', key), message, { atKey: true }));
    for (const [key, value] of Object.entries(calendar.hours)) {
      const ranges = value === 'closed' ? [] : Array.isArray(value) ? value : [value];
      for (const [index, range] of ranges.entries()) {
        const [start, end] = range.split('-');
        if (start === end) {
          const path = Array.isArray(value) ? at('hours', key, index) : at('hours', key);
          report.warning(path, `"${range}" starts and ends at the same time, which reads as a 24-hour shift; write "00:00-24:00" if that is meant`);
        }
      }
    }
    const seen = new Set<string>();
    for (const [index, day] of calendar.holidays.entries()) {
      if (!isRealDate(day)) report.error(at('holidays', index), `expected a date that exists, got "${day}"`);
      else if (seen.has(day)) report.warning(at('holidays', index), `holiday ${day} is listed twice`);
      seen.add(day);
    }
  }
  for (const [id, rep] of Object.entries(policy.reps)) {
    for (const [index, period] of rep.out_of_office.entries()) {
      const at = ['reps', id, 'out_of_office', index];
      if (!isRealDate(period.from)) report.error([...at, 'from'], `expected a date that exists, got "${period.from}"`);
      else if (!isRealDate(period.to)) report.error([...at, 'to'], `expected a date that exists, got "${period.to}"`);
      else if (period.to < period.from) report.error([...at, 'to'], `the period ends (${period.to}) before it starts (${period.from})`);
    }
  }
}

function isRealDate(text: string): boolean {
  return DateTime.fromISO(text).isValid;
}

function zoneSuggestion(zone: string): string {
  const zones = Intl.supportedValuesOf('timeZone');
  const lower = zones.map((z) => z.toLowerCase());
  const match = closest(zone.toLowerCase().replaceAll(' ', '_'), lower);
  return match ? `; did you mean "${zones[lower.indexOf(match)]}"?` : '';
}

/**
 * Two keys of the same size naming the same day ("mon-fri" and "tue-sat"): the later one wins,
 * which is rarely what was meant. A smaller key overriding a larger one ("sun: closed" after
 * "mon-sun") is the intended way to make exceptions and is not reported.
 */
function checkOverlappingDays(hours: Record<string, unknown>, warn: (key: string, message: string) => void): void {
  const keys = Object.keys(hours);
  for (const [i, later] of keys.entries()) {
    const laterDays = daysOf(later);
    for (const earlier of keys.slice(0, i)) {
      const earlierDays = daysOf(earlier);
      if (earlierDays.length !== laterDays.length) continue;
      const shared = laterDays.filter((day) => earlierDays.includes(day));
      if (shared.length > 0) warn(later, `"${later}" and "${earlier}" both set ${shared.join(', ')}; the hours of "${later}" apply`);
    }
  }
}

/** "mon-fri" → [mon … fri]; "fri-mon" wraps over the weekend; "mon,wed" → [mon, wed]. */
function daysOf(key: string): string[] {
  if (!key.includes('-')) return [...new Set(key.split(','))];
  const [from, to] = key.split('-') as [string, string];
  const days: string[] = [];
  for (let d = DAYS.indexOf(from), n = 0; n < 7; d = (d + 1) % 7, n++) {
    days.push(DAYS[d]!);
    if (DAYS[d] === to) break;
  }
  return days;
}
