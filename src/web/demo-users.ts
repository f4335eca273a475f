/**
 * Ready users for the demo workspace (`npm start`): an admin, a manager and one of their reps from
 * the running policy (maria and ana in the example policy), all with the password "baton-demo".
 * Seeded at every demo start, so the printed sign-in details always work.
 */
import type { Policy } from '../policy/schema.js';
import type { NewUser } from './user-rules.js';

export const DEMO_PASSWORD = 'baton-demo';
export const DEMO_ADMIN_EMAIL = 'admin@baton.example';

/** The demo's users: maria and ana when the policy has them, else its first manager and their first rep. */
export function demoUsers(policy: Policy): NewUser[] {
  const users: NewUser[] = [{ email: DEMO_ADMIN_EMAIL, name: 'Revenue Operations', role: 'admin', password: DEMO_PASSWORD }];
  const managerId = policy.managers.maria ? 'maria' : Object.keys(policy.managers)[0];
  const manager = managerId ? policy.managers[managerId] : undefined;
  if (managerId && manager) users.push({ email: manager.email.toLowerCase(), name: manager.name, role: 'manager', manager: managerId, password: DEMO_PASSWORD });
  const repIds = Object.keys(policy.reps);
  const repId = policy.reps.ana ? 'ana' : (repIds.find((id) => policy.reps[id]!.manager === managerId) ?? repIds[0]);
  const rep = repId ? policy.reps[repId] : undefined;
  if (repId && rep) users.push({ email: rep.email.toLowerCase(), name: rep.name, role: 'rep', rep: repId, password: DEMO_PASSWORD });
  return users;
}

/** The sign-in lines of the start-up banner. */
export function demoSignInLines(url: string, users: readonly NewUser[]): string[] {
  const width = Math.max(...users.map((u) => u.email.length));
  return [
    `  Sign in at ${url} (password for each: ${DEMO_PASSWORD}):`,
    ...users.map((u) => `    ${u.role.padEnd(8)} ${u.email.padEnd(width)}  ${u.name}${u.rep ? ` (rep ${u.rep})` : u.manager ? ` (manager ${u.manager})` : ''}`),
  ];
}
