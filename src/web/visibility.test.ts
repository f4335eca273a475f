import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse.js';
import { edit, MINIMAL_POLICY } from '../policy/policy-fixture.js';
import { policyIssues, principalOf } from './user-rules.js';
import { canSeeOwner, visibleOwners } from './visibility.js';

const text = edit(
  edit(MINIMAL_POLICY, 'ben: { name: Ben, email: ben@example.com }', 'ben: { name: Ben, email: ben@example.com, manager: maria }\n  cy: { name: Cy, email: cy@example.com, manager: jonas }'),
  'pools:',
  'managers:\n  maria: { name: Maria, email: maria@example.com }\n  jonas: { name: Jonas, email: jonas@example.com }\npools:',
);
const parsed = parsePolicy(text, 'test.yaml');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const policy = parsed.policy;

describe('who sees which leads', () => {
  it('shows a rep only their own leads', () => {
    const seen = visibleOwners(principalOf({ id: '1', email: 'ben@example.com', name: 'Ben', role: 'rep', rep: 'ben' }), policy);
    expect(seen).toEqual(['ben']);
    expect(canSeeOwner(seen, 'ben')).toBe(true);
    expect(canSeeOwner(seen, 'ana')).toBe(false);
    expect(canSeeOwner(seen, null)).toBe(false);
  });

  it("shows a manager the leads of the reps whose manager they are", () => {
    expect(visibleOwners(principalOf({ id: '2', email: 'm@example.com', name: 'Maria', role: 'manager', manager: 'maria' }), policy)).toEqual(['ben']);
    expect(visibleOwners(principalOf({ id: '3', email: 'j@example.com', name: 'Jonas', role: 'manager', manager: 'jonas' }), policy)).toEqual(['cy']);
  });

  it('shows admins and integration tokens every lead, queued ones included', () => {
    const admin = visibleOwners(principalOf({ id: '4', email: 'a@example.com', name: 'Admin', role: 'admin' }), policy);
    expect(admin).toBe('all');
    expect(canSeeOwner(admin, null)).toBe(true);
    expect(visibleOwners({ actor: 'token:crm', role: 'integration', scopes: ['read'] }, policy)).toBe('all');
  });

  it('gives each role the scopes of the session contract', () => {
    expect(principalOf({ id: '1', email: 'a@x.com', name: 'A', role: 'admin' })).toEqual({ actor: 'user:a@x.com', role: 'admin', scopes: ['admin'] });
    expect(principalOf({ id: '1', email: 'm@x.com', name: 'M', role: 'manager', manager: 'maria' })).toEqual({ actor: 'user:m@x.com', role: 'manager', manager: 'maria', scopes: ['read', 'act'] });
    expect(principalOf({ id: '1', email: 'r@x.com', name: 'R', role: 'rep', rep: 'ana' })).toEqual({ actor: 'user:r@x.com', role: 'rep', rep: 'ana', scopes: ['read', 'act'] });
  });
});

describe('users against the policy', () => {
  it('accepts a rep user tied to a policy rep and a manager tied to a policy manager', () => {
    expect(policyIssues({ role: 'rep', rep: 'ana' }, policy)).toEqual([]);
    expect(policyIssues({ role: 'manager', manager: 'maria' }, policy)).toEqual([]);
    expect(policyIssues({ role: 'admin' }, policy)).toEqual([]);
  });

  it('names the policy ids to choose from when the id is missing or unknown', () => {
    expect(policyIssues({ role: 'rep' }, policy)).toEqual([{ path: 'rep', message: "a rep user needs --rep, one of the policy's reps: ana, ben, cy" }]);
    expect(policyIssues({ role: 'rep', rep: 'zed' }, policy)[0]?.message).toBe('"zed" is not a rep in the policy; expected one of ana, ben, cy');
    expect(policyIssues({ role: 'manager', manager: 'ana' }, policy)[0]?.message).toBe('"ana" is not a manager in the policy; expected one of maria, jonas');
  });

  it('refuses ids that do not fit the role', () => {
    expect(policyIssues({ role: 'admin', rep: 'ana' }, policy)).toEqual([{ path: 'rep', message: 'only a rep user has a rep id (this user is an admin)' }]);
    expect(policyIssues({ role: 'rep', rep: 'ana', manager: 'maria' }, policy)).toEqual([{ path: 'manager', message: 'only a manager user has a manager id (this user is a rep)' }]);
  });
});
