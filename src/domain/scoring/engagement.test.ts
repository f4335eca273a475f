import { describe, expect, it } from 'vitest';
import type { Activity } from '../lead/activity.js';
import { applyActivity, engagementAt, type EngagementState } from './engagement.js';
import { day, testPolicy } from './test-policy.js';

const policy = testPolicy(`
scoring:
  engagement:
    half_life: 30d
    rules:
      - { event: page_viewed, url: "/pricing*", points: 15, cap: 30, reason: "pricing page visits" }
      - { event: webinar_attended, points: 20, reason: "webinar attended" }
      - { event: content_downloaded, points: 5, cap: 15 }
      - { event: form_submitted, when: "event.form_id = newsletter", points: 3, reason: "newsletter signup" }
      - { event: email_unsubscribed, points: -10, reason: "unsubscribed" }
`);

const act = (type: string, at: string, extra: Partial<Activity> = {}): Activity => ({ type, occurred_at: at, ...extra });
const pricing = (at: string) => act('page_viewed', at, { url: 'https://acme.example/pricing' });

function fold(activities: Activity[], start?: EngagementState, p = policy): EngagementState | undefined {
  let state = start;
  for (const a of activities) state = applyActivity(p, state, a).state;
  return state;
}

describe('engagement points', () => {
  it("pricing page visits stop adding points at the rule's cap", () => {
    let state: EngagementState | undefined;
    const added: number[] = [];
    for (const a of [pricing(day(0)), pricing(day(0)), pricing(day(0))]) {
      const result = applyActivity(policy, state, a);
      state = result.state;
      added.push(result.matched[0]!.points);
    }
    expect(added).toEqual([15, 15, 0]);
    const now = engagementAt(policy, state, new Date(day(0)));
    expect(now.total).toBe(30);
    expect(now.items).toEqual([
      expect.objectContaining({ reason: 'pricing page visits', points: 30, raw: 45, capped: 'rule', cap: 30, count: 3 }),
    ]);
  });

  it('engagement points halve after one half-life', () => {
    const state = fold([act('webinar_attended', day(0))]);
    expect(engagementAt(policy, state, new Date(day(0))).total).toBe(20);
    expect(engagementAt(policy, state, new Date(day(30))).total).toBeCloseTo(10, 9);
    expect(engagementAt(policy, state, new Date(day(60))).total).toBeCloseTo(5, 9);
    expect(engagementAt(policy, state, new Date(day(30))).items[0]!.decayed).toBe(true);
  });

  it('a capped rule earns points again once earlier ones have faded', () => {
    const state = fold([pricing(day(0)), pricing(day(0)), pricing(day(30))]);
    expect(engagementAt(policy, state, new Date(day(30))).total).toBeCloseTo(30, 9);
    const later = fold([pricing(day(0)), pricing(day(0)), pricing(day(0)), pricing(day(60))]);
    expect(engagementAt(policy, later, new Date(day(60))).total).toBeCloseTo(7.5 + 15, 9);
  });

  it('without a half-life engagement never fades', () => {
    const flat = testPolicy(`scoring: { engagement: { rules: [{ event: webinar_attended, points: 20 }] } }`);
    const state = fold([act('webinar_attended', day(0))], undefined, flat);
    expect(engagementAt(flat, state, new Date(day(3650))).total).toBe(20);
  });

  it('a pricing visit counts by its path or its full URL; other pages do not', () => {
    const urls = ['/pricing', 'https://acme.example/pricing/enterprise?plan=pro', 'https://acme.example/blog/pricing-tips', 'https://acme.example/'];
    const counted = urls.map((url) => applyActivity(policy, undefined, act('page_viewed', day(0), { url })).matched.length);
    expect(counted).toEqual([1, 1, 0, 0]);
    expect(applyActivity(policy, undefined, act('page_viewed', day(0))).matched).toEqual([]);
  });

  it('a rule with a condition only counts the events it describes', () => {
    const newsletter = applyActivity(policy, undefined, act('form_submitted', day(0), { form_id: 'newsletter' }));
    const other = applyActivity(policy, undefined, act('form_submitted', day(0), { form_id: 'careers' }));
    expect(newsletter.matched).toEqual([{ rule: 'scoring.engagement.rules[3]', points: 3, reason: 'newsletter signup' }]);
    expect(other.matched).toEqual([]);
  });

  it('an unsubscribe takes points away', () => {
    const state = fold([act('webinar_attended', day(0)), act('email_unsubscribed', day(0))]);
    expect(engagementAt(policy, state, new Date(day(0))).total).toBe(10);
  });

  it('a rule without a reason is explained by its event and page', () => {
    const state = fold([act('content_downloaded', day(0))]);
    expect(engagementAt(policy, state, new Date(day(0))).items[0]!.reason).toBe('content downloaded');
  });

  it('adding activities one at a time gives the same points as decaying the whole history, even out of order', () => {
    const times = [0, 3, 1, 40, 12, 12, 90, 5, 61];
    const history = times.map((d, i) => act(i % 2 ? 'webinar_attended' : 'email_unsubscribed', day(d)));
    const state = fold(history);
    const now = day(100);
    const expected = history.reduce((sum, a) => {
      const points = a.type === 'webinar_attended' ? 20 : -10;
      return sum + points * 0.5 ** ((Date.parse(now) - Date.parse(a.occurred_at)) / (30 * 86_400_000));
    }, 0);
    expect(engagementAt(policy, state, new Date(now)).total).toBeCloseTo(expected, 9);
    expect(state!.asOf).toBe(day(90));
    expect(state!.rules['scoring.engagement.rules[1]']).toEqual(expect.objectContaining({ count: 4, last: day(40) }));
  });

  it('a late activity under a capped rule never lifts the rule past its cap', () => {
    const state = fold([pricing(day(10)), pricing(day(10)), pricing(day(2))]);
    expect(engagementAt(policy, state, new Date(day(10))).total).toBe(30);
  });

  it('an activity no rule scores leaves the points where they were', () => {
    const before = fold([act('webinar_attended', day(0))]);
    const result = applyActivity(policy, before, act('email_opened', day(30)));
    expect(result.matched).toEqual([]);
    expect(engagementAt(policy, result.state, new Date(day(30))).total).toBeCloseTo(10, 9);
  });

  it('leaves the state it was given untouched', () => {
    const before = fold([act('webinar_attended', day(0))])!;
    const copy = structuredClone(before);
    applyActivity(policy, before, act('webinar_attended', day(30)));
    expect(before).toEqual(copy);
  });

  it('looking at a time before the last activity does not inflate the points', () => {
    const state = fold([act('webinar_attended', day(10))]);
    expect(engagementAt(policy, state, new Date(day(0))).total).toBe(20);
  });

  it('group and section caps limit engagement as they do fit', () => {
    const capped = testPolicy(`
scoring:
  groups: { events: { cap: 25 } }
  engagement:
    cap: 30
    rules:
      - { event: webinar_attended, points: 20, group: events }
      - { event: meetup_attended, points: 20, group: events }
      - { event: content_downloaded, points: 20 }
      - { event: email_unsubscribed, points: -10 }
`);
    const state = fold(['webinar_attended', 'meetup_attended', 'content_downloaded', 'email_unsubscribed'].map((t) => act(t, day(0))), undefined, capped);
    const result = engagementAt(capped, state, new Date(day(0)));
    expect(result.total).toBeCloseTo(30 - 10, 9);
    expect(result.items.every((i) => i.points < 0 || i.capped === 'section')).toBe(true);
  });

  it('points kept for a rule the policy no longer has are ignored', () => {
    const state: EngagementState = { asOf: day(0), rules: { 'scoring.engagement.rules[99]': { points: 50, count: 1, last: day(0) } } };
    expect(engagementAt(policy, state, new Date(day(0)))).toEqual({ total: 0, items: [] });
  });

  it('rejects an activity whose time cannot be read', () => {
    expect(() => applyActivity(policy, undefined, act('webinar_attended', 'yesterday'))).toThrow(/occurred_at/);
  });
});
