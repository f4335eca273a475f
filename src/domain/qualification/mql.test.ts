import { describe, expect, it } from 'vitest';
import type { ConditionSubject } from '../conditions/condition.js';
import type { Activity } from '../lead/activity.js';
import type { Stage } from '../lead/stage.js';
import { applyActivity } from '../scoring/engagement.js';
import { scoreLead } from '../scoring/score.js';
import type { LeadScore } from '../scoring/score-item.js';
import { day, testPolicy } from '../scoring/test-policy.js';
import { qualify } from './mql.js';

const policy = testPolicy(`
fit:
  - professional_email
  - company.size >= 20
  - { when: "company.country in [US, CA, GB, DE]", label: "company in a country we sell to" }
mql:
  engagement_at_least: 40
  high_intent: [demo_requested, trial_started]
scoring:
  engagement:
    half_life: 30d
    rules:
      - { event: webinar_attended, points: 25, reason: "webinar attended" }
`);

const goodFit = { professional_email: true, company: { size: 300, country: 'US' } };
const smallCompany = { professional_email: true, company: { size: 5, country: 'US' } };
const score = (engagement: number, fit = 0): LeadScore => ({ fit, engagement, total: fit + engagement, items: [] });
const demo: Activity = { type: 'demo_requested', occurred_at: day(0) };

function check(stage: Stage, subject: ConditionSubject, leadScore: LeadScore, activity?: Activity) {
  return qualify(policy, { stage, subject, score: leadScore, ...(activity ? { activity } : {}) });
}

describe('becoming an MQL', () => {
  it('a demo request qualifies a lead at once with high priority even when the company is small', () => {
    expect(check('known', smallCompany, score(0), demo)).toEqual({
      qualifies: true, via: 'high_intent', priority: 'high', reason: 'Requested a demo (high intent)',
    });
  });

  it('a lead in nurture comes back on a trial start', () => {
    const trial = { type: 'trial_started', occurred_at: day(0) };
    expect(check('nurture', smallCompany, score(0), trial)).toEqual(expect.objectContaining({ qualifies: true, reason: 'Started a trial (high intent)' }));
  });

  it('engaged leads that meet every fit criterion qualify with normal priority', () => {
    expect(check('known', goodFit, score(45))).toEqual({
      qualifies: true, via: 'score_and_fit', priority: 'normal', reason: 'Engagement 45 ≥ 40 and all 3 fit criteria met',
    });
  });

  it('a lead says what it still lacks', () => {
    const result = check('known', { professional_email: true, company: { size: 5, country: 'FR' } }, score(22));
    expect(result).toEqual({
      qualifies: false,
      reason: 'Not yet an MQL: engagement 22 of 40; company.size >= 20 not met; company in a country we sell to not met',
      missing: ['engagement 22 of 40', 'company.size >= 20 not met', 'company in a country we sell to not met'],
    });
  });

  it('a highly engaged lead from a small company waits for sales to want it', () => {
    expect(check('known', smallCompany, score(90))).toEqual(expect.objectContaining({ qualifies: false, missing: ['company.size >= 20 not met'] }));
  });

  it('a minimum total score is required when the policy sets one', () => {
    const strict = testPolicy(`mql: { engagement_at_least: 40, total_at_least: 60 }`);
    const low = qualify(strict, { stage: 'known', subject: goodFit, score: score(45, 10) });
    const high = qualify(strict, { stage: 'known', subject: goodFit, score: score(45, 20) });
    expect(low).toEqual(expect.objectContaining({ qualifies: false, missing: ['total score 55 of 60'] }));
    expect(high).toEqual(expect.objectContaining({ qualifies: true, reason: 'Engagement 45 ≥ 40 and total 65 ≥ 60' }));
  });

  it('engagement from a year ago no longer qualifies a lead', () => {
    let state = applyActivity(policy, undefined, { type: 'webinar_attended', occurred_at: day(0) }).state;
    state = applyActivity(policy, state, { type: 'webinar_attended', occurred_at: day(1) }).state;
    const then = scoreLead(policy, goodFit, state, new Date(day(1)));
    const yearLater = scoreLead(policy, goodFit, state, new Date(day(366)));
    expect(qualify(policy, { stage: 'known', subject: goodFit, score: then }).qualifies).toBe(true);
    expect(qualify(policy, { stage: 'known', subject: goodFit, score: yearLater })).toEqual(
      expect.objectContaining({ qualifies: false, missing: ['engagement 0 of 40'] }),
    );
  });

  it('a disqualified lead is not brought back by a demo request', () => {
    expect(check('disqualified', goodFit, score(90), demo)).toEqual({
      qualifies: false, reason: 'A disqualified lead does not re-qualify', missing: [],
    });
  });

  it('a lead already with sales does not become an MQL again', () => {
    expect(check('sal', goodFit, score(90), demo)).toEqual(expect.objectContaining({ qualifies: false, reason: 'A lead in sal cannot become an MQL' }));
    expect(check('mql', goodFit, score(90))).toEqual(expect.objectContaining({ qualifies: false, reason: 'Already an MQL' }));
  });

  it('an activity outside the high-intent list does not bypass fit', () => {
    const webinar = { type: 'webinar_attended', occurred_at: day(0) };
    expect(check('known', smallCompany, score(0), webinar).qualifies).toBe(false);
  });
});
