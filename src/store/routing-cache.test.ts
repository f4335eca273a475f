import { describe, expect, it } from 'vitest';
import { NO_ROW, RoutingCache, SEQUENCE_BITS } from './routing-cache.js';
import type { Policy } from '../policy/schema.js';

const policy = { pools: { smb: { members: [{ rep: 'cy', weight: 1 }, { rep: 'dee', weight: 1 }] } } } as unknown as Policy;
const pool = (currentWeight: number) => ({
  pool: 'smb',
  members: [
    { rep: 'cy', weight: 1, currentWeight, assignedCount: 1, active: true },
    { rep: 'dee', weight: 1, currentWeight: -currentWeight, assignedCount: 1, active: true },
  ],
});

describe('RoutingCache', () => {
  it('hands the next decision the state and version the last one recorded', () => {
    const cache = new RoutingCache();
    const first = cache.record({ poolState: pool(1), repLoad: { rep: 'cy', openLeads: 3, assignedToday: 1, day: '2026-03-10', away: false } });
    const read = cache.read(policy, ['smb'], ['cy', 'dee']);
    // dee has no row: not checked. The first decision has not committed: the rows may not exist yet.
    expect(read.check).toEqual({ pools: [['smb', first.pool]], reps: [['cy', first.rep]], waits: { pools: [['smb', NO_ROW]], reps: [['cy', NO_ROW]] }, epoch: read.check.epoch });
    expect(Math.floor(first.pool! / 2 ** SEQUENCE_BITS)).toBe(read.check.epoch); // this process's, in this epoch
    expect(read.snapshot.pools.smb!.members[0]).toMatchObject({ rep: 'cy', currentWeight: 1 });
    expect(read.snapshot.reps).toMatchObject({ cy: { openLeads: 3 }, dee: { openLeads: 0 } });
    const second = cache.record({ poolState: pool(2) });
    expect(second.pool).not.toBe(first.pool);
  });

  it('forgets a failed decision’s rows, but not rows a later decision moved on', () => {
    const cache = new RoutingCache();
    const failed = cache.record({ poolState: pool(1), repLoad: { rep: 'cy', openLeads: 1, assignedToday: 1, day: null, away: false } });
    const later = cache.record({ poolState: pool(2) });
    cache.forget({ pools: [['smb', failed.pool!]], reps: [['cy', failed.rep!]] });
    expect(cache.read(policy, ['smb'], ['cy']).check).toMatchObject({ pools: [['smb', later.pool]], reps: [] });
  });

  it('has a check wait for the versions earlier decisions read until they commit', () => {
    const cache = new RoutingCache();
    const first = cache.record({ poolState: pool(1) });
    const second = cache.record({ poolState: pool(2) });
    const third = cache.record({ poolState: pool(3) });
    // A fourth decision stands on the third: the row may still show none, the first's or the second's version.
    expect(cache.read(policy, ['smb'], []).check.waits.pools).toEqual([['smb', NO_ROW], ['smb', first.pool], ['smb', second.pool]]);
    cache.committed({ pools: [['smb', second.pool!]], reps: [] });
    expect(cache.read(policy, ['smb'], []).check.waits.pools).toEqual([['smb', second.pool]]);
    cache.committed({ pools: [['smb', third.pool!]], reps: [] });
    expect(cache.read(policy, ['smb'], []).check).toMatchObject({ pools: [['smb', third.pool]], reps: [], waits: { pools: [], reps: [] } });
  });

  it('reads with a lock for an hour once a check fails', () => {
    let now = 0;
    const cache = new RoutingCache(() => now);
    expect(cache.locking()).toBe(false);
    cache.noteConflict(cache.read(policy, [], []).generation);
    expect(cache.locking()).toBe(true);
    now += 3_600_001;
    expect(cache.locking()).toBe(false);
  });

  it('counts the decisions that read the copy before a conflict as that one conflict', () => {
    let now = 0;
    const cache = new RoutingCache(() => now);
    const generation = cache.read(policy, [], []).generation; // five decisions in flight on the same stale row
    cache.noteConflict(generation);
    now += 3_000_000;
    for (let i = 0; i < 4; i++) cache.noteConflict(generation); // the others: no new count, no longer lock
    expect(cache.read(policy, [], []).generation).toBe(generation + 1);
    now += 600_001;
    expect(cache.locking()).toBe(false);
  });

  it('starts a new epoch when rows are forgotten, so decisions in flight take no later write for one of theirs', () => {
    const cache = new RoutingCache();
    const before = cache.read(policy, ['smb'], []).check.epoch;
    const failed = cache.record({ poolState: pool(1) });
    cache.forget({ pools: [['smb', failed.pool!]], reps: [] });
    const after = cache.record({ poolState: pool(1) });
    expect(Math.floor(after.pool! / 2 ** SEQUENCE_BITS)).not.toBe(before);
  });
});
