import { describe, expect, it } from 'vitest';
import { periodCells } from './period-cells.js';

const p = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });

describe('reading a period from the rollups', () => {
  it('reads whole months from monthly rows and the days around them from daily rows', () => {
    expect(periodCells(p('2026-01-15T00:00:00Z', '2026-04-03T00:00:00Z'))).toEqual({
      edges: [],
      days: { from: '2026-01-15', to: '2026-04-03' },
      months: ['2026-02-01', '2026-03-01'],
      monthEdgeDays: [
        { from: '2026-01-15', to: '2026-02-01' },
        { from: '2026-04-01', to: '2026-04-03' },
      ],
    });
  });

  it('reads the parts of days at either end from rows', () => {
    const cells = periodCells(p('2026-10-05T12:30:00Z', '2026-11-01T06:00:00Z'));
    expect(cells.edges).toEqual([p('2026-10-05T12:30:00Z', '2026-10-06T00:00:00Z'), p('2026-11-01T00:00:00Z', '2026-11-01T06:00:00Z')]);
    expect(cells.days).toEqual({ from: '2026-10-06', to: '2026-11-01' });
    expect(cells.months).toEqual([]);
    expect(cells.monthEdgeDays).toEqual([{ from: '2026-10-06', to: '2026-11-01' }]);
  });

  it('takes a calendar month whole and a period inside one day from rows alone', () => {
    expect(periodCells(p('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'))).toMatchObject({ edges: [], months: ['2026-10-01'], monthEdgeDays: [] });
    expect(periodCells(p('2026-10-05T08:00:00Z', '2026-10-05T17:00:00Z'))).toEqual({
      edges: [p('2026-10-05T08:00:00Z', '2026-10-05T17:00:00Z')],
      days: null,
      months: [],
      monthEdgeDays: [],
    });
  });
});
