/**
 * Who may act on a lead: a rep on the leads assigned to them, a manager on their team's (and
 * reassign them), an admin or an API token with the act scope on any. Returns why not, or
 * undefined when the principal may.
 */
import type { Principal } from '../http/principal.js';
import type { LeadState } from '../engine/lead-state.js';
import type { Policy } from '../policy/schema.js';
import type { RepAction } from './actions.js';

export function refusal(policy: Policy, principal: Principal, lead: Pick<LeadState, 'owner'>, action: RepAction): string | undefined {
  if (principal.role === 'admin' || principal.scopes.includes('admin')) return undefined;
  if (principal.role === 'integration') return principal.scopes.includes('act') ? undefined : 'This token needs the "act" scope to act on leads.';
  const owner = lead.owner;
  const ownerName = owner ? (policy.reps[owner]?.name ?? owner) : undefined;
  if (principal.role === 'rep') {
    if (action.type === 'reassign') return 'Only a manager or an admin can reassign a lead.';
    if (!principal.rep || owner !== principal.rep) {
      return ownerName ? `This lead is assigned to ${ownerName}; you can act only on leads assigned to you.` : 'This lead is not assigned to you; you can act only on leads assigned to you.';
    }
    return undefined;
  }
  // Manager: their team is the reps whose policy `manager` is theirs.
  const onTeam = (rep: string | undefined) => rep !== undefined && principal.manager !== undefined && policy.reps[rep]?.manager === principal.manager;
  if (owner ? !onTeam(owner) : !(action.type === 'reassign' && onTeam(action.to))) {
    return owner ? `This lead is assigned to ${ownerName}, who is not on your team.` : 'This lead has no rep; you can assign it to a rep on your team with a reassign action naming them.';
  }
  if (action.type === 'reassign' && action.to !== undefined && !onTeam(action.to)) {
    return `${policy.reps[action.to]?.name ?? action.to} is not on your team; reassign to one of your reps or leave "to" out for the next rep in the pool.`;
  }
  return undefined;
}
