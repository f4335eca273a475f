/**
 * Reassigning a lead inside its pool (SLA escalation): the next rep who can take it, leaving out
 * the current owner. The excluded rep's round-robin state is untouched, so losing the lead does
 * not cost them their turn. The caller also releases the lead from the previous owner's load.
 */
import type { Policy } from '../../policy/schema.js';
import { loadAfterAssignment } from './eligibility.js';
import { pickText, repName, sentence } from './explanation.js';
import { pickInPool, policyPool } from './pool-pick.js';
import { loadOf, type RoutingDecision, type RoutingSnapshot } from './types.js';

export function routeWithinPool(
  policy: Policy,
  poolName: string,
  now: Date,
  snapshot: RoutingSnapshot,
  exclude: readonly string[],
): RoutingDecision {
  const pool = policyPool(policy, poolName);
  const pick = pickInPool(policy, poolName, now, snapshot, new Set(exclude));
  const from = exclude.length > 0 ? ` from ${exclude.map((rep) => repName(policy, rep)).join(', ')}` : '';
  const opening = `Reassigned within pool ${poolName}${from}`;
  if (!pick.rep) {
    const queue = policy.routing.fallback;
    return {
      kind: 'queued',
      queue,
      skipped: pick.skipped,
      explanation: sentence(policy, [`${opening}, but nobody else could take it, so the lead waits in queue ${queue}`], pick.skipped),
    };
  }
  const load = loadOf(snapshot, pick.rep);
  const member = pick.state.members.find((m) => m.rep === pick.rep)!;
  const step = policy.routing.order.findIndex((s) => s.kind === 'pool' && s.pool === poolName);
  return {
    kind: 'assigned',
    rep: pick.rep,
    via: 'pool',
    step,
    stepName: `reassignment in pool ${poolName}`,
    pool: poolName,
    skipped: pick.skipped,
    explanation: sentence(policy, [opening, pickText(policy, pool, pick.rep, member.weight, load.openLeads)], pick.skipped),
    poolState: pick.state,
    repLoad: loadAfterAssignment(policy, load, now),
  };
}
