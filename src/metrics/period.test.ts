import { describe, expect, it } from 'vitest';
import { dayCeil, parseMonth, parsePeriod, previousMonth, weeksOf } from './period.js';

const now = new Date('2026-11-21T12:00:00Z');

describe('periods', () => {
  it('reads dates as whole UTC days, the end date included', () => {
    expect(parsePeriod({ from: '2026-10-01', to: '2026-10-31' }, now)).toEqual({
      ok: true,
      period: { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') },
    });
  });
  it('takes date-times as given and defaults to the last 30 days', () => {
    const r = parsePeriod({ from: '2026-10-01T08:00:00+02:00' }, now);
    expect(r.ok && r.period.from.toISOString()).toBe('2026-10-01T06:00:00.000Z');
    const d = parsePeriod({}, now);
    expect(d.ok && d.period).toEqual({ from: new Date('2026-10-22T12:00:00Z'), to: now });
  });
  it('names the field that is wrong', () => {
    expect(parsePeriod({ from: 'yesterday', to: '2026-02-30' }, now)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'from' }), expect.objectContaining({ path: 'to' })],
    });
    expect(parsePeriod({ from: '2026-10-05', to: '2026-10-01' }, now)).toMatchObject({ ok: false, issues: [{ path: 'from' }] });
  });
  it('knows months, the month before and the weeks a period touches', () => {
    const oct = parseMonth('2026-10')!;
    expect(oct).toEqual({ from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') });
    expect(previousMonth(parseMonth('2026-01')!).from.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(weeksOf(oct)).toEqual(['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26']);
    expect(dayCeil(new Date('2026-10-01T00:00:00Z')).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(dayCeil(new Date('2026-10-01T00:00:01Z')).toISOString()).toBe('2026-10-02T00:00:00.000Z');
  });
});
