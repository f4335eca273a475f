/**
 * Lowest load: the eligible member holding the fewest open leads per unit of weight gets the lead
 * (a weight-2 rep is "as loaded" with 6 open leads as a weight-1 rep with 3). Ties are settled by
 * a weighted-round-robin pick among the tied members, so the pool's round-robin state still
 * advances and ties rotate fairly instead of always favouring the same rep.
 */
import type { MemberState, PoolState } from './types.js';
import { pickWeightedRoundRobin, type Pick } from './weighted-round-robin.js';

export function pickLowestLoad(
  state: PoolState,
  eligible: ReadonlySet<string>,
  openLeads: (rep: string) => number,
): Pick | undefined {
  let lightest: MemberState[] = [];
  for (const member of state.members) {
    if (!member.active || !eligible.has(member.rep)) continue;
    const best = lightest[0];
    // Compare open/weight by cross-multiplying so equal ratios tie exactly.
    const diff = best ? openLeads(member.rep) * best.weight - openLeads(best.rep) * member.weight : -1;
    if (diff < 0) lightest = [member];
    else if (diff === 0) lightest.push(member);
  }
  if (lightest.length === 0) return undefined;
  return pickWeightedRoundRobin(state, new Set(lightest.map((member) => member.rep)));
}
