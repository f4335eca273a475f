import { describe, expect, it } from 'vitest';
import type { AccountMatch } from '../lead/subject.js';
import { routeLead } from './route.js';
import { emptySnapshot, ENTERPRISE_LEAD, NY_MORNING, SMB_LEAD, testPolicy } from './test-policy.js';
import type { RoutingDecision, RoutingSnapshot } from './types.js';

const acme: AccountMatch = { account_id: 'a1', name: 'Acme Corp', owner: 'dana', is_customer: true, method: 'domain', confidence: 1 };
const policy = testPolicy();

describe('account owner', () => {
  it('gives the lead to the account owner without using a round-robin turn', () => {
    const snapshot = emptySnapshot();
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, account: acme, now: NY_MORNING }, snapshot);
    expect(decision).toMatchObject({ kind: 'assigned', rep: 'dana', via: 'account_owner', step: 0, stepName: 'account owner' });
    expect(decision.kind === 'assigned' && decision.poolState).toBeUndefined();
    expect(decision.explanation).toBe('Dana owns the account Acme Corp, so the lead goes to them without using a round-robin turn');
    // The pool's next turn is the same as if the owner's lead had never happened.
    const next = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, snapshot);
    expect(next).toMatchObject({ rep: 'ana', via: 'pool' });
  });

  it('gives the owner the lead outside working hours and above any cap', () => {
    const saturdayNight = new Date('2026-06-13T23:00:00-04:00');
    const snapshot: RoutingSnapshot = { pools: {}, reps: { dana: { rep: 'dana', openLeads: 500, assignedToday: 99, day: '2026-06-13', away: false } } };
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, account: acme, now: saturdayNight }, snapshot);
    expect(decision).toMatchObject({ rep: 'dana', repLoad: { openLeads: 501, assignedToday: 100, day: '2026-06-13' } });
  });

  it('passes over an owner who is away and says so', () => {
    const snapshot: RoutingSnapshot = { pools: {}, reps: { dana: { rep: 'dana', openLeads: 0, assignedToday: 0, day: null, away: true } } };
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, account: acme, now: NY_MORNING }, snapshot);
    expect(decision).toMatchObject({ kind: 'assigned', rep: 'ana', via: 'pool', skipped: [{ rep: 'dana', reason: 'away' }] });
    expect(decision.explanation).toBe(
      "Dana owns the account Acme Corp but could not take the lead; Matched rule 'Enterprise NA' (company.size >= 1000 and company.country in [US, CA]) → pool enterprise-na; Ana's turn by weighted round robin (weight 2); skipped Dana: away",
    );
  });

  it('passes over an owner who is out of office', () => {
    const ooo = testPolicy({ reps: { ...testPolicyInputReps(), dana: { name: 'Dana', email: 'dana@example.com', out_of_office: [{ from: '2026-06-08', to: '2026-06-12' }] } } });
    const decision = routeLead(ooo, { subject: SMB_LEAD, account: acme, now: NY_MORNING }, emptySnapshot());
    expect(decision).toMatchObject({ rep: 'cy', skipped: [{ rep: 'dana', reason: 'out_of_office' }] });
  });

  it('ignores a prospect account’s owner when the step is for customers only', () => {
    const customersOnly = testPolicy({ routing: { order: [{ account_owner: true, customers_only: true }, { pool: 'smb' }], fallback: 'revops-queue' } });
    const prospect = { ...acme, is_customer: false };
    expect(routeLead(customersOnly, { subject: SMB_LEAD, account: prospect, now: NY_MORNING }, emptySnapshot())).toMatchObject({ rep: 'cy', skipped: [] });
    expect(routeLead(customersOnly, { subject: SMB_LEAD, account: acme, now: NY_MORNING }, emptySnapshot())).toMatchObject({ rep: 'dana' });
  });

  it('skips an owner who is not a rep in the policy', () => {
    const decision = routeLead(policy, { subject: SMB_LEAD, account: { ...acme, owner: 'jdoe' }, now: NY_MORNING }, emptySnapshot());
    expect(decision).toMatchObject({ rep: 'cy', skipped: [{ rep: 'jdoe', reason: 'inactive' }] });
  });
});

describe('rules and pools', () => {
  it('routes a large US company to the enterprise pool by weighted turn', () => {
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, emptySnapshot());
    expect(decision).toMatchObject({ kind: 'assigned', rep: 'ana', via: 'pool', step: 1, stepName: 'Enterprise NA', pool: 'enterprise-na' });
    expect(decision.explanation).toBe(
      "Matched rule 'Enterprise NA' (company.size >= 1000 and company.country in [US, CA]) → pool enterprise-na; Ana's turn by weighted round robin (weight 2)",
    );
  });

  it('routes everyone else to the catch-all pool', () => {
    const decision = routeLead(policy, { subject: SMB_LEAD, now: NY_MORNING }, emptySnapshot());
    expect(decision).toMatchObject({ rep: 'cy', step: 2, stepName: 'pool smb', pool: 'smb' });
    expect(decision.explanation).toBe("Rule 3 → pool smb; Cy's turn by weighted round robin (weight 1)");
  });

  it('returns the pool state and rep load to save, and leaves the snapshot alone', () => {
    const snapshot: RoutingSnapshot = { pools: {}, reps: { ana: { rep: 'ana', openLeads: 3, assignedToday: 2, day: '2026-06-09', away: false } } };
    const before = structuredClone(snapshot);
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, snapshot);
    expect(snapshot).toEqual(before);
    expect(decision).toMatchObject({ repLoad: { rep: 'ana', openLeads: 4, assignedToday: 3, day: '2026-06-09', away: false } });
    expect(decision.kind === 'assigned' && decision.poolState).toEqual({
      pool: 'enterprise-na',
      members: [
        { rep: 'ana', weight: 2, currentWeight: -1, assignedCount: 1, active: true },
        { rep: 'ben', weight: 1, currentWeight: 1, assignedCount: 0, active: true },
      ],
    });
  });

  it('shares enterprise leads 2:1, then overflows to the next pool once both reps reach their daily cap of 8', () => {
    let snapshot = emptySnapshot();
    const decisions: Extract<RoutingDecision, { kind: 'assigned' }>[] = [];
    for (let i = 0; i < 30; i++) {
      const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, snapshot);
      if (decision.kind !== 'assigned') throw new Error(decision.explanation);
      decisions.push(decision);
      snapshot = { pools: { ...snapshot.pools, [decision.pool!]: decision.poolState! }, reps: { ...snapshot.reps, [decision.rep]: decision.repLoad } };
    }
    const count = (reps: string[], from: number, to: number) => decisions.slice(from, to).filter((d) => reps.includes(d.rep)).length;
    expect([count(['ana'], 0, 12), count(['ben'], 0, 12)]).toEqual([8, 4]);
    expect([count(['ana'], 0, 30), count(['ben'], 0, 30), count(['cy', 'dee', 'eli'], 0, 30)]).toEqual([8, 8, 14]);
    expect(decisions[29]).toMatchObject({ pool: 'smb', skipped: [{ rep: 'ana', reason: 'daily_cap' }, { rep: 'ben', reason: 'daily_cap' }] });
    expect(decisions[29]!.explanation).toMatch(/^Matched rule 'Enterprise NA' \(.*\) → pool enterprise-na, where nobody could take it; Rule 3 → pool smb; .*; skipped Ana: at the daily cap, Ben: at the daily cap$/);
  });

  it('gives the lead to the rep a rule names, and falls through when that rep is away', () => {
    const named = testPolicy({ routing: { order: [{ name: 'Japan', when: 'company.country = JP', rep: 'yuki' }, { pool: 'smb' }], fallback: 'revops-queue' } });
    const japan = { company: { size: 30, country: 'JP' } };
    expect(routeLead(named, { subject: japan, now: NY_MORNING }, emptySnapshot())).toMatchObject({
      rep: 'yuki', via: 'rule', stepName: 'Japan', explanation: "Matched rule 'Japan' (company.country = JP) → Yuki",
    });
    const away: RoutingSnapshot = { pools: {}, reps: { yuki: { rep: 'yuki', openLeads: 0, assignedToday: 0, day: null, away: true } } };
    expect(routeLead(named, { subject: japan, now: NY_MORNING }, away)).toMatchObject({ rep: 'cy', skipped: [{ rep: 'yuki', reason: 'away' }] });
  });

  it('sends the lead to the fallback queue when no rule matches', () => {
    const narrow = testPolicy({ routing: { order: [{ when: 'company.country = DE', pool: 'smb' }], fallback: 'revops-queue' } });
    expect(routeLead(narrow, { subject: SMB_LEAD, now: NY_MORNING }, emptySnapshot())).toEqual({
      kind: 'queued', queue: 'revops-queue', skipped: [], explanation: 'No routing rule matched, so the lead waits in queue revops-queue',
    });
  });

  it('picks the rep with the lightest load in a lowest-load pool', () => {
    const lowest = testPolicy({ pools: { smb: { strategy: 'lowest_load', members: ['cy', 'dee', 'eli'] }, 'enterprise-na': { members: ['ana'] } } });
    const reps = Object.fromEntries([['cy', 4], ['dee', 1], ['eli', 3]].map(([rep, open]) => [rep, { rep: rep as string, openLeads: open as number, assignedToday: 0, day: null, away: false }]));
    const decision = routeLead(lowest, { subject: SMB_LEAD, now: NY_MORNING }, { pools: {}, reps });
    expect(decision).toMatchObject({ rep: 'dee', explanation: 'Rule 3 → pool smb; Dee had the lightest load (1 open lead)' });
  });
});

function testPolicyInputReps() {
  return Object.fromEntries(Object.entries(testPolicy().reps).map(([id, rep]) => [id, { ...rep }]));
}
