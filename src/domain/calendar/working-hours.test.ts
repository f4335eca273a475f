import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../policy/schema.js';
import { compileCalendar, isOutOfOffice, isWorkingTime, localDate } from './working-hours.js';

const newYork: Calendar = {
  timezone: 'America/New_York',
  hours: { 'mon-fri': '09:00-17:00' },
  holidays: ['2026-11-26'],
};
const at = (iso: string) => new Date(iso);

describe('working hours', () => {
  it('counts the opening minute as working and the closing minute as not', () => {
    // 2026-03-10 is a Tuesday; New York is on EDT (UTC-4).
    expect(isWorkingTime(newYork, at('2026-03-10T09:00:00-04:00'))).toBe(true);
    expect(isWorkingTime(newYork, at('2026-03-10T16:59:59-04:00'))).toBe(true);
    expect(isWorkingTime(newYork, at('2026-03-10T17:00:00-04:00'))).toBe(false);
    expect(isWorkingTime(newYork, at('2026-03-10T08:59:59-04:00'))).toBe(false);
  });

  it('is closed at weekends and on holidays', () => {
    expect(isWorkingTime(newYork, at('2026-03-14T12:00:00-04:00'))).toBe(false); // Saturday
    expect(isWorkingTime(newYork, at('2026-11-26T12:00:00-05:00'))).toBe(false); // Thanksgiving
    expect(isWorkingTime(newYork, at('2026-11-27T12:00:00-05:00'))).toBe(true);
  });

  it('keeps 09:00 local on both sides of the spring-forward weekend', () => {
    expect(isWorkingTime(newYork, at('2026-03-06T09:30:00-05:00'))).toBe(true); // Fri, EST
    expect(isWorkingTime(newYork, at('2026-03-09T09:30:00-04:00'))).toBe(true); // Mon, EDT
    expect(isWorkingTime(newYork, at('2026-03-09T08:30:00-04:00'))).toBe(false); // 13:30Z was 09:30 the week before
  });

  it('reads split shifts, single days and closed days', () => {
    const shop: Calendar = {
      timezone: 'Europe/Berlin',
      hours: { 'mon,wed': ['09:00-12:00', '13:00-17:00'], sat: '10:00-14:00', sun: 'closed' },
      holidays: [],
    };
    expect(isWorkingTime(shop, at('2026-06-01T11:00:00+02:00'))).toBe(true); // Monday morning
    expect(isWorkingTime(shop, at('2026-06-01T12:30:00+02:00'))).toBe(false); // lunch
    expect(isWorkingTime(shop, at('2026-06-02T11:00:00+02:00'))).toBe(false); // Tuesday not listed
    expect(isWorkingTime(shop, at('2026-06-06T13:59:00+02:00'))).toBe(true); // Saturday
    expect(isWorkingTime(shop, at('2026-06-07T11:00:00+02:00'))).toBe(false); // Sunday closed
  });

  it('lets a key naming fewer days override a wider one', () => {
    const shortFriday: Calendar = {
      timezone: 'UTC',
      hours: { 'mon-sun': '09:00-17:00', fri: '09:00-13:00', sun: 'closed' },
      holidays: [],
    };
    expect(isWorkingTime(shortFriday, at('2026-06-05T14:00:00Z'))).toBe(false); // Friday afternoon
    expect(isWorkingTime(shortFriday, at('2026-06-04T14:00:00Z'))).toBe(true); // Thursday
    expect(isWorkingTime(shortFriday, at('2026-06-07T10:00:00Z'))).toBe(false); // Sunday
    expect(isWorkingTime(shortFriday, at('2026-06-06T10:00:00Z'))).toBe(true); // Saturday
  });

  it('covers a night shift that runs past midnight, and a holiday cancels the shift starting on it', () => {
    const nights: Calendar = { timezone: 'UTC', hours: { 'mon-fri': '22:00-06:00' }, holidays: ['2026-06-03'] };
    expect(isWorkingTime(nights, at('2026-06-01T23:00:00Z'))).toBe(true); // Monday night
    expect(isWorkingTime(nights, at('2026-06-02T05:59:00Z'))).toBe(true); // Tuesday early, Monday's shift
    expect(isWorkingTime(nights, at('2026-06-02T06:00:00Z'))).toBe(false);
    expect(isWorkingTime(nights, at('2026-06-03T23:00:00Z'))).toBe(false); // Wednesday is a holiday
    expect(isWorkingTime(nights, at('2026-06-04T02:00:00Z'))).toBe(false);
    expect(isWorkingTime(nights, at('2026-06-06T02:00:00Z'))).toBe(true); // Friday's shift into Saturday
  });

  it('answers for a rep in Tokyo by Tokyo time, whatever the server zone', () => {
    const tokyo: Calendar = { timezone: 'Asia/Tokyo', hours: { 'mon-fri': '09:00-18:00' }, holidays: [] };
    expect(isWorkingTime(tokyo, at('2026-03-09T01:00:00Z'))).toBe(true); // Mon 10:00 JST
    expect(isWorkingTime(tokyo, at('2026-03-09T10:00:00Z'))).toBe(false); // Mon 19:00 JST
    expect(isWorkingTime(tokyo, at('2026-03-08T23:30:00Z'))).toBe(false); // Mon 08:30 JST
    expect(localDate(tokyo, at('2026-03-09T16:00:00Z'))).toBe('2026-03-10');
  });
});

describe('local date', () => {
  it('gives the date in the calendar zone, not UTC', () => {
    expect(localDate(newYork, at('2026-03-10T03:00:00Z'))).toBe('2026-03-09');
    expect(localDate(newYork, at('2026-03-10T04:00:00Z'))).toBe('2026-03-10');
  });

  it('turns over at local midnight on a daylight-saving day', () => {
    expect(localDate(newYork, at('2026-03-08T04:59:59Z'))).toBe('2026-03-07');
    expect(localDate(newYork, at('2026-03-08T05:00:00Z'))).toBe('2026-03-08');
    expect(localDate(newYork, at('2026-03-09T03:59:59Z'))).toBe('2026-03-08');
    expect(localDate(newYork, at('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
  });
});

describe('out of office', () => {
  const periods = [{ from: '2026-07-01', to: '2026-07-03' }];

  it('includes both the first and the last day of the period in the rep zone', () => {
    expect(isOutOfOffice(periods, newYork, at('2026-07-01T00:30:00-04:00'))).toBe(true);
    expect(isOutOfOffice(periods, newYork, at('2026-07-03T23:30:00-04:00'))).toBe(true);
    expect(isOutOfOffice(periods, newYork, at('2026-06-30T23:30:00-04:00'))).toBe(false);
    // 03:30Z on July 4th is still July 3rd in New York.
    expect(isOutOfOffice(periods, newYork, at('2026-07-04T03:30:00Z'))).toBe(true);
    expect(isOutOfOffice(periods, newYork, at('2026-07-04T04:30:00Z'))).toBe(false);
  });

  it('is never out of office without periods', () => {
    expect(isOutOfOffice([], newYork, at('2026-07-02T12:00:00Z'))).toBe(false);
  });
});

describe('compiling', () => {
  it('compiles each calendar object once', () => {
    expect(compileCalendar(newYork)).toBe(compileCalendar(newYork));
  });

  it('names a bad time zone', () => {
    expect(() => compileCalendar({ timezone: 'Mars/Olympus', hours: {}, holidays: [] })).toThrow(/Mars\/Olympus/);
  });
});

describe('calendars that cannot work', () => {
  it('refuses a calendar closed every day instead of searching forever', () => {
    expect(() => compileCalendar({ timezone: 'UTC', hours: { 'mon-sun': 'closed' }, holidays: [] })).toThrow(/no working hours/);
  });
});
