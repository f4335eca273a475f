import { describe, expect, it } from 'vitest';
import { routeLead } from './route.js';
import { BASE, emptySnapshot, ENTERPRISE_LEAD, NY_MORNING, SMB_LEAD, testPolicy } from './test-policy.js';
import type { RepLoad, RoutingSnapshot } from './types.js';

const load = (rep: string, patch: Partial<RepLoad> = {}): RepLoad => ({ rep, openLeads: 0, assignedToday: 0, day: null, away: false, ...patch });
const reps = (...loads: RepLoad[]) => Object.fromEntries(loads.map((l) => [l.rep, l]));
const ENTERPRISE_RULE = "Matched rule 'Enterprise NA' (company.size >= 1000 and company.country in [US, CA]) → pool enterprise-na";

describe('who can take a lead now', () => {
  it('skips a rep who is out of office and says so', () => {
    const policy = testPolicy({ reps: { ...BASE.reps, ben: { name: 'Ben', email: 'ben@example.com', out_of_office: [{ from: '2026-06-09', to: '2026-06-09' }] } } });
    const decision = routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, emptySnapshot());
    expect(decision).toMatchObject({ rep: 'ana', skipped: [{ rep: 'ben', reason: 'out_of_office' }] });
    expect(decision.explanation).toBe(`${ENTERPRISE_RULE}; Ana's turn by weighted round robin (weight 2); skipped Ben: out of office`);
  });

  it('skips a rep a manager marked away', () => {
    const snapshot: RoutingSnapshot = { pools: {}, reps: reps(load('ana', { away: true })) };
    expect(routeLead(testPolicy(), { subject: ENTERPRISE_LEAD, now: NY_MORNING }, snapshot)).toMatchObject({ rep: 'ben', skipped: [{ rep: 'ana', reason: 'away' }] });
  });

  it('skips a rep outside their working hours and keeps their turn', () => {
    const policy = testPolicy({
      calendars: { ...BASE.calendars, berlin: { timezone: 'Europe/Berlin', hours: { 'mon-fri': '09:00-17:00' } } },
      reps: { ...BASE.reps, eli: { name: 'Eli', email: 'eli@example.com', calendar: 'berlin' } },
    });
    // It is Eli's turn.
    const snapshot: RoutingSnapshot = {
      pools: { smb: { pool: 'smb', members: [['cy', -1], ['dee', -1], ['eli', 2]].map(([rep, w]) => ({ rep: rep as string, weight: 1, currentWeight: w as number, assignedCount: 5, active: true })) } },
      reps: {},
    };
    const noonInNewYork = new Date('2026-06-09T12:00:00-04:00'); // 18:00 in Berlin
    const first = routeLead(policy, { subject: SMB_LEAD, now: noonInNewYork }, snapshot);
    expect(first).toMatchObject({ rep: 'cy', skipped: [{ rep: 'eli', reason: 'outside_working_hours' }] });
    expect(first.explanation).toBe("Rule 3 → pool smb; Cy's turn by weighted round robin (weight 1); skipped Eli: outside working hours");
    const eliState = first.kind === 'assigned' ? first.poolState!.members[2] : undefined;
    expect(eliState).toEqual(snapshot.pools.smb!.members[2]);

    const nextMorning = new Date('2026-06-10T09:30:00-04:00'); // 15:30 in Berlin
    const saved: RoutingSnapshot = { pools: { smb: first.kind === 'assigned' ? first.poolState! : snapshot.pools.smb! }, reps: {} };
    expect(routeLead(policy, { subject: SMB_LEAD, now: nextMorning }, saved)).toMatchObject({ rep: 'eli', skipped: [] });
  });

  it('gives leads at night from a pool that does not require working hours', () => {
    const policy = testPolicy({ pools: { ...BASE.pools, smb: { members: ['cy', 'dee'], working_hours_only: false } } });
    const night = new Date('2026-06-13T03:00:00-04:00');
    expect(routeLead(policy, { subject: SMB_LEAD, now: night }, emptySnapshot())).toMatchObject({ rep: 'cy', skipped: [] });
  });

  it('sends the lead to the fallback queue when every member is at their open-lead cap', () => {
    const policy = testPolicy({ routing: { order: ['account_owner', { name: 'Enterprise NA', when: 'company.size >= 1000 and company.country in [US, CA]', pool: 'enterprise-na' }], fallback: 'revops-queue' } });
    const snapshot: RoutingSnapshot = { pools: {}, reps: reps(load('ana', { openLeads: 40 }), load('ben', { openLeads: 41 })) };
    expect(routeLead(policy, { subject: ENTERPRISE_LEAD, now: NY_MORNING }, snapshot)).toEqual({
      kind: 'queued',
      queue: 'revops-queue',
      skipped: [{ rep: 'ana', reason: 'open_cap' }, { rep: 'ben', reason: 'open_cap' }],
      explanation: `${ENTERPRISE_RULE}, where nobody could take it, so the lead waits in queue revops-queue; skipped Ana: at the open-lead cap, Ben: at the open-lead cap`,
    });
  });

  it('counts the daily cap only for today, and starts a new count on a new day', () => {
    const today = { pools: {}, reps: reps(load('ana', { assignedToday: 8, day: '2026-06-09' })) };
    expect(routeLead(testPolicy(), { subject: ENTERPRISE_LEAD, now: NY_MORNING }, today)).toMatchObject({ rep: 'ben', skipped: [{ rep: 'ana', reason: 'daily_cap' }] });
    const yesterday = { pools: {}, reps: reps(load('ana', { assignedToday: 8, day: '2026-06-08', openLeads: 3 })) };
    expect(routeLead(testPolicy(), { subject: ENTERPRISE_LEAD, now: NY_MORNING }, yesterday)).toMatchObject({
      rep: 'ana',
      repLoad: { rep: 'ana', openLeads: 4, assignedToday: 1, day: '2026-06-09' },
    });
  });

  it('applies a manager’s caps for one rep instead of the pool’s', () => {
    const capped = { pools: {}, reps: reps(load('ana', { openLeads: 2, caps: { open: 2 } })) };
    expect(routeLead(testPolicy(), { subject: ENTERPRISE_LEAD, now: NY_MORNING }, capped)).toMatchObject({ rep: 'ben', skipped: [{ rep: 'ana', reason: 'open_cap' }] });
    const raised = { pools: {}, reps: reps(load('ana', { assignedToday: 8, day: '2026-06-09', caps: { per_day: 20 } })) };
    expect(routeLead(testPolicy(), { subject: ENTERPRISE_LEAD, now: NY_MORNING }, raised)).toMatchObject({ rep: 'ana' });
  });

  it('starts a Tokyo rep’s new day at midnight in Tokyo', () => {
    const policy = testPolicy({ pools: { ...BASE.pools, apac: { members: ['yuki'], caps: { per_day: 2 }, working_hours_only: false } }, routing: { order: [{ pool: 'apac' }], fallback: 'revops-queue' } });
    const snapshot = { pools: {}, reps: reps(load('yuki', { assignedToday: 2, day: '2026-06-09' })) };
    const lateEvening = new Date('2026-06-09T23:30:00+09:00');
    expect(routeLead(policy, { subject: SMB_LEAD, now: lateEvening }, snapshot)).toMatchObject({ kind: 'queued', skipped: [{ rep: 'yuki', reason: 'daily_cap' }] });
    const afterMidnight = new Date('2026-06-10T00:30:00+09:00'); // still 9 June in New York
    expect(routeLead(policy, { subject: SMB_LEAD, now: afterMidnight }, snapshot)).toMatchObject({ rep: 'yuki', repLoad: { assignedToday: 1, day: '2026-06-10' } });
  });

  it('never gives a lead to someone removed from the pool, and keeps their row', () => {
    const removed = { rep: 'zed', weight: 5, currentWeight: 100, assignedCount: 12, active: true };
    const snapshot: RoutingSnapshot = { pools: { smb: { pool: 'smb', members: [removed] } }, reps: {} };
    const decision = routeLead(testPolicy(), { subject: SMB_LEAD, now: NY_MORNING }, snapshot);
    expect(decision).toMatchObject({ rep: 'cy', skipped: [] });
    expect(decision.kind === 'assigned' && decision.poolState!.members.find((m) => m.rep === 'zed')).toEqual({ ...removed, active: false });
  });
});
