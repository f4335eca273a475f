/**
 * Shared routing state: round-robin credit per pool and load per rep. Rows are locked in one
 * global order (pools by name, then reps by id) inside the lead's transaction, so several Baton
 * processes never assign a lead twice, never skew the rotation and never deadlock each other.
 */
import type { PoolState, RepLoad, RoutingSnapshot } from '../domain/routing/types.js';
import { syncPoolState } from '../domain/routing/pool-state.js';
import type { Policy } from '../policy/schema.js';
import type { Kysely } from 'kysely';
import { json, type Database } from './database.js';
import type { CheckRows } from './routing-cache.js';
import { defer, query, type Tx } from './transaction.js';

export async function lockRoutingState(tx: Tx, policy: Policy, pools: string[], reps: string[]): Promise<RoutingSnapshot> {
  const snapshot: RoutingSnapshot = { pools: {}, reps: {} };
  if (pools.length === 0 && reps.length === 0) return snapshot;
  const rows = await readRoutingRows(tx, pools, reps, true);
  const stored = new Map(rows.pools.map((r) => [r.pool, { pool: r.pool, members: r.members }]));
  for (const name of pools) {
    const pool = policy.pools[name];
    if (pool) snapshot.pools[name] = syncPoolState(pool, name, stored.get(name));
  }
  for (const row of rows.reps) snapshot.reps[row.id] = repLoadOf(row);
  for (const rep of reps) snapshot.reps[rep] ??= emptyRepLoad(rep);
  return snapshot;
}

const REP_ROWS = `select reps.id, reps.open_leads, reps.assigned_today, reps.day, reps.away, reps.version, o.cap_open, o.cap_per_day
  from reps left join rep_overrides o on o.rep = reps.id`;

/**
 * The routing rows as they are committed now (see routing-cache.ts): without a lock, or with
 * `lock` locked for this transaction in the global order (pools by name, then reps by id).
 */
export async function readRoutingRows(
  tx: Tx,
  pools: readonly string[],
  reps: readonly string[],
  lock = false,
): Promise<StoredRows> {
  const rows = await query<{ pools: StoredPool[] | null; reps: StoredRep[] | null }>(
    tx,
    lock
      ? {
          // One round trip for both: the pools' CTE is read (and its rows locked, in name order)
          // before the reps' one, keeping the global lock order leads → pools → reps.
          name: 'baton_lock_routing_rows',
          sql: `with p as (select pool, members, version from routing_pools where pool = any($1::text[]) order by pool for update),
              r as (${REP_ROWS} where reps.id = any($2::text[]) order by reps.id for update of reps)
            select (select json_agg(p) from p) as pools, (select json_agg(r) from r) as reps`,
          parameters: [[...pools].sort(), [...reps].sort()],
        }
      : {
          name: 'baton_read_routing_rows',
          sql: `select (select json_agg(p) from (select pool, members, version from routing_pools where pool = any($1::text[])) p) as pools,
              (select json_agg(r) from (${REP_ROWS} where reps.id = any($2::text[])) r) as reps`,
          parameters: [[...pools], [...reps]],
        },
  );
  return { pools: rows[0]?.pools ?? [], reps: rows[0]?.reps ?? [] };
}

/**
 * Locks the routing rows a decision read, in the global order, and fails with 40001 when one of
 * them is no longer at the version it was read at (nor, for a row it only read, at one a later
 * decision of this process wrote); first waits while a row is still at a version one of this process's earlier, uncommitted
 * decisions read (008-routing-check-waits). Queued ahead of the decision's writes.
 */
export async function deferRoutingCheck(tx: Tx, rows: CheckRows): Promise<void> {
  if (rows.pools.length === 0 && rows.reps.length === 0) return;
  const column = <T>(list: [string, number, number][], i: 0 | 1 | 2) => list.map((row) => row[i]) as T[];
  const names = (list: [string, number][]) => list.map(([name]) => name);
  const versions = (list: [string, number][]) => list.map(([, version]) => version);
  await defer(tx, {
    name: 'baton_check_routing',
    sql: 'select baton_check_routing($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::bigint[], $9::text[], $10::bigint[])',
    parameters: [
      column<string>(rows.pools, 0), column<number>(rows.pools, 1), column<string>(rows.reps, 0), column<number>(rows.reps, 1),
      column<number>(rows.pools, 2), column<number>(rows.reps, 2),
      names(rows.waits.pools), versions(rows.waits.pools), names(rows.waits.reps), versions(rows.waits.reps),
    ],
  });
}

/** Whether an error is baton_check_routing's: the rows moved on, read them again. */
export function isRoutingConflict(error: unknown): boolean {
  const e = error as { code?: unknown; hint?: unknown } | undefined;
  return e?.code === '40001' && e.hint === 'baton_routing_changed';
}

export function repLoadOf(row: StoredRep): RepLoad {
  const caps = { ...(row.cap_open !== null ? { open: row.cap_open } : {}), ...(row.cap_per_day !== null ? { per_day: row.cap_per_day } : {}) };
  return {
    rep: row.id,
    openLeads: row.open_leads,
    assignedToday: row.assigned_today,
    day: row.day,
    away: row.away,
    ...(row.cap_open !== null || row.cap_per_day !== null ? { caps } : {}),
  };
}

export function emptyRepLoad(rep: string): RepLoad {
  return { rep, openLeads: 0, assignedToday: 0, day: null, away: false };
}

export interface StoredRows {
  pools: StoredPool[];
  reps: StoredRep[];
}

export interface StoredPool {
  pool: string;
  members: PoolState['members'];
  version: number;
}

export interface StoredRep {
  id: string;
  version: number;
  /** A manager's cap for this rep (rep_overrides), instead of the pool's. */
  cap_open: number | null;
  cap_per_day: number | null;
  open_leads: number;
  assigned_today: number;
  day: string | null;
  away: boolean;
}

/** Pool states as JSON for `poolStatesFromJson`; without a version the row gets a fresh one. */
export function poolStatesJson(pool: PoolState | undefined, version?: number): string {
  return JSON.stringify(pool ? [{ pool: pool.pool, members: pool.members, version: version ?? null }] : []);
}

/** Rep loads as JSON for `repLoadsFromJson`; without a version the row gets a fresh one. */
export function repLoadsJson(load: RepLoad | undefined, version?: number): string {
  return JSON.stringify(
    load ? [{ id: load.rep, open_leads: load.openLeads, assigned_today: load.assignedToday, day: load.day, away: load.away, version: version ?? null }] : [],
  );
}

/** Upserts the round-robin state of `states` (JSON from poolStatesJson), updated at `now` (SQL expressions). */
export function poolStatesFromJson(states: string, now: string): string {
  return `insert into routing_pools (pool, members, version, updated_at)
    select pool, members, coalesce(version, nextval('routing_versions')), ${now}
    from jsonb_to_recordset(${states}::jsonb) as p(pool text, members jsonb, version bigint)
    on conflict (pool) do update set members = excluded.members, version = excluded.version, updated_at = excluded.updated_at`;
}

/** Upserts the rep loads of `loads` (JSON from repLoadsJson); a rep's away flag is not theirs to change. */
export function repLoadsFromJson(loads: string, now: string): string {
  return `insert into reps (id, open_leads, assigned_today, day, away, version, updated_at)
    select id, open_leads, assigned_today, day, away, coalesce(version, nextval('routing_versions')), ${now}
    from jsonb_to_recordset(${loads}::jsonb) as r(id text, open_leads int, assigned_today int, day text, away boolean, version bigint)
    on conflict (id) do update set open_leads = excluded.open_leads, assigned_today = excluded.assigned_today, day = excluded.day,
      version = excluded.version, updated_at = excluded.updated_at`;
}

/** Queues the routing change to be written with the transaction's next statement or its commit. */
export async function saveRoutingChange(tx: Tx, change: { poolState?: PoolState; repLoad?: RepLoad }, now: Date): Promise<void> {
  const at = now.toISOString();
  if (change.poolState) {
    await defer(tx, { name: 'baton_save_pool_state', sql: poolStatesFromJson('$1', '$2::timestamptz'), parameters: [poolStatesJson(change.poolState), at] });
  }
  if (change.repLoad) {
    await defer(tx, { name: 'baton_save_rep_load', sql: repLoadsFromJson('$1', '$2::timestamptz'), parameters: [repLoadsJson(change.repLoad), at] });
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
