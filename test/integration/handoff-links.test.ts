/**
 * One-click links from notifications: a GET shows what will happen (nothing changes), a POST does
 * it as `link:<rep>`; an expired or altered link is refused, and a link never lets a rep act on
 * someone else's lead.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActionLinks } from '../../src/handoff/links.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
let now = new Date('2026-06-09T10:00:00-04:00');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: POLICY, clock: { now: () => now }, env: { BATON_SLA_SWEEP_MS: '0' } });
});
afterAll(async () => {
  await t?.close();
});

let serial = 0;
async function newLead(): Promise<{ id: string; owner: string }> {
  serial += 1;
  const res = await t.api('POST', '/api/v1/leads', { email: `click${serial}@acme${serial}.com`, first_name: 'Lee', company: { name: `Acme ${serial}`, size: 80, country: 'US' }, event: { type: 'demo_requested' } });
  return { id: res.body.id, owner: res.body.owner };
}
const links = (leadId: string, rep: string, hours = 48) => buildActionLinks(t.app.moduleContext, { leadId, rep, expiresAt: new Date(now.getTime() + hours * 3_600_000) });
const get = (url: string) => fetch(url).then(async (r) => ({ status: r.status, text: await r.text(), type: r.headers.get('content-type') }));
const post = (url: string, form: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }).then(async (r) => ({ status: r.status, text: await r.text() }));
const stage = async (id: string) => (await t.api('GET', `/api/v1/leads/${id}`)).body.stage;

describe('one-click links', () => {
  it('shows a confirmation page on GET without acting, and accepts on POST as the link’s rep', async () => {
    const lead = await newLead();
    const l = await links(lead.id, lead.owner);
    expect(l.accept.startsWith(`${t.url}/a/`)).toBe(true);
    expect(l.lead).toBe(`${t.url}/leads/${lead.id}`);
    const page = await get(l.accept);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.text).toContain('Accept this lead?');
    expect(page.text).toContain('Lee');
    expect(await stage(lead.id)).toBe('mql');

    const done = await post(l.accept);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Lead accepted');
    expect(await stage(lead.id)).toBe('sal');
    const timeline = (await t.api('GET', `/api/v1/leads/${lead.id}`)).body.timeline;
    expect(timeline.find((e: any) => e.type === 'accepted')).toMatchObject({ actor: `link:${lead.owner}` });

    const twice = await post(l.accept);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('Nothing was changed');
  });

  it('offers the policy’s reject reasons and rejects with the one picked', async () => {
    const lead = await newLead();
    const l = await links(lead.id, lead.owner);
    const page = await get(l.reject);
    expect(page.text).toContain('<option value="competitor">Works for a competitor</option>');
    expect(page.text).toContain('<option value="no_intent">no intent</option>');
    const done = await post(l.reject, { reason: 'no_intent', note: 'student project' });
    expect(done.status).toBe(200);
    expect(await stage(lead.id)).toBe('nurture');
    const rejected = (await t.api('GET', `/api/v1/leads/${lead.id}`)).body.timeline.find((e: any) => e.type === 'rejected');
    expect(rejected.data).toMatchObject({ reason: 'no_intent', note: 'student project' });
  });

  it('logs an attempt with the channel and outcome chosen', async () => {
    const lead = await newLead();
    const done = await post((await links(lead.id, lead.owner)).attempt, { channel: 'linkedin', outcome: 'no_answer' });
    expect(done.status).toBe(200);
    const attempt = (await t.api('GET', `/api/v1/leads/${lead.id}`)).body.timeline.find((e: any) => e.type === 'contact_attempted');
    expect(attempt).toMatchObject({ actor: `link:${lead.owner}`, data: { channel: 'linkedin', outcome: 'no_answer', attempt: 1 } });
  });

  it('refuses an expired link with 410 and an altered one with 403, changing nothing', async () => {
    const lead = await newLead();
    const l = await links(lead.id, lead.owner, 1);
    const [payload, signature] = l.accept.split('/a/')[1]!.split('.') as [string, string];
    const altered = `${t.url}/a/${payload.slice(0, -2)}xy.${signature}`;
    expect((await get(altered)).status).toBe(403);
    expect((await post(altered)).status).toBe(403);
    now = new Date(now.getTime() + 2 * 3_600_000);
    try {
      const expired = await post(l.accept);
      expect(expired.status).toBe(410);
      expect(expired.text).toContain('This link has expired');
      expect((await get(l.accept)).status).toBe(410);
    } finally {
      now = new Date(now.getTime() - 2 * 3_600_000);
    }
    expect(await stage(lead.id)).toBe('mql');
  });

  it("does not let a rep's link act on a lead that is not theirs", async () => {
    const lead = await newLead();
    const other = lead.owner === 'ana' ? 'ben' : 'ana';
    const res = await post((await links(lead.id, other)).accept);
    expect(res.status).toBe(403);
    expect(res.text).toContain('you can act only on leads assigned to you');
  });

  it('signs with the same stored key after a restart of the links module (links survive restarts)', async () => {
    const lead = await newLead();
    const first = await links(lead.id, lead.owner);
    const row = await t.app.deps.db.selectFrom('handoff_secrets').select('value').where('name', '=', 'link_signing').executeTakeFirstOrThrow();
    expect(row.value.length).toBeGreaterThan(30);
    // A context on a fresh db handle object finds the stored key rather than making a new one.
    const again = await buildActionLinks({ ...t.app.moduleContext, deps: { ...t.app.deps, db: t.app.deps.db.withoutPlugins() } }, { leadId: lead.id, rep: lead.owner, expiresAt: new Date(now.getTime() + 48 * 3_600_000) });
    expect(again.accept).toBe(first.accept);
  });
});
