/**
 * Who may be a user: input parsing and the checks against the running policy (a rep user is a
 * policy rep, a manager user a policy manager), and the principal a signed-in user acts as.
 * Pure: no database, no hashing.
 */
import { z } from 'zod';
import type { FieldIssue } from '../errors/baton-error.js';
import type { Principal } from '../http/principal.js';
import type { Policy } from '../policy/schema.js';
import type { UserRole } from './tables.js';

export const USER_ROLES = ['admin', 'manager', 'rep'] as const satisfies readonly UserRole[];

/** At least 8 characters: NIST SP 800-63B's floor for user-chosen passwords. */
export const MIN_PASSWORD_LENGTH = 8;

export const newUserSchema = z.strictObject({
  email: z.email('an e-mail address').transform((e) => e.trim().toLowerCase()),
  name: z.string().trim().min(1, 'a name'),
  role: z.enum(USER_ROLES, { error: `one of ${USER_ROLES.join(', ')}` }),
  rep: z.string().min(1).optional(),
  manager: z.string().min(1).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});
export type NewUser = z.output<typeof newUserSchema>;

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  rep?: string;
  manager?: string;
}

/** What is wrong with a user for this policy (empty when nothing is). */
export function policyIssues(user: Pick<NewUser, 'role' | 'rep' | 'manager'>, policy: Policy): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = (ids: string[]) => (ids.length ? ids.join(', ') : 'none defined');
  if (user.role === 'rep') {
    if (!user.rep) issues.push({ path: 'rep', message: `a rep user needs --rep, one of the policy's reps: ${known(Object.keys(policy.reps))}` });
    else if (!policy.reps[user.rep]) issues.push({ path: 'rep', message: `"${user.rep}" is not a rep in the policy; expected one of ${known(Object.keys(policy.reps))}` });
  } else if (user.rep) {
    issues.push({ path: 'rep', message: `only a rep user has a rep id (this user is ${user.role === 'admin' ? 'an admin' : 'a manager'})` });
  }
  if (user.role === 'manager') {
    if (!user.manager) issues.push({ path: 'manager', message: `a manager user needs --manager, one of the policy's managers: ${known(Object.keys(policy.managers))}` });
    else if (!policy.managers[user.manager]) issues.push({ path: 'manager', message: `"${user.manager}" is not a manager in the policy; expected one of ${known(Object.keys(policy.managers))}` });
  } else if (user.manager) {
    issues.push({ path: 'manager', message: `only a manager user has a manager id (this user is ${user.role === 'admin' ? 'an admin' : 'a rep'})` });
  }
  return issues;
}

/** Admin → [admin]; manager → [read, act] as their manager id; rep → [read, act] as their rep id. */
export function principalOf(user: User): Principal {
  const actor = `user:${user.email}`;
  if (user.role === 'admin') return { actor, role: 'admin', scopes: ['admin'] };
  if (user.role === 'manager') return { actor, role: 'manager', scopes: ['read', 'act'], ...(user.manager ? { manager: user.manager } : {}) };
  return { actor, role: 'rep', scopes: ['read', 'act'], ...(user.rep ? { rep: user.rep } : {}) };
}
