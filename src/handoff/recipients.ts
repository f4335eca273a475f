/** Who hand-off notices go to: rep ids, `manager:<id>`, or `admins`. */
import type { Policy } from '../policy/schema.js';

/** The manager escalations notify for a rep: `manager:<id>`, or the admins when the rep has none. */
export function managerOf(policy: Policy, rep: string | undefined): string {
  const manager = rep ? policy.reps[rep]?.manager : undefined;
  return manager ? `manager:${manager}` : 'admins';
}
