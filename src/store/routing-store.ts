/**
 * Shared routing state: round-robin credit per pool and load per rep. Rows are locked in one
 * global order (pools by name, then reps by id) inside the lead's transaction, so several Baton
 * processes never assign a lead twice, never skew the rotation and never deadlock each other.
 */
import type { PoolState, RepLoad, RoutingSnapshot } from '../domain/routing/types.js';
import { syncPoolState } from '../domain/routing/pool-state.js';
import type { Policy } from '../policy/schema.js';
import { sql, type Kysely } from 'kysely';
import { json, type Database } from './database.js';
import type { Tx } from './transaction.js';

export async function lockRoutingState(tx: Tx, policy: Policy, pools: string[], reps: string[]): Promise<RoutingSnapshot> {
  const snapshot: RoutingSnapshot = { pools: {}, reps: {} };
  if (pools.length === 0 && reps.length === 0) return snapshot;
  // One round trip for both: the pools' CTE is read (and its rows locked, in name order) before
  // the reps' one, keeping the global lock order leads → pools → reps.
  const poolList = pools.length ? sql.join([...pools].sort()) : sql`null`;
  const repList = reps.length ? sql.join([...reps].sort()) : sql`null`;
  const { rows } = await sql<{ pools: StoredPool[] | null; reps: StoredRep[] | null }>`
    with p as (select pool, members from routing_pools where pool in (${poolList}) order by pool for update),
         r as (select reps.id, reps.open_leads, reps.assigned_today, reps.day, reps.away, o.cap_open, o.cap_per_day
               from reps left join rep_overrides o on o.rep = reps.id
               where reps.id in (${repList}) order by reps.id for update of reps)
    select (select json_agg(p) from p) as pools, (select json_agg(r) from r) as reps`.execute(tx);
  const stored = new Map((rows[0]?.pools ?? []).map((r) => [r.pool, { pool: r.pool, members: r.members }]));
  for (const name of pools) {
    const pool = policy.pools[name];
    if (pool) snapshot.pools[name] = syncPoolState(pool, name, stored.get(name));
  }
  for (const row of rows[0]?.reps ?? []) {
    const caps = { ...(row.cap_open !== null ? { open: row.cap_open } : {}), ...(row.cap_per_day !== null ? { per_day: row.cap_per_day } : {}) };
    snapshot.reps[row.id] = { rep: row.id, openLeads: row.open_leads, assignedToday: row.assigned_today, day: row.day, away: row.away, ...(row.cap_open !== null || row.cap_per_day !== null ? { caps } : {}) };
  }
  for (const rep of reps) snapshot.reps[rep] ??= { rep, openLeads: 0, assignedToday: 0, day: null, away: false };
  return snapshot;
}

interface StoredPool {
  pool: string;
  members: PoolState['members'];
}

interface StoredRep {
  id: string;
  /** A manager's cap for this rep (rep_overrides), instead of the pool's. */
  cap_open: number | null;
  cap_per_day: number | null;
  open_leads: number;
  assigned_today: number;
  day: string | null;
  away: boolean;
}

export async function saveRoutingChange(tx: Tx, change: { poolState?: PoolState; repLoad?: RepLoad }, now: Date): Promise<void> {
  if (change.poolState) {
    await tx
      .insertInto('routing_pools')
      .values({ pool: change.poolState.pool, members: json(change.poolState.members), updated_at: now })
      .onConflict((oc) => oc.column('pool').doUpdateSet({ members: json(change.poolState!.members), updated_at: now }))
      .execute();
  }
  if (change.repLoad) {
    const load = change.repLoad;
    await tx
      .insertInto('reps')
      .values({ id: load.rep, open_leads: load.openLeads, assigned_today: load.assignedToday, day: load.day, away: load.away, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ open_leads: load.openLeads, assigned_today: load.assignedToday, day: load.day, updated_at: now }),
      )
      .execute();
  }
}

/** Makes sure every pool and rep of the policy has its state row (new ones start empty). */
export async function ensureRoutingRows(tx: Tx, policy: Policy, now: Date): Promise<void> {
  const reps = Object.keys(policy.reps);
  if (reps.length > 0) {
    await tx
      .insertInto('reps')
      .values(reps.map((id) => ({ id, updated_at: now })))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  const pools = Object.keys(policy.pools);
  if (pools.length > 0) {
    await tx
      .insertInto('routing_pools')
      .values(pools.map((pool) => ({ pool, members: json(syncPoolState(policy.pools[pool]!, pool, undefined).members), updated_at: now })))
      .onConflict((oc) => oc.column('pool').doNothing())
      .execute();
  }
}

export async function routingOverview(db: Kysely<Database>) {
  const pools = await db.selectFrom('routing_pools').selectAll().orderBy('pool').execute();
  const reps = await db.selectFrom('reps').selectAll().orderBy('id').execute();
  return {
    pools: pools.map((p) => ({ pool: p.pool, members: p.members as PoolState['members'] })),
    reps: reps.map((r) => ({ rep: r.id, open_leads: r.open_leads, assigned_today: r.assigned_today, day: r.day, away: r.away })),
  };
}
