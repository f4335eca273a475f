import { describe, expect, it } from 'vitest';
import { explainScore } from './explain.js';
import type { LeadScore } from './score-item.js';

describe('the score explained to a rep', () => {
  it('says what each reason was worth, how often, and what limited it', () => {
    const score: LeadScore = {
      fit: -10,
      engagement: 13,
      total: 3,
      items: [
        { kind: 'fit', rule: 'scoring.fit.rules[2]', reason: 'segment we do not serve', points: -30 },
        { kind: 'fit', rule: 'scoring.fit.rules[0]', reason: 'mid-market size', points: 20 },
        {
          kind: 'engagement', rule: 'scoring.engagement.rules[0]', reason: 'pricing page visits', points: 13.2,
          raw: 13.2, capped: 'rule', cap: 30, count: 3, decayed: true,
        },
        {
          kind: 'fit', rule: 'scoring.fit.rules[1]', reason: 'senior buyer', points: 12.5,
          raw: 15, capped: 'group', cap: 25, group: 'seniority',
        },
        { kind: 'engagement', rule: 'scoring.engagement.rules[1]', reason: 'webinar attended', points: 9, raw: 20, capped: 'section', cap: 60, count: 1 },
      ],
    };
    expect(explainScore(score)).toEqual([
      '-30 segment we do not serve (fit)',
      '+20 mid-market size (fit)',
      '+13.2 pricing page visits ×3, decayed (engagement, capped at 30)',
      '+12.5 senior buyer (fit, 15 before the seniority group cap of 25)',
      '+9 webinar attended (engagement, 20 before the engagement cap of 60)',
    ]);
  });
});
