import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDeadline } from './wording.js';

/** The wording as Luxon gives it (what messages said before the kept Intl formatters). */
function withLuxon(dueAt: Date, zone: string): string {
  const local = DateTime.fromJSDate(dueAt, { zone });
  const abbreviation = (locale: string) => local.setLocale(locale).toFormat('ZZZZ');
  let name = abbreviation('en-US');
  if (/^GMT[+-]/.test(name) && !/^GMT[+-]/.test(abbreviation('en-GB'))) name = abbreviation('en-GB');
  return `${local.setLocale('en-US').toFormat('ccc d LLL yyyy, HH:mm')} ${name}`;
}

describe('formatDeadline', () => {
  it('says the deadline in the reader’s zone with its usual abbreviation', () => {
    const at = new Date('2026-03-10T14:00:00Z');
    expect(formatDeadline(at, 'America/New_York')).toBe('Tue 10 Mar 2026, 10:00 EDT');
    expect(formatDeadline(at, 'Europe/Berlin')).toBe('Tue 10 Mar 2026, 15:00 CET');
    expect(formatDeadline(new Date('2026-07-01T22:05:00Z'), 'Europe/London')).toBe('Wed 1 Jul 2026, 23:05 BST');
    expect(formatDeadline(new Date('2026-07-01T22:05:00Z'), 'UTC')).toBe('Wed 1 Jul 2026, 22:05 UTC');
    expect(formatDeadline(new Date('2026-07-01T00:00:00Z'), 'UTC')).toBe('Wed 1 Jul 2026, 00:00 UTC'); // midnight is 00, not 24
  });

  it('says the same as Luxon in every time zone, across a year and its clock changes', () => {
    const mismatches: string[] = [];
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      for (let i = 0; i < 12; i++) {
        const at = new Date(Date.UTC(2026, i, 1 + ((i * 7) % 27), (i * 5) % 24, (i * 13) % 60));
        if (formatDeadline(at, zone) !== withLuxon(at, zone)) mismatches.push(`${zone} ${at.toISOString()}: ${formatDeadline(at, zone)} vs ${withLuxon(at, zone)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('falls back to UTC (ISO 8601) for a name that is not a time zone', () => {
    expect(formatDeadline(new Date('2026-03-10T14:00:00Z'), 'Mars/Olympus')).toBe('2026-03-10T14:00:00.000Z');
  });
});
