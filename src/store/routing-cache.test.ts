import { describe, expect, it } from 'vitest';
import { groupCheckRows, NO_ROW, RoutingCache, SEQUENCE_BITS, type RoutingChange, type RowSource } from './routing-cache.js';
import type { StoredRows } from './routing-store.js';
import type { RoutingSnapshot } from '../domain/routing/types.js';
import type { Policy } from '../policy/schema.js';

const policy = { pools: { smb: { members: [{ rep: 'cy', weight: 1 }, { rep: 'dee', weight: 1 }] } } } as unknown as Policy;
const pool = (currentWeight: number) => ({
  pool: 'smb',
  members: [
    { rep: 'cy', weight: 1, currentWeight, assignedCount: 1, active: true },
    { rep: 'dee', weight: 1, currentWeight: -currentWeight, assignedCount: 1, active: true },
  ],
});
const storedRep = (id: string, version: number, openLeads = 0) => ({ id, version, cap_open: null, cap_per_day: null, open_leads: openLeads, assigned_today: 0, day: null, away: false });

/** A database with these rows; `onRead` runs while a read is out. */
function rowSource(rows: StoredRows, onRead?: (pools: readonly string[], reps: readonly string[], lock: boolean) => void): RowSource & { reads: string[][] } {
  const reads: string[][] = [];
  const source = async (pools: readonly string[], reps: readonly string[], lock: boolean) => {
    reads.push([...pools, ...reps]);
    onRead?.(pools, reps, lock);
    await Promise.resolve();
    return { pools: rows.pools.filter((p) => pools.includes(p.pool)), reps: rows.reps.filter((r) => reps.includes(r.id)) };
  };
  return Object.assign(source, { reads });
}

const noRows = rowSource({ pools: [], reps: [] });

/** Decides from the copy, changing nothing. */
function look(cache: RoutingCache, pools: string[], reps: string[], rows: RowSource = noRows) {
  let seen: RoutingSnapshot | undefined;
  return cache
    .decide(rows, policy, pools, reps, false, (snapshot) => {
      seen = snapshot;
      return { decision: null };
    })
    .then((routed) => ({ ...routed, snapshot: seen! }));
}

/** Decides from the copy and records `change`. */
function change(cache: RoutingCache, routing: RoutingChange, rows: RowSource = noRows) {
  const reps = routing.repLoad ? [routing.repLoad.rep] : [];
  return cache.decide(rows, policy, routing.poolState ? ['smb'] : [], reps, false, () => ({ decision: null, change: routing })).then((r) => r.written);
}

describe('RoutingCache', () => {
  it('hands the next decision the state and version the last one recorded', async () => {
    const cache = new RoutingCache();
    const first = await change(cache, { poolState: pool(1), repLoad: { rep: 'cy', openLeads: 3, assignedToday: 1, day: '2026-03-10', away: false } });
    const read = await look(cache, ['smb'], ['cy', 'dee']);
    // dee has no row: not checked. The first decision has not committed: the rows may not exist yet.
    expect(read.check).toEqual({ pools: [['smb', first.pool]], reps: [['cy', first.rep]], waits: { pools: [['smb', NO_ROW]], reps: [['cy', NO_ROW]] }, epoch: read.check.epoch });
    expect(Math.floor(first.pool! / 2 ** SEQUENCE_BITS)).toBe(read.check.epoch); // this process's, in this epoch
    expect(read.snapshot.pools.smb!.members[0]).toMatchObject({ rep: 'cy', currentWeight: 1 });
    expect(read.snapshot.reps).toMatchObject({ cy: { openLeads: 3 }, dee: { openLeads: 0 } });
    const second = await change(cache, { poolState: pool(2) });
    expect(second.pool).not.toBe(first.pool);
  });

  it('forgets a failed decision’s rows, but not rows a later decision moved on', async () => {
    const cache = new RoutingCache();
    const failed = await change(cache, { poolState: pool(1), repLoad: { rep: 'cy', openLeads: 1, assignedToday: 1, day: null, away: false } });
    const later = await change(cache, { poolState: pool(2) });
    cache.forget({ pools: [['smb', failed.pool!]], reps: [['cy', failed.rep!]] });
    const rows = rowSource({ pools: [], reps: [storedRep('cy', 7, 4)] });
    const read = await look(cache, ['smb'], ['cy'], rows);
    expect(rows.reads).toEqual([['cy']]); // read again from the database
    expect(read.check).toMatchObject({ pools: [['smb', later.pool]], reps: [['cy', 7]] });
    expect(read.snapshot.reps.cy).toMatchObject({ openLeads: 4 });
  });

  it('decides in the same synchronous stretch that found the rows: a row forgotten while a read is out is read again', async () => {
    const cache = new RoutingCache();
    const recorded = await change(cache, { poolState: pool(1) });
    // cy is not in the copy; while it is read, a failed transaction drops smb from the copy.
    const rows = rowSource({ pools: [{ pool: 'smb', members: pool(5).members, version: 41 }], reps: [storedRep('cy', 9)] }, () =>
      cache.forget({ pools: [['smb', recorded.pool!]], reps: [] }),
    );
    const read = await look(cache, ['smb'], ['cy'], rows);
    expect(rows.reads).toEqual([['cy'], ['smb']]);
    // Not a pool rotation started afresh and left out of the check (the lost updates of 2026-11-21).
    expect(read.check.pools).toEqual([['smb', 41]]);
    expect(read.snapshot.pools.smb!.members[0]).toMatchObject({ currentWeight: 5 });
  });

  it('takes the snapshot before anything else can run: a forget right after the call does not reach it', async () => {
    const cache = new RoutingCache();
    const recorded = await change(cache, { poolState: pool(1) });
    const pending = look(cache, ['smb'], []);
    cache.forget({ pools: [['smb', recorded.pool!]], reps: [] });
    expect((await pending).check.pools).toEqual([['smb', recorded.pool]]);
  });

  it('reads with a lock after rows keep being forgotten while they are read', async () => {
    const cache = new RoutingCache();
    await change(cache, { poolState: pool(1) });
    // Every unlocked read loses the other rows again (other leads keep failing).
    const rows = rowSource({ pools: [{ pool: 'smb', members: pool(2).members, version: 3 }], reps: [storedRep('cy', 4)] }, (_p, _r, lock) => {
      if (!lock) cache.clear();
    });
    const read = await look(cache, ['smb'], ['cy'], rows);
    expect(rows.reads).toEqual([['cy'], ['smb'], ['cy'], ['smb', 'cy']]); // three rounds, then the locking read
    expect(read.check).toMatchObject({ pools: [['smb', 3]], reps: [['cy', 4]] });
  });

  it('has a check wait for the versions earlier decisions read until they commit', async () => {
    const cache = new RoutingCache();
    const first = await change(cache, { poolState: pool(1) });
    const second = await change(cache, { poolState: pool(2) });
    const third = await change(cache, { poolState: pool(3) });
    // A fourth decision stands on the third: the row may still show none, the first's or the second's version.
    expect((await look(cache, ['smb'], [])).check.waits.pools).toEqual([['smb', NO_ROW], ['smb', first.pool], ['smb', second.pool]]);
    cache.committed({ pools: [['smb', second.pool!]], reps: [] });
    expect((await look(cache, ['smb'], [])).check.waits.pools).toEqual([['smb', second.pool]]);
    cache.committed({ pools: [['smb', third.pool!]], reps: [] });
    expect((await look(cache, ['smb'], [])).check).toMatchObject({ pools: [['smb', third.pool]], reps: [], waits: { pools: [], reps: [] } });
  });

  it('reads with a lock for lockingMs once a check fails, and never with 0', async () => {
    let now = 0;
    const cache = new RoutingCache({ now: () => now });
    expect(cache.locking()).toBe(false);
    cache.noteConflict((await look(cache, [], [])).generation);
    expect(cache.locking()).toBe(true);
    now += 10_001;
    expect(cache.locking()).toBe(false);
    const never = new RoutingCache({ lockingMs: 0, now: () => now });
    never.noteConflict((await look(never, [], [])).generation);
    expect(never.locking()).toBe(false);
  });

  it('counts the decisions that read the copy before a conflict as that one conflict', async () => {
    let now = 0;
    const cache = new RoutingCache({ now: () => now });
    const generation = (await look(cache, [], [])).generation; // five decisions in flight on the same stale row
    cache.noteConflict(generation);
    now += 8_000;
    for (let i = 0; i < 4; i++) cache.noteConflict(generation); // the others: no new count, no longer lock
    expect((await look(cache, [], [])).generation).toBe(generation + 1);
    now += 2_001;
    expect(cache.locking()).toBe(false);
  });

  it('starts a new epoch when rows are forgotten, so decisions in flight take no later write for one of theirs', async () => {
    const cache = new RoutingCache();
    const before = (await look(cache, ['smb'], [])).check.epoch;
    const failed = await change(cache, { poolState: pool(1) });
    cache.forget({ pools: [['smb', failed.pool!]], reps: [] });
    const after = await change(cache, { poolState: pool(1) }, rowSource({ pools: [], reps: [] }));
    expect(Math.floor(after.pool! / 2 ** SEQUENCE_BITS)).not.toBe(before);
  });
});

describe('groupCheckRows: one check for the decisions of a group of leads', () => {
  const check = (epoch: number, pools: [string, number][], reps: [string, number][] = [], waits: { pools?: [string, number][]; reps?: [string, number][] } = {}) => ({
    pools,
    reps,
    epoch,
    waits: { pools: waits.pools ?? [], reps: waits.reps ?? [] },
  });
  const none = { pools: [] as [string, number][], reps: [] as [string, number][] };

  it('checks each row at the version its first reader read, with that reader waits, and takes the later readers as following the group', () => {
    const rows = groupCheckRows([
      { check: check(7, [['smb', 100]], [['cy', 40]], { pools: [['smb', 99]] }), writes: { pools: [['smb', 101]], reps: [['cy', 102]] } },
      // The second lead read the first one's writes (its waits name the first one's reads).
      { check: check(7, [['smb', 101]], [['cy', 102], ['dee', 50]], { pools: [['smb', 99], ['smb', 100]], reps: [['cy', 40]] }), writes: { pools: [['smb', 103]], reps: [] } },
    ]);
    expect(rows).toEqual({
      // Rows the group writes must be at the version read; dee, only read, may be at a later version of epoch 7.
      pools: [['smb', 100, 0]],
      reps: [['cy', 40, 0], ['dee', 50, 7]],
      waits: { pools: [['smb', 99]], reps: [] },
    });
  });

  it('is the decision own check for a group of one', () => {
    const single = check(3, [['smb', 5]], [['cy', 6]], { reps: [['cy', 4]] });
    // smb only read: a later version of epoch 3 will do; cy written: exactly version 6.
    expect(groupCheckRows([{ check: single, writes: { pools: [], reps: [['cy', 9]] } }])).toEqual({
      pools: [['smb', 5, 3]],
      reps: [['cy', 6, 0]],
      waits: { pools: [], reps: [['cy', 4]] },
    });
  });

  it('is undefined when a later decision read a row another transaction had moved on in between', () => {
    expect(
      groupCheckRows([
        { check: check(7, [['smb', 100]]), writes: { pools: [['smb', 101]], reps: [] } },
        // Not 101 (this group's write): another transaction's decision came between the two.
        { check: check(7, [['smb', 104]]), writes: none },
      ]),
    ).toBeUndefined();
  });

  it('takes a row the group created (no stored row, so no check) as at the version the group wrote', () => {
    const rows = groupCheckRows([
      { check: check(7, []), writes: { pools: [], reps: [['new-rep', 200]] } },
      { check: check(7, [], [['new-rep', 200]]), writes: none },
    ]);
    expect(rows).toEqual({ pools: [], reps: [], waits: { pools: [], reps: [] } });
  });

  it('leaves out decisions that read no routing rows', () => {
    expect(groupCheckRows([{ writes: none }, { check: check(2, [['smb', 1]]), writes: none }])).toEqual({ pools: [['smb', 1, 2]], reps: [], waits: { pools: [], reps: [] } });
  });
});
