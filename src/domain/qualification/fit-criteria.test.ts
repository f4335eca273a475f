import { describe, expect, it } from 'vitest';
import { testPolicy } from '../scoring/test-policy.js';
import { checkFitCriteria } from './fit-criteria.js';

describe('fit criteria', () => {
  const policy = testPolicy(`
fit:
  - professional_email
  - { when: "company.size >= 20", label: "at least 20 employees" }
`);

  it('lists each criterion with whether the lead meets it', () => {
    expect(checkFitCriteria(policy, { professional_email: true, company: { size: 5 } })).toEqual({
      met: false,
      criteria: [
        { label: 'professional_email', met: true },
        { label: 'at least 20 employees', met: false },
      ],
    });
  });

  it('a policy without criteria lets every lead through', () => {
    expect(checkFitCriteria(testPolicy('{}'), {})).toEqual({ met: true, criteria: [] });
  });
});
