/**
 * Rep and manager actions through POST /api/v1/leads/:id/actions, signed in as the rep or manager
 * they are (web sessions), and the refusals a person can act on: another rep's lead (403), a move
 * the stage does not allow (409, naming what is allowed), a recycle before the attempts owed (409),
 * a reason code the policy does not have (422, listing the codes).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/store/token-store.js';
import { startSession } from '../../src/web/sessions.js';
import { saveUser } from '../../src/web/user-store.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
const now = new Date('2026-06-09T10:00:00-04:00'); // a Tuesday morning in New York
let t: TestApp;
const sessions: Record<string, { cookie: string; csrf: string }> = {};

beforeAll(async () => {
  t = await startTestApp({ policyFile: POLICY, clock: { now: () => now }, env: { BATON_SLA_SWEEP_MS: '0' } });
  const people = [
    { key: 'ana', role: 'rep' as const, rep: 'ana' },
    { key: 'ben', role: 'rep' as const, rep: 'ben' },
    { key: 'mia', role: 'manager' as const, manager: 'mia' },
    { key: 'max', role: 'manager' as const, manager: 'max' },
  ];
  for (const p of people) {
    const { key, ...who } = p;
    const user = await saveUser(t.app.deps.db, { email: `${key}@users.example.com`, name: key, password: 'correct horse battery', ...who }, new Date());
    const session = await startSession(t.app.deps.db, user.id, { idleMs: 3_600_000, maxMs: 86_400_000 });
    sessions[key] = { cookie: `baton_session=${session.token}`, csrf: session.csrfToken };
  }
});
afterAll(async () => {
  await t?.close();
});

/** An action as a signed-in person (or with the admin token when `as` is omitted). */
function act(leadId: string, body: unknown, as?: string) {
  const who = as ? sessions[as]! : undefined;
  return t.api('POST', `/api/v1/leads/${leadId}/actions`, body, who ? { token: '', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } } : {});
}

let serial = 0;
/** A demo request routed to `rep`: the pool alternates, so leads are sent until one lands there. */
async function leadFor(rep: 'ana' | 'ben'): Promise<string> {
  for (;;) {
    serial += 1;
    const res = await t.api('POST', '/api/v1/leads', {
      email: `person${serial}@firm${serial}.com`,
      company: { name: `Firm ${serial}`, size: 250, country: 'US' },
      event: { type: 'webinar_attended' },
    });
    await t.api('POST', '/api/v1/events', { events: [{ lead_id: res.body.id, type: 'webinar_attended' }] });
    const lead = (await t.api('GET', `/api/v1/leads/${res.body.id}`)).body;
    if (lead.owner === rep) return lead.id;
  }
}
const lead = async (id: string) => (await t.api('GET', `/api/v1/leads/${id}`)).body;
const clocks = async (id: string) => (await t.api('GET', `/api/v1/leads/${id}/clocks`)).body.clocks as any[];
const openLeads = async (rep: string) => (await t.app.deps.db.selectFrom('reps').select('open_leads').where('id', '=', rep).executeTakeFirstOrThrow()).open_leads;

describe('accepting and rejecting', () => {
  it('lets the owner accept: MQL → SAL, the accept clock met, recorded with the rep as actor', async () => {
    const id = await leadFor('ana');
    const res = await act(id, { type: 'accept' }, 'ana');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lead_id: id, stage: 'sal', owner: 'ana' });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['stage_changed', 'accepted', 'clock_stopped']);
    const events = (await lead(id)).timeline.slice(-3);
    expect(events[0]).toMatchObject({ type: 'stage_changed', actor: 'user:ana@users.example.com', data: { from: 'mql', to: 'sal', via: 'accept' } });
    expect(events[1]).toMatchObject({ type: 'accepted', data: { rep: 'ana' }, seq: res.body.events[1].seq });
    expect(events[2].data).toMatchObject({ clock: 'accept_or_reject', outcome: 'met', elapsed_ms: 0 });
    expect((await clocks(id)).find((c) => c.clock === 'accept_or_reject')).toMatchObject({ status: 'met', rep: 'ana' });
  });

  it("refuses another rep's lead with 403, and a second accept with 409 naming what is possible", async () => {
    const id = await leadFor('ana');
    const other = await act(id, { type: 'accept' }, 'ben');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('This lead is assigned to Ana Ruiz; you can act only on leads assigned to you.');
    expect((await act(id, { type: 'accept' }, 'ana')).status).toBe(200);
    const again = await act(id, { type: 'accept' }, 'ana');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'Cannot accept this lead: it is in sal (accept moves a lead from mql to sal). Possible now: reject, attempt, connected, meeting, convert, close, recycle, reassign.',
    );
  });

  it('refuses a reject reason the policy does not list with 422 and the codes it does', async () => {
    const id = await leadFor('ana');
    const res = await act(id, { type: 'reject', reason: 'too_busy' }, 'ana');
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('"too_busy" is not a reject reason code in the policy. Use one of: no_intent, wrong_company_size, competitor.');
    expect(res.body.error.details).toEqual([{ path: 'reason', message: 'one of: no_intent, wrong_company_size, competitor' }]);
    const missing = await act(id, { type: 'reject' }, 'ana');
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0].path).toBe('reason');
  });

  it("sends a rejected lead where its reason says, resets its engagement, frees the rep and stops the lead's clocks", async () => {
    const id = await leadFor('ana');
    const before = await openLeads('ana');
    const res = await act(id, { type: 'reject', reason: 'competitor', note: 'works at a rival' }, 'ana');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: 'disqualified', owner: null });
    const view = await lead(id);
    expect(view.score).toMatchObject({ engagement: 0 });
    expect(view.timeline.find((e: any) => e.type === 'rejected').data).toEqual({ rep: 'ana', reason: 'competitor', note: 'works at a rival', to: 'disqualified', score: 'reset' });
    expect(await openLeads('ana')).toBe(before - 1);
    expect((await clocks(id)).map((c) => [c.clock, c.status])).toEqual(expect.arrayContaining([['accept_or_reject', 'met'], ['first_touch', 'cancelled']]));
    const notices = await t.app.deps.db.selectFrom('outbox').select(['kind', 'payload']).where('lead_id', '=', id).where('kind', '=', 'lead.rejected').execute();
    expect(notices.map((n) => n.payload)).toEqual([{ lead_id: id, message: 'rejected', recipients: ['manager:mia'], rep: 'ana', reason: 'competitor' }]);
  });

  it('sends other reasons to nurture (reasons.reject_to)', async () => {
    const id = await leadFor('ben');
    expect((await act(id, { type: 'reject', reason: 'no_intent' }, 'ben')).body).toMatchObject({ stage: 'nurture', owner: null });
  });
});

describe('working the lead', () => {
  it('logs attempts (stopping the first-touch clock at the first), connections, meetings, conversion and a won close', async () => {
    const id = await leadFor('ben');
    await act(id, { type: 'accept' }, 'ben');
    const attempt = await act(id, { type: 'attempt', channel: 'call', outcome: 'voicemail', note: 'left a message' }, 'ben');
    expect(attempt.body.events.map((e: any) => e.type)).toEqual(['contact_attempted', 'clock_stopped']);
    expect((await clocks(id)).find((c) => c.clock === 'first_touch')).toMatchObject({ status: 'met', elapsed_ms: 0 });
    const second = await act(id, { type: 'attempt', channel: 'email', outcome: 'connected' }, 'ben');
    expect(second.body.events.map((e: any) => e.type)).toEqual(['contact_attempted', 'connected']);
    expect((await act(id, { type: 'connected', channel: 'call' }, 'ben')).status).toBe(200);
    expect((await act(id, { type: 'meeting', scheduled_for: '2026-06-12T15:00:00Z' }, 'ben')).status).toBe(200);
    const converted = await act(id, { type: 'convert', to: 'opportunity' }, 'ben');
    expect(converted.body).toMatchObject({ stage: 'opportunity' });
    expect(converted.body.events.map((e: any) => e.type)).toEqual(['stage_changed', 'stage_changed', 'converted']);
    const badCode = await act(id, { type: 'close', outcome: 'won', disposition: 'lucky' }, 'ben');
    expect(badCode.status).toBe(422);
    expect(badCode.body.error.message).toContain('Use one of: wrong_fit, no_budget, bad_timing, competitor_chosen, unresponsive, went_dark.');
    const before = await openLeads('ben');
    const closed = await act(id, { type: 'close', outcome: 'won', disposition: 'went_dark' }, 'ben');
    expect(closed.body).toMatchObject({ stage: 'won', owner: 'ben' });
    expect(await openLeads('ben')).toBe(before - 1);
    const types = (await lead(id)).timeline.map((e: any) => e.type);
    expect(types.filter((x: string) => x === 'contact_attempted')).toHaveLength(2);
    expect(types).toEqual(expect.arrayContaining(['meeting_booked', 'converted', 'closed']));
    const after = await act(id, { type: 'attempt', channel: 'call', outcome: 'no_answer' }, 'ben');
    expect(after.status).toBe(409);
    expect(after.body.error.message).toBe('Cannot attempt this lead: it is in won. No action can move it on.');
  });

  it('refuses to recycle before the attempts owed, saying how many more, then returns the lead to nurture', async () => {
    const id = await leadFor('ana');
    await act(id, { type: 'attempt', channel: 'call', outcome: 'no_answer' }, 'ana');
    const early = await act(id, { type: 'recycle' }, 'ana');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Recycling needs 3 contact attempts without a connection; 1 logged so far, so 2 more are owed.');
    await act(id, { type: 'attempt', channel: 'email', outcome: 'bounced' }, 'ana');
    expect((await act(id, { type: 'recycle' }, 'ana')).body.error.message).toContain('so 1 more is owed.');
    await act(id, { type: 'attempt', channel: 'sms', outcome: 'no_answer' }, 'ana');
    const before = await openLeads('ana');
    const recycled = await act(id, { type: 'recycle' }, 'ana');
    expect(recycled.status).toBe(200);
    expect(recycled.body).toMatchObject({ stage: 'nurture', owner: null });
    expect(recycled.body.events.map((e: any) => e.type)).toEqual(['stage_changed', 'recycled', 'clock_stopped']);
    expect(await openLeads('ana')).toBe(before - 1);
  });

  it('refuses to recycle a lead that was reached', async () => {
    const id = await leadFor('ana');
    await act(id, { type: 'attempt', channel: 'call', outcome: 'connected' }, 'ana');
    const res = await act(id, { type: 'recycle' }, 'ana');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('was reached');
  });
});

describe('managers, admins and tokens', () => {
  it("lets a manager act on their team's leads and reassign them, but not another team's", async () => {
    const id = await leadFor('ana');
    const stranger = await act(id, { type: 'accept' }, 'max');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe('This lead is assigned to Ana Ruiz, who is not on your team.');
    expect((await act(id, { type: 'reassign', to: 'ben', reason: 'ana is out' }, 'ana')).status).toBe(403);
    expect((await act(id, { type: 'reassign', to: 'cy', reason: 'language' }, 'mia')).status).toBe(403);
    const anaBefore = await openLeads('ana');
    const benBefore = await openLeads('ben');
    const moved = await act(id, { type: 'reassign', to: 'ben', reason: 'ana is out today' }, 'mia');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ owner: 'ben', stage: 'mql' });
    expect(await openLeads('ana')).toBe(anaBefore - 1);
    expect(await openLeads('ben')).toBe(benBefore + 1);
    const view = await lead(id);
    expect(view.timeline.find((e: any) => e.type === 'reassigned')).toMatchObject({ actor: 'user:mia@users.example.com', data: { from: 'ana', to: 'ben', reason: 'ana is out today', by: 'manager' } });
    const running = (await clocks(id)).filter((c) => !c.stopped_at);
    expect(running.map((c) => [c.clock, c.rep])).toEqual([['first_touch', 'ben'], ['accept_or_reject', 'ben']]);
    expect((await act(id, { type: 'reassign', to: 'ben', reason: 'again' }, 'mia')).status).toBe(409);
    expect((await act(id, { type: 'reassign', to: 'nobody', reason: 'x' }, 'mia')).body.error.details).toEqual([{ path: 'to', message: 'one of: ana, ben, cy' }]);
  });

  it('lets a token with the act scope act on any lead, recorded as the token', async () => {
    const { token } = await createToken(t.app.deps.db, 'crm sync', ['act'], new Date());
    const id = await leadFor('ben');
    const res = await t.api('POST', `/api/v1/leads/${id}/actions`, { type: 'accept' }, { token });
    expect(res.status).toBe(200);
    expect((await lead(id)).timeline.at(-2)).toMatchObject({ type: 'accepted', actor: 'token:crm sync' });
    expect((await t.api('POST', `/api/v1/leads/${id}/actions`, { type: 'accept' }, { token: t.readToken })).status).toBe(403);
  });

  it('answers 404 for an unknown lead and 422 for a malformed action', async () => {
    expect((await act('00000000-0000-4000-8000-000000000000', { type: 'accept' })).status).toBe(404);
    expect((await act('not-a-uuid', { type: 'accept' })).status).toBe(404);
    const bad = await act('00000000-0000-4000-8000-000000000000', { type: 'attempt', channel: 'fax', outcome: 'no_answer' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('channel');
  });
});

describe('reps', () => {
  it('lists reps with load, availability and caps, and lets their manager set away and cap overrides', async () => {
    const list = (await t.api('GET', '/api/v1/reps')).body.reps;
    expect(list.map((r: any) => r.id)).toEqual(['ana', 'ben', 'cy']);
    expect(list[0]).toMatchObject({ id: 'ana', name: 'Ana Ruiz', manager: 'mia', timezone: 'America/New_York', away: false, out_of_office_now: false, caps: { open: null, per_day: null } });
    expect((await t.api('GET', '/api/v1/reps?manager=max')).body.reps.map((r: any) => r.id)).toEqual(['cy']);

    const denied = await t.api('PATCH', '/api/v1/reps/cy', { away: true }, { token: '', headers: { cookie: sessions.mia!.cookie, 'x-csrf-token': sessions.mia!.csrf } });
    expect(denied.status).toBe(403);
    const patched = await t.api('PATCH', '/api/v1/reps/ana', { away: true, caps: { open: 25 } }, { token: '', headers: { cookie: sessions.mia!.cookie, 'x-csrf-token': sessions.mia!.csrf } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'ana', away: true, caps: { open: 25, per_day: null } });
    const cleared = await t.api('PATCH', '/api/v1/reps/ana', { away: false, caps: { open: null } });
    expect(cleared.body).toMatchObject({ away: false, caps: { open: null } });
    expect((await t.api('PATCH', '/api/v1/reps/ana', { caps: { open: -1 } })).status).toBe(422);
  });
});
