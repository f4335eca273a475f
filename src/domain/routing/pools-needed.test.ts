import { describe, expect, it } from 'vitest';
import { poolsNeeded, repsNeeded } from './pools-needed.js';
import { BASE, ENTERPRISE_LEAD, SMB_LEAD, testPolicy } from './test-policy.js';

const policy = testPolicy();
const acme = { account_id: 'a1', name: 'Acme', owner: 'dana', is_customer: true, method: 'domain' as const, confidence: 1 };

describe('rows to lock before routing', () => {
  it('lists the pools whose rules match the lead, in routing order', () => {
    expect(poolsNeeded(policy, ENTERPRISE_LEAD)).toEqual(['enterprise-na', 'smb']);
    expect(poolsNeeded(policy, SMB_LEAD, acme)).toEqual(['smb']);
  });

  it('lists a pool used by two rules once', () => {
    const twice = testPolicy({ routing: { order: [{ when: 'company.size >= 1000', pool: 'smb' }, { pool: 'smb' }], fallback: 'q' } });
    expect(poolsNeeded(twice, ENTERPRISE_LEAD)).toEqual(['smb']);
  });

  it('lists the reps whose load routing may read, including the account owner', () => {
    expect(repsNeeded(policy, ENTERPRISE_LEAD, acme)).toEqual(['ana', 'ben', 'cy', 'dana', 'dee', 'eli']);
    expect(repsNeeded(policy, SMB_LEAD)).toEqual(['cy', 'dee', 'eli']);
    const named = testPolicy({ routing: { order: [{ when: 'company.country = JP', rep: 'yuki' }, ...BASE.routing.order.slice(2)], fallback: 'q' } });
    expect(repsNeeded(named, { company: { country: 'JP' } })).toEqual(['cy', 'dee', 'eli', 'yuki']);
  });
});
