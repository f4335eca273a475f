import { describe, expect, it } from 'vitest';
import { pickLowestLoad } from './lowest-load.js';
import { syncPoolState } from './pool-state.js';
import type { PoolState } from './types.js';

const pool = (members: [string, number][]): PoolState =>
  syncPoolState({ strategy: 'lowest_load', members: members.map(([rep, weight]) => ({ rep, weight })), caps: {}, working_hours_only: true }, 'p', undefined);

describe('lowest load', () => {
  it('gives the lead to the rep with the fewest open leads', () => {
    const open: Record<string, number> = { ana: 5, ben: 2, cy: 3 };
    expect(pickLowestLoad(pool([['ana', 1], ['ben', 1], ['cy', 1]]), new Set(['ana', 'ben', 'cy']), (r) => open[r]!)?.rep).toBe('ben');
  });

  it('measures load per unit of weight', () => {
    const open: Record<string, number> = { ana: 5, ben: 3 };
    // Ana: 5 / 2 = 2.5 per weight; Ben: 3 / 1.
    expect(pickLowestLoad(pool([['ana', 2], ['ben', 1]]), new Set(['ana', 'ben']), (r) => open[r]!)?.rep).toBe('ana');
  });

  it('ignores reps who cannot take a lead now', () => {
    const open: Record<string, number> = { ana: 0, ben: 9 };
    expect(pickLowestLoad(pool([['ana', 1], ['ben', 1]]), new Set(['ben']), (r) => open[r]!)?.rep).toBe('ben');
    expect(pickLowestLoad(pool([['ana', 1], ['ben', 1]]), new Set(), (r) => open[r]!)).toBeUndefined();
  });

  it('takes turns between equally loaded reps and advances the round-robin state', () => {
    let state = pool([['ana', 1], ['ben', 1], ['cy', 1]]);
    const open: Record<string, number> = { ana: 2, ben: 2, cy: 7 };
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const pick = pickLowestLoad(state, new Set(['ana', 'ben', 'cy']), (r) => open[r]!)!;
      picks.push(pick.rep);
      state = pick.state;
    }
    expect(picks).toEqual(['ana', 'ben', 'ana', 'ben']);
    expect(state.members.map((m) => m.assignedCount)).toEqual([2, 2, 0]);
  });
});
