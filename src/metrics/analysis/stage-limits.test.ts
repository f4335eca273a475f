import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../domain/calendar/index.js';
import { parseDuration } from '../../domain/time/duration.js';
import type { Calendar } from '../../policy/schema.js';
import { cutoff } from './stage-limits.js';

const office = { timezone: 'UTC', hours: { 'mon-fri': '09:00-17:00' }, holidays: ['2026-10-16'] } as unknown as Calendar;

describe('the cutoff of a stage limit', () => {
  it('is the first start whose limit has not ended yet, to the millisecond', () => {
    const now = new Date('2026-10-20T12:00:00Z');
    for (const source of ['5bd', '4bh', '1bd', '2d']) {
      const d = parseDuration(source)!;
      const c = cutoff(office, d, now);
      expect(addBusinessTime(office, c, d).getTime()).toBeGreaterThanOrEqual(now.getTime());
      expect(addBusinessTime(office, new Date(c.getTime() - 1), d).getTime()).toBeLessThan(now.getTime());
    }
  });

  it('counts business days in working days only (a Friday holiday and a weekend in between)', () => {
    // Monday the 12th 12:00 + 5bd (Tue, Wed, Thu, Mon, Tue: Friday the 16th is a holiday) ends exactly
    // now, so is not over yet; a start any earlier is.
    expect(cutoff(office, parseDuration('5bd')!, new Date('2026-10-20T12:00:00Z')).toISOString()).toBe('2026-10-12T12:00:00.000Z');
  });
});
