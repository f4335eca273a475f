/**
 * Reconciling a pool's stored member rows with the members the policy lists now.
 */
import type { Pool } from '../../policy/schema.js';
import type { MemberState, PoolState } from './types.js';

/**
 * - A new member joins with currentWeight 0 and assignedCount 0: the credits of a pool always sum
 *   to zero, so 0 is the neutral position: no burst of catch-up leads, no waiting at the back.
 * - A removed member stays with active=false and their counts intact (re-adding them resumes them).
 * - Weights follow the policy. Policy members come first, in policy order, then removed ones.
 * - A rep listed twice counts once, with the first entry's weight.
 */
export function syncPoolState(pool: Pool, poolName: string, stored: PoolState | undefined): PoolState {
  const previous = new Map((stored?.members ?? []).map((member) => [member.rep, member]));
  const members: MemberState[] = [];
  const listed = new Set<string>();
  for (const { rep, weight } of pool.members) {
    if (listed.has(rep)) continue; // a rep listed twice is one member (the first entry's weight)
    listed.add(rep);
    const before = previous.get(rep);
    members.push(before ? { ...before, weight, active: true } : { rep, weight, currentWeight: 0, assignedCount: 0, active: true });
  }
  for (const member of stored?.members ?? []) {
    if (!listed.has(member.rep)) members.push({ ...member, active: false });
  }
  return { pool: poolName, members };
}
