import { describe, expect, it } from 'vitest';
import { syncPoolState } from './pool-state.js';
import type { PoolState } from './types.js';
import { pickWeightedRoundRobin } from './weighted-round-robin.js';

const pool = (members: [string, number][]): PoolState =>
  syncPoolState({ strategy: 'weighted_round_robin', members: members.map(([rep, weight]) => ({ rep, weight })), caps: {}, working_hours_only: true }, 'p', undefined);

/** Runs `n` picks among the reps `available(i)` returns; the state is carried between picks. */
function run(state: PoolState, n: number, available: (i: number) => string[]): { state: PoolState; picks: string[] } {
  const picks: string[] = [];
  for (let i = 0; i < n; i++) {
    const pick = pickWeightedRoundRobin(state, new Set(available(i)));
    if (!pick) throw new Error('nobody eligible');
    picks.push(pick.rep);
    state = pick.state;
  }
  return { state, picks };
}

const tally = (picks: string[]) => picks.reduce<Record<string, number>>((t, rep) => ({ ...t, [rep]: (t[rep] ?? 0) + 1 }), {});

describe('weighted round robin', () => {
  it('shares 3,000 leads 1500:750:750 between weights 2:1:1', () => {
    const { picks, state } = run(pool([['ana', 2], ['ben', 1], ['cy', 1]]), 3000, () => ['ana', 'ben', 'cy']);
    expect(tally(picks)).toEqual({ ana: 1500, ben: 750, cy: 750 });
    expect(state.members.map((m) => m.assignedCount)).toEqual([1500, 750, 750]);
  });

  it('gives every rep their share within each cycle of four leads, not in long runs', () => {
    const { picks } = run(pool([['ana', 2], ['ben', 1], ['cy', 1]]), 400, () => ['ana', 'ben', 'cy']);
    expect(picks.slice(0, 4)).toEqual(['ana', 'ben', 'cy', 'ana']);
    for (let i = 0; i < picks.length; i += 4) expect(tally(picks.slice(i, i + 4))).toEqual({ ana: 2, ben: 1, cy: 1 });
  });

  it('gives a rep who was away for 100 leads the first lead when they return, then shares normally', () => {
    const all = ['cy', 'dee', 'eli'];
    // Three picks bring everyone level; the fourth would be Cy's. Cy goes away for 100 picks.
    let { state } = run(pool([['cy', 1], ['dee', 1], ['eli', 1]]), 3, () => all);
    const cyBefore = state.members.find((m) => m.rep === 'cy')!;
    const away = run(state, 100, () => ['dee', 'eli']);
    expect(away.state.members.find((m) => m.rep === 'cy')).toEqual(cyBefore);
    expect(tally(away.picks)).toEqual({ dee: 50, eli: 50 });

    const back = run(away.state, 300, () => all);
    expect(back.picks[0]).toBe('cy');
    // No catch-up burst: Cy gets a third of what follows, not the 100 leads missed.
    expect(back.picks.slice(0, 3).filter((rep) => rep === 'cy')).toHaveLength(1);
    for (const count of Object.values(tally(back.picks))) expect(count).toBe(100);
  });

  it('keeps a skipped rep’s credit exactly as it was', () => {
    const state = pool([['ana', 2], ['ben', 1]]);
    state.members[0]!.currentWeight = 1.5;
    const pick = pickWeightedRoundRobin(state, new Set(['ben']))!;
    expect(pick.rep).toBe('ben');
    expect(pick.state.members[0]).toEqual(state.members[0]);
  });

  it('lets a new member join mid-stream without resetting the others or flooding the newcomer', () => {
    const twoReps = { strategy: 'weighted_round_robin' as const, caps: {}, working_hours_only: true };
    const first = run(pool([['ana', 1], ['ben', 1]]), 101, () => ['ana', 'ben']);
    const grown = syncPoolState({ ...twoReps, members: [{ rep: 'ana', weight: 1 }, { rep: 'ben', weight: 1 }, { rep: 'cy', weight: 1 }] }, 'p', first.state);
    expect(grown.members.slice(0, 2)).toEqual(first.state.members);
    expect(grown.members[2]).toEqual({ rep: 'cy', weight: 1, currentWeight: 0, assignedCount: 0, active: true });

    const after = run(grown, 300, () => ['ana', 'ben', 'cy']);
    expect(after.picks.slice(0, 3)).toContain('cy');
    expect(after.picks.slice(0, 3).filter((rep) => rep === 'cy')).toHaveLength(1);
    for (const count of Object.values(tally(after.picks))) expect(Math.abs(count - 100)).toBeLessThanOrEqual(1);
    expect(after.state.members.find((m) => m.rep === 'ana')!.assignedCount).toBeGreaterThan(100);
  });

  it('never picks a removed member, and picks nobody when no one is eligible', () => {
    const state = pool([['ana', 1], ['ben', 1]]);
    state.members[0]!.active = false;
    expect(run(state, 5, () => ['ana', 'ben']).picks).toEqual(['ben', 'ben', 'ben', 'ben', 'ben']);
    expect(pickWeightedRoundRobin(state, new Set())).toBeUndefined();
  });

  it('does not change the state it was given', () => {
    const state = pool([['ana', 2], ['ben', 1]]);
    const copy = structuredClone(state);
    pickWeightedRoundRobin(state, new Set(['ana', 'ben']));
    expect(state).toEqual(copy);
  });
});
