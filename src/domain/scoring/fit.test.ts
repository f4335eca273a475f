import { describe, expect, it } from 'vitest';
import { scoreFit } from './fit.js';
import { testPolicy } from './test-policy.js';

const policy = testPolicy(`
scoring:
  groups: { seniority: { cap: 25 } }
  fit:
    rules:
      - { when: "company.size between 200 and 5000", points: 20, reason: "mid-market size" }
      - { when: "title matches /(vp|head|director)/i", points: 15, reason: "senior buyer", group: seniority }
      - { when: "title matches /(marketing|growth)/i", points: 15, reason: "marketing leader", group: seniority }
      - { when: "competitor", points: -50, reason: "competitor domain", group: seniority }
      - { when: "company.industry in [government, education]", points: -30, reason: "segment we do not serve" }
`);

const lead = (fields: Record<string, unknown>) => ({ company: {}, competitor: false, ...fields });

describe('fit points', () => {
  it('a mid-market company earns the size points with the reason shown', () => {
    const fit = scoreFit(policy, lead({ company: { size: 800 } }));
    expect(fit.total).toBe(20);
    expect(fit.items).toEqual([
      { kind: 'fit', rule: 'scoring.fit.rules[0]', reason: 'mid-market size', points: 20 },
    ]);
  });

  it('a lead no rule describes scores zero', () => {
    expect(scoreFit(policy, lead({ company: { size: 5 } }))).toEqual({ total: 0, items: [] });
  });

  it('a segment we do not serve loses points', () => {
    const fit = scoreFit(policy, lead({ company: { size: 800, industry: 'government' } }));
    expect(fit.total).toBe(-10);
    expect(fit.items.map((i) => i.points)).toEqual([-30, 20]);
  });

  it('senior marketing titles stop adding points at the seniority cap, shared in proportion', () => {
    const fit = scoreFit(policy, lead({ title: 'VP Marketing' }));
    expect(fit.total).toBe(25);
    expect(fit.items).toEqual([
      expect.objectContaining({ reason: 'senior buyer', points: 12.5, raw: 15, capped: 'group', cap: 25, group: 'seniority' }),
      expect.objectContaining({ reason: 'marketing leader', points: 12.5, raw: 15, capped: 'group', cap: 25 }),
    ]);
  });

  it("a competitor's domain loses points even when the fit group is capped", () => {
    const fit = scoreFit(policy, lead({ title: 'VP Marketing', competitor: true }));
    expect(fit.total).toBe(25 - 50);
    expect(fit.items[0]).toEqual(expect.objectContaining({ reason: 'competitor domain', points: -50 }));
    expect(fit.items[0]!.capped).toBeUndefined();
  });

  it('the fit section cap limits the positive points but never a penalty', () => {
    const capped = testPolicy(`
scoring:
  fit:
    cap: 30
    rules:
      - { when: "company.size >= 200", points: 20, reason: "size" }
      - { when: "company.country in [US, CA]", points: 20, reason: "territory" }
      - { when: "competitor", points: -10, reason: "competitor domain" }
`);
    const fit = scoreFit(capped, lead({ company: { size: 300, country: 'US' }, competitor: true }));
    expect(fit.total).toBe(30 - 10);
    expect(fit.items.filter((i) => i.capped === 'section').map((i) => i.points)).toEqual([15, 15]);
  });

  it('gives the same answer twice for the same policy (prepared rules are reused)', () => {
    const subject = lead({ company: { size: 800 }, title: 'Head of Growth' });
    expect(scoreFit(policy, subject)).toEqual(scoreFit(policy, subject));
  });
});
