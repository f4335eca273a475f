import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailFacts } from '../domain/normalize/email.js';
import type { LeadProfile } from '../domain/lead/profile.js';
import type { RoutingSnapshot } from '../domain/routing/index.js';
import { parsePolicy } from '../policy/parse.js';
import { decide, type Decision } from './decide.js';
import type { DecideContext, LeadInput } from './inputs.js';

const file = path.resolve(import.meta.dirname, '../../test/fixtures/policy.yaml');
const parsed = parsePolicy(readFileSync(file, 'utf8'), file);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const policy = parsed.policy;
const NOW = new Date('2026-11-18T15:00:00Z');

function submitted(email: string, company: LeadProfile['company'], extra: Partial<LeadProfile> = {}, activityType?: string): LeadInput {
  const profile: LeadProfile = { email, company, answers: {}, attribution: {}, ...extra };
  return {
    type: 'submitted',
    profile,
    facts: emailFacts(email, policy.domains),
    actor: 'test',
    ...(activityType ? { activity: { type: activityType, occurred_at: NOW.toISOString() } } : {}),
  };
}

const ctx = (over: Partial<DecideContext> = {}): DecideContext => ({ policy, policyVersion: 3, now: NOW, newLeadId: 'lead-1', ...over });
const emptySnapshot: RoutingSnapshot = { pools: {}, reps: {} };

function decided(d: Decision) {
  if (d.kind !== 'decided') throw new Error(`expected a decision, got ${d.kind}`);
  return d;
}

describe('decide', () => {
  it('creates a known lead with its score and no routing when it does not qualify', () => {
    const d = decided(decide(undefined, submitted('pat@fabrikam.com', { size: 300 }, { title: 'Head of IT' }), ctx()));
    expect(d.state).toMatchObject({ id: 'lead-1', stage: 'known', score: { fit: 35, engagement: 0, total: 35 } });
    expect(d.events.map((e) => e.type)).toEqual(['lead_created', 'score_changed']);
    expect(d.effects).toEqual([]);
  });

  it('asks for the routing state it needs before routing a qualified lead, then routes with it', () => {
    const input = submitted('vp@bigco.com', { size: 5000, country: 'US' }, {}, 'demo_requested');
    const first = decide(undefined, input, ctx());
    expect(first).toEqual({ kind: 'needs_routing', pools: ['enterprise', 'smb'], reps: expect.arrayContaining(['ana', 'ben']) });

    const d = decided(decide(undefined, input, ctx({ routing: emptySnapshot })));
    expect(d.state).toMatchObject({ stage: 'mql', priority: 'high', owner: 'ana', assignment: { via: 'pool', pool: 'enterprise', step_name: 'Enterprise NA' } });
    expect(d.events.map((e) => e.type)).toEqual(['lead_created', 'activity_recorded', 'score_changed', 'stage_changed', 'assigned']);
    expect(d.routing?.poolState?.members.find((m) => m.rep === 'ana')?.assignedCount).toBe(1);
    expect(d.routing?.repLoad).toMatchObject({ rep: 'ana', openLeads: 1 });
    expect(d.state.brief).toMatchObject({ priority: 'high', who: { email: 'vp@bigco.com', company_size: 5000 } });
    expect(d.effects.map((e) => e.kind)).toEqual(['lead.qualified', 'lead.assigned']);
  });

  it('is deterministic: the same input, state and time give the same decision', () => {
    const input = submitted('vp@bigco.com', { size: 5000, country: 'US' }, {}, 'demo_requested');
    expect(decide(undefined, input, ctx({ routing: emptySnapshot }))).toEqual(decide(undefined, input, ctx({ routing: emptySnapshot })));
  });

  it('gives the lead to the account owner without touching any pool', () => {
    const account = { account_id: 'acc-1', name: 'Big Co', owner: 'eli', is_customer: true, method: 'domain' as const, confidence: 1 };
    const d = decided(decide(undefined, submitted('vp@bigco.com', { size: 5000, country: 'US' }, {}, 'demo_requested'), ctx({ account, routing: emptySnapshot })));
    expect(d.state.owner).toBe('eli');
    expect(d.state.assignment?.via).toBe('account_owner');
    expect(d.routing?.poolState).toBeUndefined();
    expect(d.events.map((e) => e.type)).toContain('account_matched');
  });

  it('records nothing new when the same person is submitted again unchanged', () => {
    const input = submitted('pat@fabrikam.com', { size: 300 });
    const first = decided(decide(undefined, input, ctx()));
    const again = decided(decide(first.state, input, ctx()));
    expect(again.events).toEqual([]);
  });

  it('qualifies on engagement once the fit criteria hold and records each activity', () => {
    const lead = decided(decide(undefined, submitted('pat@fabrikam.com', { size: 300 }), ctx())).state;
    const activities: LeadInput = {
      type: 'activities',
      actor: 'test',
      activities: [
        { activity: { type: 'webinar_attended', occurred_at: NOW.toISOString() }, client_event_id: 'w1' },
        { activity: { type: 'page_viewed', url: '/pricing', occurred_at: NOW.toISOString() } },
        { activity: { type: 'page_viewed', url: '/pricing/enterprise', occurred_at: NOW.toISOString() } },
      ],
    };
    const d = decided(decide(lead, activities, ctx({ routing: emptySnapshot })));
    expect(d.state.score.engagement).toBe(50);
    expect(d.state).toMatchObject({ stage: 'mql', priority: 'normal', owner: 'cy' });
    expect(d.events.filter((e) => e.type === 'activity_recorded')).toHaveLength(3);
    expect(d.events[0]).toMatchObject({ client_event_id: 'w1' });
  });

  it('never changes the lead it is given (the intake keeps leads in a copy across batches)', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const inner of Object.values(value)) deepFreeze(inner);
      }
      return value;
    };
    const lead = decided(decide(undefined, submitted('pat@fabrikam.com', { size: 300 }), ctx())).state;
    const first = decided(decide(deepFreeze(lead), { type: 'activities', actor: 'test', activities: [{ activity: { type: 'page_viewed', url: '/pricing', occurred_at: NOW.toISOString() } }] }, ctx()));
    const activities: LeadInput = {
      type: 'activities',
      actor: 'test',
      activities: ['webinar_attended', 'content_downloaded', 'demo_requested'].map((type) => ({ activity: { type, occurred_at: NOW.toISOString() } })),
    };
    // Frozen in strict mode: a write to the lead or anything in it throws.
    const d = decided(decide(deepFreeze(first.state), activities, ctx({ routing: emptySnapshot })));
    expect(d.state.owner).toBeDefined();
    expect(first.state.activity.total).toBe(1);
  });

  it('sends the lead to the fallback queue when every rep it could go to is away', () => {
    const away = Object.fromEntries(['ana', 'ben', 'cy', 'dee', 'eli'].map((rep) => [rep, { rep, openLeads: 0, assignedToday: 0, day: null, away: true }]));
    const d = decided(decide(undefined, submitted('vp@bigco.com', { size: 5000, country: 'US' }, {}, 'demo_requested'), ctx({ routing: { pools: {}, reps: away } })));
    expect(d.state).toMatchObject({ stage: 'mql', queue: 'revops-queue' });
    expect(d.state.owner).toBeUndefined();
    expect(d.events.at(-1)?.type).toBe('queued');
  });
});
