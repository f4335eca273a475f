/**
 * A calendar's `hours` map ("mon-fri" → "09:00-17:30", "sat" → ["10:00-12:00", "13:00-15:00"],
 * "sun" → "closed") turned into one sorted, merged list of minute ranges per weekday.
 */
import type { Calendar } from '../../policy/schema.js';

/** Minutes after local midnight; `end` may pass 1440 for a shift that runs past midnight. */
export type MinuteRange = readonly [start: number, end: number];

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Index 1 (Monday) … 7 (Sunday), as Luxon and ISO number weekdays; index 0 is unused.
 * When two keys name the same day, the key naming fewer days wins ("mon-fri" then "fri" → Friday
 * follows "fri"); between keys of equal size the later one wins. So `sun: closed` overrides `mon-sun`.
 */
export function weeklyHours(hours: Calendar['hours']): MinuteRange[][] {
  const week: MinuteRange[][] = Array.from({ length: 8 }, () => []);
  const specificity = new Array<number>(8).fill(Number.POSITIVE_INFINITY);
  for (const [key, value] of Object.entries(hours)) {
    const days = weekdaysOf(key);
    const ranges = value === 'closed' ? [] : mergeRanges((Array.isArray(value) ? value : [value]).map(parseRange));
    for (const day of days) {
      if (days.length <= specificity[day]!) {
        specificity[day] = days.length;
        week[day] = ranges;
      }
    }
  }
  return week;
}

/** "mon-fri" → [1..5], "fri-mon" → [5, 6, 7, 1], "mon,wed" → [1, 3]. */
export function weekdaysOf(key: string): number[] {
  const index = (name: string): number => {
    const i = DAYS.indexOf(name.trim() as (typeof DAYS)[number]);
    if (i < 0) throw new Error(`Unknown weekday "${name}" in calendar hours key "${key}"`);
    return i + 1;
  };
  if (key.includes('-')) {
    const [from, to] = key.split('-') as [string, string];
    const days: number[] = [];
    for (let d = index(from), n = 0; n < 7; d = (d % 7) + 1, n++) {
      days.push(d);
      if (d === index(to)) break;
    }
    return days;
  }
  return key.split(',').map(index);
}

/** "09:00-17:30" → [540, 1050]; an end at or before the start runs past midnight ("22:00-06:00"). */
export function parseRange(text: string): MinuteRange {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`Working hours "${text}" are not "HH:MM-HH:MM"`);
  const start = Number(match[1]) * 60 + Number(match[2]);
  let end = Number(match[3]) * 60 + Number(match[4]);
  if (end <= start) end += 1440;
  return [start, end];
}

function mergeRanges(ranges: MinuteRange[]): MinuteRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
