import { describe, expect, it } from 'vitest';
import { RoutingCache } from './routing-cache.js';
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
    expect(read.versions).toEqual({ pools: [['smb', first.pool]], reps: [['cy', first.rep]] }); // dee has no row: not checked
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
    expect(cache.read(policy, ['smb'], ['cy']).versions).toEqual({ pools: [['smb', later.pool]], reps: [] });
  });

  it('reads with a lock for a while once checks fail often', () => {
    let now = 0;
    const cache = new RoutingCache(() => now);
    cache.noteConflict();
    now += 100;
    cache.noteConflict();
    expect(cache.locking()).toBe(false);
    now += 100;
    cache.noteConflict();
    expect(cache.locking()).toBe(true);
    now += 10_001;
    expect(cache.locking()).toBe(false);
  });

  it('does not count checks failed far apart as contention', () => {
    let now = 0;
    const cache = new RoutingCache(() => now);
    for (let i = 0; i < 5; i++) {
      cache.noteConflict();
      now += 2_000;
    }
    expect(cache.locking()).toBe(false);
  });
});
