/**
 * The routing rows one hand-off transaction reads and changes (pool rotations, rep loads), locked
 * once and kept in memory until the transaction writes them back in one statement. A sweep that
 * reassigns 200 leads of one pool then costs one locking read and one write instead of three
 * round trips a lead (bench/clock-sweep.md has the before and after).
 *
 * Rows are locked on first use, in the store's order (pools, then reps, by name) within each
 * call; a later call for rows not yet held can lock out of that order, and PostgreSQL then breaks
 * a rare deadlock by aborting one transaction, which inTransaction retries.
 */
import { sql } from 'kysely';
import type { PoolState, RepLoad, RoutingSnapshot } from '../domain/routing/index.js';
import type { Policy } from '../policy/schema.js';
import { lockRoutingState } from '../store/routing-store.js';
import type { Tx } from '../store/transaction.js';

export class RoutingSession {
  private readonly pools = new Map<string, PoolState>();
  private readonly loads = new Map<string, RepLoad>();
  private readonly changed = new Set<string>();
  /** Releases for reps whose row this session has not read: applied as deltas when written. */
  private readonly releases = new Map<string, number>();

  constructor(
    private readonly tx: Tx,
    private readonly policy: Policy,
  ) {}

  /** The pools' and reps' state, locked for this transaction; rows already held are not read again. */
  async snapshot(pools: readonly string[], reps: readonly string[]): Promise<RoutingSnapshot> {
    const newPools = [...new Set(pools)].filter((p) => !this.pools.has(p));
    const newReps = [...new Set(reps)].filter((r) => !this.loads.has(r));
    if (newPools.length > 0 || newReps.length > 0) {
      const locked = await lockRoutingState(this.tx, this.policy, newPools, newReps);
      for (const [name, state] of Object.entries(locked.pools)) this.pools.set(name, state);
      for (const [rep, load] of Object.entries(locked.reps)) {
        const released = this.releases.get(rep) ?? 0;
        this.releases.delete(rep);
        if (released > 0) this.changed.add(rep);
        this.loads.set(rep, { ...load, openLeads: Math.max(0, load.openLeads - released) });
      }
    }
    const snapshot: RoutingSnapshot = { pools: {}, reps: {} };
    for (const p of pools) if (this.pools.has(p)) snapshot.pools[p] = this.pools.get(p)!;
    for (const r of reps) snapshot.reps[r] = this.loads.get(r)!;
    return snapshot;
  }

  /** The rep's load after an assignment (routing's `repLoad`). */
  assign(load: RepLoad): void {
    this.loads.set(load.rep, load);
    this.changed.add(load.rep);
  }

  /** One open lead fewer for the rep (closed, recycled, rejected or taken away). */
  release(rep: string): void {
    const load = this.loads.get(rep);
    if (load) {
      load.openLeads = Math.max(0, load.openLeads - 1);
      this.changed.add(rep);
    } else {
      this.releases.set(rep, (this.releases.get(rep) ?? 0) + 1);
    }
  }

  /** Writes the changed loads and pending releases; call once before the transaction commits. */
  async write(now: Date): Promise<void> {
    const rows = [...this.changed].map((rep) => this.loads.get(rep)!);
    if (rows.length > 0) {
      const values = rows.map((l) => sql`(${l.rep}::text, ${l.openLeads}::int, ${l.assignedToday}::int, ${l.day}::text, ${l.away}::boolean, ${now}::timestamptz)`);
      await sql`insert into reps (id, open_leads, assigned_today, day, away, updated_at)
        values ${sql.join(values)}
        on conflict (id) do update set open_leads = excluded.open_leads, assigned_today = excluded.assigned_today, day = excluded.day, updated_at = excluded.updated_at`.execute(this.tx);
    }
    if (this.releases.size > 0) {
      const values = [...this.releases].map(([rep, n]) => sql`(${rep}::text, ${n}::int)`);
      await sql`update reps set open_leads = greatest(reps.open_leads - v.n, 0), updated_at = ${now}
        from (values ${sql.join(values)}) as v(id, n) where reps.id = v.id`.execute(this.tx);
    }
    this.changed.clear();
    this.releases.clear();
  }
}
