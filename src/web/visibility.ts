/**
 * Which leads a principal may see, by owner: a rep their own, a manager their team's (the reps
 * whose `manager` in the policy is theirs), admins and integration tokens everything.
 */
import type { Principal } from '../http/principal.js';
import type { Policy } from '../policy/schema.js';

/** 'all', or the rep ids whose leads the principal may see (possibly none). */
export type Visibility = 'all' | readonly string[];

export function visibleOwners(principal: Principal | undefined, policy: Policy): Visibility {
  if (!principal || principal.role === 'admin' || principal.role === 'integration') return 'all';
  if (principal.role === 'rep') return principal.rep ? [principal.rep] : [];
  return teamOf(principal.manager, policy);
}

export function teamOf(manager: string | undefined, policy: Policy): string[] {
  if (!manager) return [];
  return Object.entries(policy.reps)
    .filter(([, rep]) => rep.manager === manager)
    .map(([id]) => id);
}

export function canSeeOwner(visibility: Visibility, owner: string | null | undefined): boolean {
  if (visibility === 'all') return true;
  return owner !== null && owner !== undefined && visibility.includes(owner);
}
