/**
 * This process's copy of the routing rows (pool rotations and rep loads) with their versions, so
 * the intake routes a lead without a locking read: it decides from the copy, and the commit's
 * round trip locks the rows it read and checks their versions (baton_check_routing) before the
 * writes. Anything else that changes a row (another process, the hand-off sweeper, a manager's
 * away flag or caps) gives it a new version; the check then fails with 40001, inTransaction
 * forgets the copy and retries, and the retry reads the rows again.
 *
 * Why: with the locking read, a pool's row stayed locked from that read to the commit, across two
 * round trips and whatever else the event loop had queued in between, so each routed lead of a
 * pool waited for the one before it (at 200 leads/s into one pool the median answer took over
 * 100 ms, bench/speed-to-lead.md). Now a row is locked only while PostgreSQL runs the commit's
 * statements, and a routed lead costs one round trip fewer.
 *
 * The copy runs ahead of the database: a decision's new state is recorded here at once (before
 * its commit) with a version chosen at random, so the next lead is decided after it, and its
 * check waits on the row lock until the first commits. If the first does not commit, the next
 * one's check fails and both are redone from the database. Versions are random so a version is
 * never seen twice (a copy can never match a row that changed and changed back).
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PoolState, RepLoad, RoutingSnapshot } from '../domain/routing/types.js';
import { syncPoolState } from '../domain/routing/pool-state.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from './database.js';
import { emptyRepLoad, readRoutingRows, repLoadOf } from './routing-store.js';
import type { Tx } from './transaction.js';

/** The versions a snapshot was decided from, for baton_check_routing. */
export interface RoutingVersions {
  pools: [string, number][];
  reps: [string, number][];
}

/** The versions a routing change writes, for the decision's upserts. */
export interface WrittenVersions {
  pool?: number;
  rep?: number;
}

type PoolRow = { members: PoolState['members']; version: number };
type RepRow = { load: RepLoad; version: number };

/** Rows read with a lock for one transaction: its decision uses these, not the copy. */
export interface LockedRows {
  pools: Map<string, PoolRow>;
  reps: Map<string, RepRow>;
}

/** Checks failed within this many milliseconds of each other count as contention… */
const CONTENTION_WINDOW_MS = 1_000;
/** …and this many of them in a row switch to locking reads… */
const CONTENTION_CONFLICTS = 3;
/** …for this long. */
const LOCKING_MS = 10_000;

export class RoutingCache {
  private readonly pools = new Map<string, PoolRow | null>();
  private readonly reps = new Map<string, RepRow | null>();
  private recentConflicts: number[] = [];
  private lockingUntil = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reads the rows not in the copy yet, without a lock; with `lock` (or while contended), reads
   * all of them again and locks them for the transaction. A row that does not exist is
   * remembered as such.
   */
  async load(tx: Tx, pools: readonly string[], reps: readonly string[], lock = false): Promise<LockedRows | undefined> {
    if (lock || this.locking()) {
      const rows = await readRoutingRows(tx, pools, reps, true);
      const locked: LockedRows = { pools: new Map(), reps: new Map() };
      for (const row of rows.pools) locked.pools.set(row.pool, { members: row.members, version: row.version });
      for (const row of rows.reps) locked.reps.set(row.id, { load: repLoadOf(row), version: row.version });
      return locked;
    }
    const missingPools = pools.filter((p) => !this.pools.has(p));
    const missingReps = reps.filter((r) => !this.reps.has(r));
    if (missingPools.length === 0 && missingReps.length === 0) return undefined;
    const rows = await readRoutingRows(tx, missingPools, missingReps);
    // Another lead may have filled (and moved on) a row while this read was out: its copy is newer.
    const poolRows = new Map(rows.pools.map((r) => [r.pool, r]));
    for (const pool of missingPools) {
      if (this.pools.has(pool)) continue;
      const row = poolRows.get(pool);
      this.pools.set(pool, row ? { members: row.members, version: row.version } : null);
    }
    const repRows = new Map(rows.reps.map((r) => [r.id, r]));
    for (const rep of missingReps) {
      if (this.reps.has(rep)) continue;
      const row = repRows.get(rep);
      this.reps.set(rep, row ? { load: repLoadOf(row), version: row.version } : null);
    }
    return undefined;
  }

  /**
   * The snapshot for decide() and the versions it stands on, from `locked` rows where given, else
   * from the copy; synchronous, so no other lead can change the copy between this read and
   * `record`. Rows without a stored row yet are left out of the check (the decision's upsert
   * creates them).
   */
  read(policy: Policy, pools: readonly string[], reps: readonly string[], locked?: LockedRows): { snapshot: RoutingSnapshot; versions: RoutingVersions } {
    const snapshot: RoutingSnapshot = { pools: {}, reps: {} };
    const versions: RoutingVersions = { pools: [], reps: [] };
    for (const name of [...new Set(pools)].sort()) {
      const pool = policy.pools[name];
      const row = locked ? locked.pools.get(name) : this.pools.get(name);
      if (!pool) continue;
      snapshot.pools[name] = syncPoolState(pool, name, row ? { pool: name, members: row.members } : undefined);
      if (row) versions.pools.push([name, row.version]);
    }
    for (const rep of [...new Set(reps)].sort()) {
      const row = locked ? locked.reps.get(rep) : this.reps.get(rep);
      snapshot.reps[rep] = row ? { ...row.load } : emptyRepLoad(rep);
      if (row) versions.reps.push([rep, row.version]);
    }
    return { snapshot, versions };
  }

  /** Records a decision's routing change as the rows' new state, before it commits; returns the versions to write. */
  record(change: { poolState?: PoolState; repLoad?: RepLoad }): WrittenVersions {
    const written: WrittenVersions = {};
    if (change.poolState) {
      written.pool = newVersion();
      this.pools.set(change.poolState.pool, { members: change.poolState.members, version: written.pool });
    }
    if (change.repLoad) {
      written.rep = newVersion();
      const caps = this.reps.get(change.repLoad.rep)?.load.caps;
      this.reps.set(change.repLoad.rep, { load: { ...change.repLoad, ...(caps ? { caps } : {}) }, version: written.rep });
    }
    return written;
  }

  /**
   * After a transaction that read or wrote these versions failed: forgets each of those rows,
   * unless a later decision has moved it on since (that decision's own check then fails, and it
   * forgets the row in turn). The retry reads the rows again.
   */
  forget(touched: RoutingVersions): void {
    for (const [pool, version] of touched.pools) if (this.pools.get(pool)?.version === version) this.pools.delete(pool);
    for (const [rep, version] of touched.reps) if (this.reps.get(rep)?.version === version) this.reps.delete(rep);
  }

  /** Whether leads read the rows with a lock now (checks failed often a moment ago). */
  locking(): boolean {
    return this.now() < this.lockingUntil;
  }

  /** A check failed: the copy was behind. Often in a short time, lock while reading for a while. */
  noteConflict(): void {
    const now = this.now();
    this.recentConflicts = [...this.recentConflicts.filter((t) => now - t < CONTENTION_WINDOW_MS), now];
    if (this.recentConflicts.length >= CONTENTION_CONFLICTS) {
      this.lockingUntil = now + LOCKING_MS;
      this.recentConflicts = [];
    }
  }

  /** Forgets the whole copy. */
  clear(): void {
    this.pools.clear();
    this.reps.clear();
  }
}

/** Above the sequence's values, below 2^53 (exact as a JavaScript number). */
function newVersion(): number {
  return randomInt(2 ** 47, 2 ** 48 - 1) * 16 + randomInt(16);
}

const caches = new WeakMap<Kysely<Database>, RoutingCache>();

/** The copy for one database handle (one per process and database). */
export function routingCacheFor(db: Kysely<Database>): RoutingCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new RoutingCache();
    caches.set(db, cache);
  }
  return cache;
}

