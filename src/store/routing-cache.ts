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
 * its commit), so the next lead is decided after it. The database may see their transactions in
 * another order (each has its own connection), so a check knows this process's order
 * (008-routing-check-waits): it waits while a row is still at a version an earlier, uncommitted
 * decision of this process read, and accepts a row it only read at a version a later decision of
 * this process wrote (that decision was made after this one, with it in view). A row at any other
 * version is someone else's change and fails the check.
 *
 * A version is the process's current epoch (random, 31 bits) and a sequence number (22 bits):
 * never seen twice, above the database sequence's values, and "written in this process's order"
 * is one comparison. The order holds while every decision stands on the one before it; so the
 * epoch changes whenever a row may be read afresh from the database (a failed transaction's rows
 * forgotten, a read with a lock), and a decision made before that takes no row written after it
 * for its own. (Reading a row afresh while an earlier decision that writes it is in flight
 * misses that decision: with one epoch, the later one could commit first and the earlier one
 * overwrite it.)
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PoolState, RepLoad, RoutingSnapshot } from '../domain/routing/types.js';
import { syncPoolState } from '../domain/routing/pool-state.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from './database.js';
import { emptyRepLoad, repLoadOf, type StoredRows } from './routing-store.js';

/** Versions of routing rows: those a snapshot was decided from, or those a decision wrote. */
export interface RoutingVersions {
  pools: [string, number][];
  reps: [string, number][];
}

/** What baton_check_routing gets: the versions read, and those the rows may still show while earlier decisions of this process commit. */
export interface RoutingCheck extends RoutingVersions {
  waits: RoutingVersions;
  /** Versions of this epoch are this process's, made after the decision when not among the waits (for rows it only reads). */
  epoch: number;
}

/**
 * A check as baton_check_routing takes it: each row with the version read and the epoch whose
 * versions it may also show (0: only the version read, for a row the transaction writes).
 */
export interface CheckRows {
  pools: [name: string, version: number, epoch: number][];
  reps: [id: string, version: number, epoch: number][];
  waits: RoutingVersions;
}

/**
 * One check for decisions made one after another in one transaction (a group of leads): each
 * row at the version the group's first decision that read it read, with that decision's waits.
 * The later decisions of the group read the versions the earlier ones wrote, which the
 * transaction itself writes in order. Undefined when a later decision read a row at any other
 * version: another transaction's uncommitted decision came in between (the group's decisions
 * awaited a read), and the group must be decided again.
 */
export function groupCheckRows(decisions: readonly { check?: RoutingCheck | undefined; writes: RoutingVersions }[]): CheckRows | undefined {
  const rows: CheckRows = { pools: [], reps: [], waits: { pools: [], reps: [] } };
  const writtenPools = new Set(decisions.flatMap((d) => d.writes.pools.map(([name]) => name)));
  const writtenReps = new Set(decisions.flatMap((d) => d.writes.reps.map(([id]) => id)));
  /** Each row's version in this transaction after the decisions so far. */
  const pools = new Map<string, number>();
  const reps = new Map<string, number>();
  const take = (
    read: [string, number][],
    waits: [string, number][],
    epoch: number,
    at: Map<string, number>,
    written: Set<string>,
    out: [string, number, number][],
    outWaits: [string, number][],
  ): boolean => {
    for (const [name, version] of read) {
      const expected = at.get(name);
      if (expected !== undefined) {
        if (expected !== version) return false;
        continue;
      }
      at.set(name, version);
      out.push([name, version, written.has(name) ? 0 : epoch]);
      outWaits.push(...waits.filter(([w]) => w === name));
    }
    return true;
  };
  for (const { check, writes } of decisions) {
    if (check) {
      if (!take(check.pools, check.waits.pools, check.epoch, pools, writtenPools, rows.pools, rows.waits.pools)) return undefined;
      if (!take(check.reps, check.waits.reps, check.epoch, reps, writtenReps, rows.reps, rows.waits.reps)) return undefined;
    }
    for (const [name, version] of writes.pools) pools.set(name, version);
    for (const [id, version] of writes.reps) reps.set(id, version);
  }
  return rows;
}

/** The version a wait names for a row that does not exist yet. */
export const NO_ROW = -1;

/** Bits of a version below its epoch. */
export const SEQUENCE_BITS = 22;

/** The versions a routing change writes, for the decision's upserts. */
export interface WrittenVersions {
  pool?: number;
  rep?: number;
}

/**
 * A row as this process knows it. `behind`: the versions the database may still show while this
 * process's own decisions that led to `version` commit, oldest first (empty: `version` was read).
 */
type PoolRow = { members: PoolState['members']; version: number; behind: number[] };
type RepRow = { load: RepLoad; version: number; behind: number[] };

/** Rows read with a lock for one transaction: its decision uses these, not the copy. */
export interface LockedRows {
  pools: Map<string, PoolRow>;
  reps: Map<string, RepRow>;
}

/**
 * After a check fails (someone else changed a row: another process, the sweeper, a manager), the
 * process reads with a lock for this long by default (BATON_ROUTING_LOCK_SECONDS): locking reads
 * serialize a pool's leads, which is cheaper than retrying decisions while processes contend. A
 * single process with no other writer (the benchmarks: 0 conflicts) keeps the copy.
 */
export const DEFAULT_LOCKING_MS = 10_000;

/** Reads routing rows as committed now, with `lock` locked for the transaction (readRoutingRows in a transaction). */
export type RowSource = (pools: readonly string[], reps: readonly string[], lock: boolean) => Promise<StoredRows>;

export interface RoutingRead {
  snapshot: RoutingSnapshot;
  check: RoutingCheck;
  /** Goes to noteConflict if the check fails. */
  generation: number;
}

/** What a decision changes in the routing rows. */
export interface RoutingChange {
  poolState?: PoolState;
  repLoad?: RepLoad;
}

/** A decision made from the routing rows, the check it stands on and the versions its change writes. */
export interface RoutedDecision<D> {
  decision: D;
  check: RoutingCheck;
  generation: number;
  written: WrittenVersions;
}

/** Rounds of filling the copy before snapshot() gives up on it and reads with a lock. */
const MAX_FILLS = 3;

export class RoutingCache {
  private readonly pools = new Map<string, PoolRow | null>();
  private readonly reps = new Map<string, RepRow | null>();
  private lockingUntil = 0;
  /** New with every conflict counted: the decisions that read the copy before it fail with it, and count once. */
  private epoch = newEpoch();
  private sequence = 0;
  /** Moves on with every conflict counted: the decisions that read the copy before it fail with it, and count once. */
  private generation = 0;

  private readonly lockingMs: number;
  private readonly now: () => number;

  /** `lockingMs`: how long to read with a lock after a failed check (0: never). */
  constructor(options: { lockingMs?: number; now?: () => number } = {}) {
    this.lockingMs = options.lockingMs ?? DEFAULT_LOCKING_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * Decides from the routing rows: hands `decide` a snapshot of them, records the routing change
   * it returns (`change`) as the rows' new state (before it commits), and returns the check the decision
   * stands on and the versions to write. Reads the rows not in the copy yet, without a lock; with
   * `lock` (or while contended), reads all of them again and locks them for the transaction, and
   * decides from those. A row that does not exist is remembered as such (app start creates the
   * policy's rows, so that is rare).
   *
   * Snapshot, decision and record happen in one synchronous stretch, the one that finds every row
   * in the copy: a failed transaction's `forget` may drop a row while a read is out (or while an
   * await hands the event loop to other leads), and a row missing from the copy must never be
   * taken for a row missing from the database. Until 2026-11-21 the snapshot was taken after an
   * await; a pool's rotation was then started afresh and left out of the check, and
   * multi-process-routing lost pool and rep counts.
   */
  async decide<D>(
    rows: RowSource,
    policy: Policy,
    pools: readonly string[],
    reps: readonly string[],
    lock: boolean,
    decide: (snapshot: RoutingSnapshot) => { decision: D; change?: RoutingChange | undefined },
  ): Promise<RoutedDecision<D>> {
    if (!lock && !this.locking()) {
      for (let attempt = 0; attempt < MAX_FILLS; attempt++) {
        const missingPools = pools.filter((p) => !this.pools.has(p));
        const missingReps = reps.filter((r) => !this.reps.has(r));
        if (missingPools.length === 0 && missingReps.length === 0) return this.decideFrom(policy, pools, reps, undefined, decide);
        this.fill(missingPools, missingReps, await rows(missingPools, missingReps, false));
      }
      // Rows keep being forgotten while they are read (other leads are failing): read with a lock.
    }
    const read = await rows(pools, reps, true);
    const locked: LockedRows = { pools: new Map(), reps: new Map() };
    for (const row of read.pools) locked.pools.set(row.pool, { members: row.members, version: row.version, behind: [] });
    for (const row of read.reps) locked.reps.set(row.id, { load: repLoadOf(row), version: row.version, behind: [] });
    this.renewEpoch(); // read afresh: this decision does not stand on the ones in flight
    return this.decideFrom(policy, pools, reps, locked, decide);
  }

  private decideFrom<D>(
    policy: Policy,
    pools: readonly string[],
    reps: readonly string[],
    locked: LockedRows | undefined,
    decide: (snapshot: RoutingSnapshot) => { decision: D; change?: RoutingChange | undefined },
  ): RoutedDecision<D> {
    const { snapshot, check, generation } = this.read(policy, pools, reps, locked);
    const { decision, change } = decide(snapshot);
    const written = change ? this.record(change, locked) : {};
    return { decision, check, generation, written };
  }

  /** Puts rows read without a lock into the copy, unless another lead filled (and moved on) one meanwhile: its copy is newer. */
  private fill(pools: readonly string[], reps: readonly string[], read: StoredRows): void {
    const poolRows = new Map(read.pools.map((r) => [r.pool, r]));
    for (const pool of pools) {
      if (this.pools.has(pool)) continue;
      const row = poolRows.get(pool);
      this.pools.set(pool, row ? { members: row.members, version: row.version, behind: [] } : null);
    }
    const repRows = new Map(read.reps.map((r) => [r.id, r]));
    for (const rep of reps) {
      if (this.reps.has(rep)) continue;
      const row = repRows.get(rep);
      this.reps.set(rep, row ? { load: repLoadOf(row), version: row.version, behind: [] } : null);
    }
  }

  /**
   * The snapshot and check from `locked` rows where given, else from the copy, which must hold
   * every row asked for (decide() makes sure). Rows without a stored row are left out of the
   * check (the decision's upsert creates them).
   */
  private read(policy: Policy, pools: readonly string[], reps: readonly string[], locked?: LockedRows): RoutingRead {
    const snapshot: RoutingSnapshot = { pools: {}, reps: {} };
    const check: RoutingCheck = { pools: [], reps: [], waits: { pools: [], reps: [] }, epoch: this.epoch };
    for (const name of [...new Set(pools)].sort()) {
      const pool = policy.pools[name];
      if (!pool) continue;
      const row = locked ? locked.pools.get(name) : this.known(this.pools, name);
      snapshot.pools[name] = syncPoolState(pool, name, row ? { pool: name, members: row.members } : undefined);
      if (!row) continue;
      check.pools.push([name, row.version]);
      for (const version of row.behind) check.waits.pools.push([name, version]);
    }
    for (const rep of [...new Set(reps)].sort()) {
      const row = locked ? locked.reps.get(rep) : this.known(this.reps, rep);
      snapshot.reps[rep] = row ? { ...row.load } : emptyRepLoad(rep);
      if (!row) continue;
      check.reps.push([rep, row.version]);
      for (const version of row.behind) check.waits.reps.push([rep, version]);
    }
    return { snapshot, check, generation: this.generation };
  }

  private known<Row>(copy: Map<string, Row | null>, key: string): Row | null {
    const row = copy.get(key);
    if (row === undefined) throw new Error(`routing row "${key}" is not in the copy; decide through decide()`);
    return row;
  }

  /**
   * Records a decision's routing change as the rows' new state, before it commits; returns the
   * versions to write. `locked`: the rows the decision read with a lock, if it did.
   */
  private record(change: RoutingChange, locked?: LockedRows): WrittenVersions {
    const written: WrittenVersions = {};
    if (change.poolState) {
      const name = change.poolState.pool;
      written.pool = this.newVersion();
      this.pools.set(name, { members: change.poolState.members, version: written.pool, behind: behindOf(locked ? locked.pools.get(name) : this.pools.get(name)) });
    }
    if (change.repLoad) {
      const id = change.repLoad.rep;
      written.rep = this.newVersion();
      const before = locked ? locked.reps.get(id) : this.reps.get(id);
      const caps = (this.reps.get(id) ?? before)?.load.caps;
      this.reps.set(id, { load: { ...change.repLoad, ...(caps ? { caps } : {}) }, version: written.rep, behind: behindOf(before) });
    }
    return written;
  }

  /**
   * After a transaction that wrote these versions committed: the database shows them (or later
   * ones), so later checks need not wait for anything older.
   */
  committed(written: RoutingVersions): void {
    const trim = (row: PoolRow | RepRow | null | undefined, version: number) => {
      if (!row) return;
      if (row.version === version) row.behind = [];
      else {
        const at = row.behind.indexOf(version);
        if (at > 0) row.behind = row.behind.slice(at);
      }
    };
    for (const [pool, version] of written.pools) trim(this.pools.get(pool), version);
    for (const [rep, version] of written.reps) trim(this.reps.get(rep), version);
  }

  /**
   * After a transaction that read or wrote these versions failed: forgets each of those rows,
   * unless a later decision has moved it on since (that decision's own check then fails, and it
   * forgets the row in turn). The retry reads the rows again, in a new epoch.
   */
  forget(touched: RoutingVersions): void {
    if (touched.pools.length + touched.reps.length > 0) this.renewEpoch(); // the rows will be read afresh
    for (const [pool, version] of touched.pools) if (this.pools.get(pool)?.version === version) this.pools.delete(pool);
    for (const [rep, version] of touched.reps) if (this.reps.get(rep)?.version === version) this.reps.delete(rep);
  }

  /** Whether leads read the rows with a lock now (a check failed within lockingMs). */
  locking(): boolean {
    return this.now() < this.lockingUntil;
  }

  /**
   * A check failed: the copy was behind, so someone else writes these rows; read with a lock for
   * a while (lockingMs). `generation` is the one the failed decision read at: the decisions that
   * read the copy before a counted conflict were built on the same stale row and fail with it,
   * which is one conflict.
   */
  noteConflict(generation: number): void {
    if (generation !== this.generation) return;
    this.generation++;
    this.lockingUntil = this.now() + this.lockingMs;
  }

  private newVersion(): number {
    if (this.sequence >= 2 ** SEQUENCE_BITS) this.renewEpoch();
    return this.epoch * 2 ** SEQUENCE_BITS + this.sequence++;
  }

  private renewEpoch(): void {
    let epoch = newEpoch();
    while (epoch === this.epoch) epoch = newEpoch();
    this.epoch = epoch;
    this.sequence = 0;
  }

  /** Forgets the whole copy. */
  clear(): void {
    this.renewEpoch();
    this.pools.clear();
    this.reps.clear();
  }
}

/** The versions the database may show while the decision that read `row` (at its version) commits. */
function behindOf(row: PoolRow | RepRow | null | undefined): number[] {
  return row ? [...row.behind, row.version] : [NO_ROW];
}

/** An epoch: at least 2^20 (so versions are above the database sequence's values), below 2^31 (so they stay below 2^53, exact as JavaScript numbers). */
function newEpoch(): number {
  return randomInt(2 ** 20, 2 ** 31);
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

