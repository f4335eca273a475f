/**
 * Choosing a rep inside one pool: reconcile its state with the policy, set aside the members who
 * cannot take a lead now (with the reason), and let the pool's strategy pick among the rest.
 */
import type { Policy, Pool } from '../../policy/schema.js';
import { poolSkipReason } from './eligibility.js';
import { pickLowestLoad } from './lowest-load.js';
import { syncPoolState } from './pool-state.js';
import { loadOf, type PoolState, type RoutingSnapshot, type Skip } from './types.js';
import { pickWeightedRoundRobin } from './weighted-round-robin.js';

export interface PoolPick {
  /** Undefined when nobody in the pool could take the lead. */
  rep: string | undefined;
  /** The pool's state after the pick (unchanged apart from reconciliation when nobody was picked). */
  state: PoolState;
  skipped: Skip[];
}

export function policyPool(policy: Policy, poolName: string): Pool {
  const pool = policy.pools[poolName];
  if (!pool) throw new Error(`Pool "${poolName}" is used in routing but not defined under pools`);
  return pool;
}

/**
 * `exclude`d reps are neither candidates nor skipped, and their state is untouched: a rep a lead
 * is being taken from keeps their place in the rotation.
 */
export function pickInPool(
  policy: Policy,
  poolName: string,
  now: Date,
  snapshot: RoutingSnapshot,
  exclude: ReadonlySet<string> = new Set(),
): PoolPick {
  const pool = policyPool(policy, poolName);
  const state = syncPoolState(pool, poolName, snapshot.pools[poolName]);
  const eligible = new Set<string>();
  const skipped: Skip[] = [];
  for (const member of state.members) {
    if (!member.active || exclude.has(member.rep)) continue;
    const reason = poolSkipReason(policy, pool, member.rep, loadOf(snapshot, member.rep), now);
    if (reason) skipped.push({ rep: member.rep, reason });
    else eligible.add(member.rep);
  }
  const pick =
    pool.strategy === 'lowest_load'
      ? pickLowestLoad(state, eligible, (rep) => loadOf(snapshot, rep).openLeads)
      : pickWeightedRoundRobin(state, eligible);
  return pick ? { rep: pick.rep, state: pick.state, skipped } : { rep: undefined, state, skipped };
}
