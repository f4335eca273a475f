/**
 * The shared rows routing may read for one lead, so the caller can lock exactly those (and no
 * more) before calling `routeLead`. Lock them in one global order (e.g. sorted by name, pools
 * before reps) so that two transactions never wait on each other in a cycle.
 */
import type { Policy } from '../../policy/schema.js';
import type { ConditionSubject } from '../conditions/condition.js';
import type { AccountMatch } from '../lead/subject.js';
import { stepApplies } from './step-applies.js';

/**
 * Pools of the pool steps whose `when` holds, in routing order, without repeats. The account does
 * not narrow the list: its owner may turn out to be away, and then routing reads the pools.
 */
export function poolsNeeded(policy: Policy, subject: ConditionSubject, _account?: AccountMatch): string[] {
  const pools: string[] = [];
  for (const step of policy.routing.order) {
    if (step.kind !== 'pool' || pools.includes(step.pool)) continue;
    if (stepApplies(step, subject)) pools.push(step.pool);
  }
  return pools;
}

/** Reps whose load routing may read: the account owner, reps named by rules, members of the pools; sorted. */
export function repsNeeded(policy: Policy, subject: ConditionSubject, account?: AccountMatch): string[] {
  const reps = new Set<string>();
  for (const step of policy.routing.order) {
    if (!stepApplies(step, subject)) continue;
    if (step.kind === 'account_owner' && account?.owner) reps.add(account.owner);
    if (step.kind === 'rep') reps.add(step.rep);
    if (step.kind === 'pool') for (const member of policy.pools[step.pool]?.members ?? []) reps.add(member.rep);
  }
  return [...reps].sort();
}
