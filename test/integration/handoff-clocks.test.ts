/**
 * SLA clocks and escalation end to end: a lead qualifies and is routed, its clocks count New
 * York business hours, and as the (fake) clock moves the sweeper reminds the rep at 75 %, records
 * the breach and tells the manager at the deadline, and one business hour later hands the lead to
 * the next rep in the pool, or to the fallback queue when nobody can take it.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueClocks } from '../../src/handoff/sweeper.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
let now = new Date('2026-06-05T16:00:00-04:00'); // a Friday, one hour before closing in New York
const clock = { now: () => now };
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: POLICY, clock, env: { BATON_SLA_SWEEP_MS: '0' } });
});
afterAll(async () => {
  await t?.close();
});

const sweep = () => runDueClocks(t.app.deps);
let serial = 0;
async function demoRequest(country = 'US'): Promise<{ id: string; owner: string | null; queue: string | null }> {
  serial += 1;
  const res = await t.api('POST', '/api/v1/leads', {
    email: `buyer${serial}@company${serial}.com`,
    first_name: 'Kim',
    last_name: `Buyer ${serial}`,
    company: { name: `Company ${serial}`, size: 300, country },
    event: { type: 'demo_requested' },
  });
  expect(res.status).toBe(201);
  return res.body;
}
const timeline = async (id: string) => (await t.api('GET', `/api/v1/leads/${id}`)).body.timeline as { type: string; actor: string; data: any; occurred_at: string }[];
const outbox = async (leadId: string) =>
  (await t.app.deps.db.selectFrom('outbox').select(['kind', 'payload']).where('lead_id', '=', leadId).orderBy('id').execute()).map((r) => ({ kind: r.kind, ...(r.payload as object) })) as any[];
const loads = async () => Object.fromEntries((await t.app.deps.db.selectFrom('reps').select(['id', 'open_leads']).execute()).map((r) => [r.id, r.open_leads]));
const setAway = (rep: string, away: boolean) => t.api('PATCH', `/api/v1/reps/${rep}`, { away });
/** The rep accepts and calls: the lead's clocks stop, so later sweeps in this file leave it alone. */
async function settle(leadId: string): Promise<void> {
  expect((await t.api('POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' })).status).toBe(200);
  expect((await t.api('POST', `/api/v1/leads/${leadId}/actions`, { type: 'attempt', channel: 'call', outcome: 'no_answer' })).status).toBe(200);
}

describe('clocks started at hand-off', () => {
  it('meets the route clock at once, and gives the rep first-touch and accept clocks in their business hours', async () => {
    now = new Date('2026-06-05T16:00:00-04:00');
    const lead = await demoRequest();
    expect(lead.owner).toMatch(/^(ana|ben)$/);
    const clocks = (await t.api('GET', `/api/v1/leads/${lead.id}/clocks`)).body.clocks;
    expect(clocks).toEqual([
      // Friday 16:00 + 4bh in New York = Monday 12:00.
      { clock: 'first_touch', rep: lead.owner, status: 'open', started_at: now.toISOString(), due_at: new Date('2026-06-08T12:00:00-04:00').toISOString() },
      { clock: 'accept_or_reject', rep: lead.owner, status: 'open', started_at: now.toISOString(), due_at: new Date('2026-06-08T16:00:00-04:00').toISOString() },
      { clock: 'route', rep: null, status: 'met', started_at: now.toISOString(), due_at: new Date(now.getTime() + 5 * 60_000).toISOString(), stopped_at: now.toISOString(), elapsed_ms: 0, business_ms: 0 },
    ]);
    const events = await timeline(lead.id);
    const types = events.map((e) => e.type);
    expect(types.slice(types.indexOf('stage_changed'))).toEqual(['stage_changed', 'assigned', 'clock_started', 'clock_stopped', 'clock_started', 'clock_started']);
    expect(events.find((e) => e.type === 'clock_stopped')).toMatchObject({ actor: 'system', data: { clock: 'route', outcome: 'met' } });
    await settle(lead.id);
  });

  it('keeps the route clock running while a lead waits in the queue, then alerts the admins when it lapses', async () => {
    now = new Date('2026-06-08T10:00:00-04:00');
    for (const rep of ['ana', 'ben', 'cy']) await setAway(rep, true);
    try {
      const lead = await demoRequest('DE');
      expect(lead).toMatchObject({ owner: null, queue: 'revops-queue' });
      const [route] = (await t.api('GET', `/api/v1/leads/${lead.id}/clocks`)).body.clocks;
      expect(route).toMatchObject({ clock: 'route', status: 'open', rep: null });
      now = new Date('2026-06-08T10:05:00-04:00');
      await sweep();
      const events = await timeline(lead.id);
      expect(events.filter((e) => e.type === 'clock_breached').map((e) => e.data)).toEqual([{ clock: 'route', due_at: route.due_at }]);
      expect(events.find((e) => e.type === 'escalated')?.data).toMatchObject({ clock: 'route', at: 'route', actions: ['notify_admins', 'to_fallback'] });
      expect(await outbox(lead.id)).toContainEqual(expect.objectContaining({ kind: 'sla.breached', message: 'breached', recipients: ['admins'], clock: 'route' }));

      // A manager hands it to Cy: the route clock stops (late), Cy's clocks start.
      const taken = await t.api('POST', `/api/v1/leads/${lead.id}/actions`, { type: 'reassign', to: 'cy', reason: 'back from a meeting' });
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ owner: 'cy', stage: 'mql' });
      const clocks = (await t.api('GET', `/api/v1/leads/${lead.id}/clocks`)).body.clocks;
      expect(clocks.map((c: any) => [c.clock, c.rep, c.status])).toEqual([
        ['first_touch', 'cy', 'open'],
        ['accept_or_reject', 'cy', 'open'],
        ['route', null, 'breached'],
      ]);
      await settle(lead.id);
    } finally {
      for (const rep of ['ana', 'ben', 'cy']) await setAway(rep, false);
    }
  });
});

describe('escalation as the first-touch clock runs down', () => {
  let lead: { id: string; owner: string | null };
  let first: string;
  let other: string;

  beforeAll(async () => {
    now = new Date('2026-06-05T16:00:00-04:00');
    lead = await demoRequest();
    first = lead.owner!;
    other = first === 'ana' ? 'ben' : 'ana';
  });

  it('does nothing before 75 % of the window', async () => {
    now = new Date('2026-06-08T10:59:00-04:00');
    await sweep();
    expect((await timeline(lead.id)).filter((e) => e.type === 'escalated')).toEqual([]);
  });

  it('reminds the rep at 75 % of the window (Monday 11:00: 1 h on Friday, 2 h on Monday)', async () => {
    now = new Date('2026-06-08T11:00:00-04:00');
    await sweep();
    await sweep(); // a second sweep finds nothing more to do
    const escalations = (await timeline(lead.id)).filter((e) => e.type === 'escalated');
    expect(escalations.map((e) => e.data)).toEqual([{ clock: 'first_touch', step: 0, at: '75% of first_touch', actions: ['remind_rep'], rep: first, manager: 'mia' }]);
    expect((await outbox(lead.id)).filter((o) => o.kind === 'sla.reminder')).toEqual([
      { kind: 'sla.reminder', lead_id: lead.id, message: 'reminder', recipients: [first], clock: 'first_touch', due_at: new Date('2026-06-08T12:00:00-04:00').toISOString(), rep: first },
    ]);
  });

  it('records the breach once at the deadline and tells the rep and their manager', async () => {
    now = new Date('2026-06-08T12:00:00-04:00');
    await sweep();
    await sweep();
    const events = await timeline(lead.id);
    expect(events.filter((e) => e.type === 'clock_breached')).toHaveLength(1);
    expect(events.find((e) => e.type === 'clock_breached')).toMatchObject({ actor: 'system', occurred_at: now.toISOString(), data: { clock: 'first_touch', rep: first } });
    expect((await outbox(lead.id)).filter((o) => o.kind === 'sla.breached')).toEqual([
      expect.objectContaining({ message: 'breached', recipients: [first, 'manager:mia'], clock: 'first_touch' }),
    ]);
    const clocks = (await t.api('GET', '/api/v1/clocks?status=breached')).body.clocks;
    expect(clocks.filter((c: any) => c.lead.id === lead.id)).toEqual([expect.objectContaining({ clock: 'first_touch', rep: first, status: 'breached', lead: expect.objectContaining({ name: expect.stringContaining('Kim'), owner: first }) })]);
    const escalations = (await t.api('GET', '/api/v1/escalations?manager=mia')).body.escalations;
    expect(escalations[0]).toMatchObject({ lead_id: lead.id, clock: 'first_touch', step: 1, at: 'first_touch', actions: ['notify_rep', 'notify_manager'], rep: first });
  });

  it('reassigns one business hour after the breach to the other rep, who gets fresh clocks, while the first rep keeps their turn', async () => {
    const before = (await t.api('GET', '/api/v1/routing')).body;
    const loadsBefore = await loads();
    now = new Date('2026-06-08T13:00:00-04:00');
    await sweep();
    const after = (await t.api('GET', '/api/v1/routing')).body;
    expect(after.pools).toEqual(before.pools);
    const loadsAfter = await loads();
    expect(loadsAfter[first]).toBe(loadsBefore[first]! - 1);
    expect(loadsAfter[other]).toBe(loadsBefore[other]! + 1);

    const view = (await t.api('GET', `/api/v1/leads/${lead.id}`)).body;
    expect(view.owner).toBe(other);
    const events = await timeline(lead.id);
    expect(events.find((e) => e.type === 'reassigned')).toMatchObject({ actor: 'system', data: { from: first, to: other, by: 'escalation', pool: 'main' } });
    const clocks = (await t.api('GET', `/api/v1/leads/${lead.id}/clocks`)).body.clocks;
    expect(clocks.filter((c: any) => c.status === 'open')).toEqual([
      // Monday 13:00 + 4bh = 17:00 the same day.
      expect.objectContaining({ clock: 'first_touch', rep: other, started_at: now.toISOString(), due_at: new Date('2026-06-08T17:00:00-04:00').toISOString() }),
      expect.objectContaining({ clock: 'accept_or_reject', rep: other, started_at: now.toISOString() }),
    ]);
    expect(clocks.filter((c: any) => c.rep === first).map((c: any) => c.status).sort()).toEqual(['breached', 'cancelled']);
    const notices = (await outbox(lead.id)).filter((o) => o.kind === 'lead.reassigned');
    expect(notices).toEqual([
      expect.objectContaining({ message: 'reassigned_to', recipients: [other], clock: 'first_touch' }),
      expect.objectContaining({ message: 'reassigned_away', recipients: [first] }),
    ]);

    // The next lead through the pool goes where the rotation says, as if the reassignment never happened.
    const next = await demoRequest();
    expect(next.owner).toBe(predictNext(before.pools.find((p: any) => p.pool === 'main').members));
    await settle(next.id);
    await settle(lead.id);
  });

  it('puts the lead in the fallback queue and alerts manager and admins when nobody else can take it', async () => {
    now = new Date('2026-06-09T10:00:00-04:00');
    const lead2 = await demoRequest();
    const owner = lead2.owner!;
    const rest = owner === 'ana' ? 'ben' : 'ana';
    await setAway(rest, true);
    try {
      const loadBefore = (await loads())[owner]!;
      now = new Date('2026-06-09T15:00:00-04:00'); // due 14:00, reassign at 15:00
      const swept = await sweep();
      expect(swept.points).toBeGreaterThanOrEqual(4);
      const view = (await t.api('GET', `/api/v1/leads/${lead2.id}`)).body;
      expect(view).toMatchObject({ owner: null, queue: 'revops-queue' });
      expect((await loads())[owner]).toBe(loadBefore - 1);
      const events = await timeline(lead2.id);
      expect(events.find((e) => e.type === 'reassigned')?.data).toMatchObject({ from: owner, queue: 'revops-queue', by: 'escalation' });
      expect(await outbox(lead2.id)).toContainEqual(expect.objectContaining({ kind: 'alert', message: 'fallback', recipients: ['manager:mia', 'admins'], rep: owner }));
      const clocks = (await t.api('GET', `/api/v1/leads/${lead2.id}/clocks`)).body.clocks;
      expect(clocks.filter((c: any) => !c.stopped_at)).toEqual([]);
    } finally {
      await setAway(rest, false);
    }
  });
});

/** Smooth weighted round robin's next pick from a pool's stored members (equal weights: highest credit after adding weights). */
function predictNext(members: { rep: string; weight: number; currentWeight: number; active: boolean }[]): string {
  const active = members.filter((m) => m.active);
  let best = active[0]!;
  for (const m of active) if (m.currentWeight + m.weight > best.currentWeight + best.weight) best = m;
  return best.rep;
}
