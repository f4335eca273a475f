import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../policy/schema.js';
import { parseDuration } from '../time/duration.js';
import { addBusinessMs, addBusinessTime, businessMsBetween, nextWorkingTime } from './business-time.js';

const H = 3_600_000;
const at = (iso: string) => new Date(iso);
const add = (calendar: Calendar, iso: string, duration: string) =>
  addBusinessTime(calendar, at(iso), parseDuration(duration)!).toISOString();
const utc = (iso: string) => at(iso).toISOString();

const newYork: Calendar = { timezone: 'America/New_York', hours: { 'mon-fri': '09:00-17:00' }, holidays: ['2026-11-26'] };
const newYorkAllWeek: Calendar = { timezone: 'America/New_York', hours: { 'mon-sun': '00:00-24:00' }, holidays: [] };
const berlin: Calendar = { timezone: 'Europe/Berlin', hours: { 'mon-fri': '09:00-17:00' }, holidays: [] };
const berlinAllWeek: Calendar = { timezone: 'Europe/Berlin', hours: { 'mon-sun': '00:00-24:00' }, holidays: [] };
const tokyo: Calendar = { timezone: 'Asia/Tokyo', hours: { 'mon-fri': '09:00-18:00' }, holidays: [] };

describe('business hours', () => {
  it('carries a Friday-afternoon deadline over the weekend (Friday 16:00 + 4bh = Monday 12:00)', () => {
    expect(add(newYork, '2026-06-05T16:00:00-04:00', '4bh')).toBe(utc('2026-06-08T12:00:00-04:00'));
  });

  it('ends at closing time rather than the next opening when the hours run out exactly', () => {
    expect(add(newYork, '2026-06-05T13:00:00-04:00', '4bh')).toBe(utc('2026-06-05T17:00:00-04:00'));
  });

  it('counts a lead that arrives at night from the next opening', () => {
    expect(add(newYork, '2026-06-09T22:00:00-04:00', '4bh')).toBe(utc('2026-06-10T13:00:00-04:00'));
    expect(add(newYork, '2026-06-06T10:00:00-04:00', '1bh')).toBe(utc('2026-06-08T10:00:00-04:00')); // Saturday
  });

  it('skips holidays', () => {
    // Wednesday 2026-11-25 15:00 + 4bh: 2h Wednesday, Thanksgiving skipped, 2h Friday.
    expect(add(newYork, '2026-11-25T15:00:00-05:00', '4bh')).toBe(utc('2026-11-27T11:00:00-05:00'));
  });

  it('keeps local opening hours across the March 2026 change in New York', () => {
    // Friday 16:00 EST + 4bh → Monday 12:00 EDT (16:00Z, not 17:00Z).
    expect(add(newYork, '2026-03-06T16:00:00-05:00', '4bh')).toBe('2026-03-09T16:00:00.000Z');
  });

  it('counts the 23-hour Sunday of 8 March 2026 in New York as 23 business hours', () => {
    const sunday = at('2026-03-08T00:00:00-05:00');
    const monday = at('2026-03-09T00:00:00-04:00');
    expect(businessMsBetween(newYorkAllWeek, sunday, monday)).toBe(23 * H);
    expect(add(newYorkAllWeek, '2026-03-08T00:00:00-05:00', '24bh')).toBe(utc('2026-03-09T01:00:00-04:00'));
  });

  it('counts the 25-hour Sunday of 25 October 2026 in Berlin as 25 business hours', () => {
    const sunday = at('2026-10-25T00:00:00+02:00');
    const monday = at('2026-10-26T00:00:00+01:00');
    expect(businessMsBetween(berlinAllWeek, sunday, monday)).toBe(25 * H);
    expect(add(berlinAllWeek, '2026-10-25T00:00:00+02:00', '24bh')).toBe(utc('2026-10-25T23:00:00+01:00'));
  });

  it('keeps local opening hours across the October 2026 change in Berlin', () => {
    expect(add(berlin, '2026-10-23T16:00:00+02:00', '4bh')).toBe(utc('2026-10-26T12:00:00+01:00'));
    expect(businessMsBetween(berlin, at('2026-10-23T16:00:00+02:00'), at('2026-10-26T12:00:00+01:00'))).toBe(4 * H);
  });

  it('runs a Tokyo rep’s clock in Tokyo hours while the lead arrives in New York afternoon', () => {
    // Tuesday 2026-06-09 15:00 in New York = Wednesday 04:00 in Tokyo: the clock starts at 09:00 JST.
    expect(add(tokyo, '2026-06-09T15:00:00-04:00', '2bh')).toBe(utc('2026-06-10T11:00:00+09:00'));
    // Friday 17:00 JST + 4bh: 1h Friday, 3h Monday.
    expect(add(tokyo, '2026-06-12T17:00:00+09:00', '4bh')).toBe(utc('2026-06-15T12:00:00+09:00'));
  });

  it('supports fractional hours and split shifts', () => {
    const split: Calendar = { timezone: 'UTC', hours: { 'mon-fri': ['09:00-12:00', '13:00-17:00'] }, holidays: [] };
    expect(add(split, '2026-06-08T11:00:00Z', '1.5bh')).toBe('2026-06-08T13:30:00.000Z');
    expect(add(split, '2026-06-08T11:00:00Z', '1bh')).toBe('2026-06-08T12:00:00.000Z');
  });

  it('counts a night shift across midnight once', () => {
    const nights: Calendar = { timezone: 'UTC', hours: { 'mon-fri': '22:00-06:00', tue: ['00:00-02:00', '22:00-06:00'] }, holidays: [] };
    // Monday 22:00 to Tuesday 06:00 is one 8h shift even though Tuesday's 00:00-02:00 overlaps it.
    expect(businessMsBetween(nights, at('2026-06-08T21:00:00Z'), at('2026-06-09T21:00:00Z'))).toBe(8 * H);
    expect(add(nights, '2026-06-08T23:00:00Z', '8bh')).toBe('2026-06-09T23:00:00.000Z');
  });
});

describe('wall-clock durations', () => {
  it('add plainly, ignoring working hours', () => {
    expect(add(newYork, '2026-06-06T10:00:00Z', '5m')).toBe('2026-06-06T10:05:00.000Z');
    expect(add(newYork, '2026-03-07T12:00:00Z', '1d')).toBe('2026-03-08T12:00:00.000Z');
  });
});

describe('business days', () => {
  it('ends at the same time of day on the next working day', () => {
    expect(add(newYork, '2026-06-09T11:00:00-04:00', '1bd')).toBe(utc('2026-06-10T11:00:00-04:00'));
    expect(add(newYork, '2026-06-05T16:00:00-04:00', '1bd')).toBe(utc('2026-06-08T16:00:00-04:00'));
    expect(add(newYork, '2026-06-05T16:00:00-04:00', '2bd')).toBe(utc('2026-06-09T16:00:00-04:00'));
  });

  it('gives a lead that arrives outside hours until the close of the next working day', () => {
    expect(add(newYork, '2026-06-05T18:00:00-04:00', '1bd')).toBe(utc('2026-06-08T17:00:00-04:00'));
    expect(add(newYork, '2026-06-08T07:00:00-04:00', '1bd')).toBe(utc('2026-06-08T17:00:00-04:00'));
    expect(add(newYork, '2026-06-08T09:00:00-04:00', '1bd')).toBe(utc('2026-06-08T17:00:00-04:00'));
    expect(add(newYork, '2026-06-06T12:00:00-04:00', '2bd')).toBe(utc('2026-06-09T17:00:00-04:00'));
  });

  it('lasts exactly one working day of business time', () => {
    const start = at('2026-06-09T11:00:00-04:00');
    const end = addBusinessTime(newYork, start, parseDuration('1bd')!);
    expect(businessMsBetween(newYork, start, end)).toBe(8 * H);
  });

  it('skips holidays and keeps the local time across daylight saving', () => {
    expect(add(newYork, '2026-11-25T10:00:00-05:00', '1bd')).toBe(utc('2026-11-27T10:00:00-05:00'));
    expect(add(newYork, '2026-03-06T10:00:00-05:00', '1bd')).toBe(utc('2026-03-09T10:00:00-04:00'));
    expect(add(berlin, '2026-10-23T10:00:00+02:00', '1bd')).toBe(utc('2026-10-26T10:00:00+01:00'));
  });

  it('stops at the close of a shorter next day', () => {
    const halfSaturday: Calendar = { timezone: 'UTC', hours: { 'mon-fri': '09:00-17:00', sat: '09:00-13:00' }, holidays: [] };
    expect(add(halfSaturday, '2026-06-05T15:00:00Z', '1bd')).toBe('2026-06-06T13:00:00.000Z');
    expect(add(halfSaturday, '2026-06-05T10:00:00Z', '1bd')).toBe('2026-06-06T10:00:00.000Z');
  });

  it('adds a fraction of a day as that share of the working day', () => {
    expect(add(newYork, '2026-06-09T11:00:00-04:00', '1.5bd')).toBe(utc('2026-06-10T15:00:00-04:00'));
    expect(add(newYork, '2026-06-09T11:00:00-04:00', '0.5bd')).toBe(utc('2026-06-09T15:00:00-04:00'));
  });
});

describe('business time between two instants', () => {
  it('counts only working hours and is negative backwards', () => {
    const from = at('2026-06-05T16:00:00-04:00');
    const to = at('2026-06-08T12:00:00-04:00');
    expect(businessMsBetween(newYork, from, to)).toBe(4 * H);
    expect(businessMsBetween(newYork, to, from)).toBe(-4 * H);
    expect(businessMsBetween(newYork, from, from)).toBe(0);
  });

  it('is zero over a weekend', () => {
    expect(businessMsBetween(newYork, at('2026-06-06T00:00:00-04:00'), at('2026-06-08T09:00:00-04:00'))).toBe(0);
  });

  it('agrees with adding business time (round trip over many starts)', () => {
    for (let i = 0; i < 200; i++) {
      const start = new Date(Date.UTC(2026, 2, 1) + i * 7_919_000 * 11);
      const ms = ((i * 37) % 50) * 900_000 + 60_000;
      const end = addBusinessMs(newYork, start, ms);
      expect(businessMsBetween(newYork, start, end)).toBe(ms);
    }
  });
});

describe('next working time', () => {
  it('is the instant itself during hours and the next opening otherwise', () => {
    expect(nextWorkingTime(newYork, at('2026-06-08T10:00:00-04:00')).toISOString()).toBe(utc('2026-06-08T10:00:00-04:00'));
    expect(nextWorkingTime(newYork, at('2026-06-06T10:00:00-04:00')).toISOString()).toBe(utc('2026-06-08T09:00:00-04:00'));
  });
});
