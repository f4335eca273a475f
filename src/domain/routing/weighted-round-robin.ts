/**
 * Durable smooth weighted round robin (nginx's algorithm), run over the members who can take a
 * lead right now. Each pick: every eligible member's credit grows by its weight, the member with
 * the most credit wins (ties → fewer leads from this pool, then rep id) and pays back the total
 * weight of the eligible members. Over any run of picks with the same eligible members, each
 * gets leads in proportion to weight, interleaved rather than in bursts.
 *
 * Ineligible members are left untouched: a rep skipped while away, outside hours or at a cap
 * keeps the credit they had, so they are back in line where they left it (first, if it was their
 * turn) without being owed the leads they missed.
 */
import type { MemberState, PoolState } from './types.js';

export interface Pick {
  rep: string;
  /** The pool state after the pick, with the winner's assignedCount incremented. */
  state: PoolState;
}

/** One pick among the active members in `eligible`; undefined when none of them is. */
export function pickWeightedRoundRobin(state: PoolState, eligible: ReadonlySet<string>): Pick | undefined {
  let total = 0;
  let winner: MemberState | undefined;
  const members = state.members.map((member) => {
    if (!member.active || !eligible.has(member.rep)) return member;
    const next = { ...member, currentWeight: member.currentWeight + member.weight };
    total += member.weight;
    if (!winner || ahead(next, winner)) winner = next;
    return next;
  });
  if (!winner) return undefined;
  winner.currentWeight -= total;
  winner.assignedCount += 1;
  return { rep: winner.rep, state: { pool: state.pool, members } };
}

function ahead(a: MemberState, b: MemberState): boolean {
  if (a.currentWeight !== b.currentWeight) return a.currentWeight > b.currentWeight;
  if (a.assignedCount !== b.assignedCount) return a.assignedCount < b.assignedCount;
  return a.rep < b.rep;
}
