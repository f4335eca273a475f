import { describe, expect, it } from 'vitest';
import { leadRequestSchema } from '../intake/requests.js';
import { answersToLead } from './lead-request.js';

describe('answersToLead', () => {
  it('puts lead fields on the lead and questions under answers', () => {
    const request = answersToLead(
      { email: 'ignored@x.com', first_name: 'Ada', title: 'VP Sales', 'company.name': 'Fabrikam', 'company.size': 420, 'answers.budget': '25k-100k', 'answers.agree': true },
      'ada@fabrikam.com',
    );
    expect(request).toEqual({
      email: 'ada@fabrikam.com',
      first_name: 'Ada',
      title: 'VP Sales',
      company: { name: 'Fabrikam', size: 420 },
      answers: { budget: '25k-100k', agree: true },
    });
    expect(leadRequestSchema.safeParse(request).success).toBe(true);
  });

  it('sends only the e-mail when nothing else was asked', () => {
    expect(answersToLead({}, 'ada@fabrikam.com')).toEqual({ email: 'ada@fabrikam.com' });
  });
});
