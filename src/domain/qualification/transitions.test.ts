import { describe, expect, it } from 'vitest';
import { testPolicy } from '../scoring/test-policy.js';
import { assertTransition, canTransition } from './transitions.js';

const policy = testPolicy(`stages: { transitions: { lost: [nurture, known] } }`);

describe('stage moves', () => {
  it('follows the default ladder unless the policy changes it', () => {
    expect(canTransition(policy, 'known', 'mql')).toBe(true);
    expect(canTransition(policy, 'mql', 'won')).toBe(false);
    expect(canTransition(policy, 'lost', 'known')).toBe(true);
  });

  it('tells a rep where a lead can go when the move they tried is not allowed', () => {
    expect(assertTransition(policy, 'sal', 'won')).toEqual({
      ok: false,
      message: 'a lead in sal can move to sql, nurture, disqualified or lost, not won',
      allowed: ['sql', 'nurture', 'disqualified', 'lost'],
    });
    expect(assertTransition(policy, 'sal', 'sql')).toEqual({ ok: true });
  });

  it('says a won deal is final and a lead cannot move to where it already is', () => {
    expect(assertTransition(policy, 'won', 'lost')).toEqual(expect.objectContaining({ message: 'a lead in won cannot move to another stage' }));
    expect(assertTransition(policy, 'sal', 'sal')).toEqual(expect.objectContaining({ message: 'the lead is already in sal' }));
  });
});
