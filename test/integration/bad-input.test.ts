import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function leadCount(): Promise<number> {
  const row = await t.app.deps.db.selectFrom('leads').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('bad input gets a clear 4xx and nothing is half-written', () => {
  it('refuses a call without a token, with an unknown token, and an ingest token reading leads', async () => {
    expect((await t.api('POST', '/api/v1/leads', { email: 'a@b.com' }, { token: '' })).status).toBe(401);
    const unknown = await t.api('GET', '/api/v1/leads', undefined, { token: 'bt_not_a_real_token' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toMatch(/not valid/);
    const forbidden = await t.api('GET', '/api/v1/leads', undefined, { token: t.ingestToken });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain('"read"');
    expect((await t.api('POST', '/api/v1/leads', { email: 'reader@b.com' }, { token: t.readToken })).status).toBe(403);
  });

  it('answers malformed JSON with 400 and says so', async () => {
    const res = await t.api('POST', '/api/v1/leads', undefined, { raw: '{"email": "a@b.com",' });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('invalid_request');
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('names every wrong field: missing e-mail, wrong types, unknown fields', async () => {
    const before = await leadCount();
    const res = await t.api('POST', '/api/v1/leads', { first_name: 42, compnay: { name: 'Acme' }, company: { size: 'lots' } });
    expect(res.status).toBe(422);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'first_name', 'compnay']));
    expect(await leadCount()).toBe(before);

    const size = await t.api('POST', '/api/v1/leads', { email: 'x@acme-co.com', company: { size: 'lots' } });
    expect(size.status).toBe(422);
    expect(size.body.error.details).toEqual([expect.objectContaining({ path: 'company.size' })]);
    const email = await t.api('POST', '/api/v1/leads', { email: 'not an email' });
    expect(email.status).toBe(422);
    expect(email.body.error.details[0]).toMatchObject({ path: 'email', message: expect.stringContaining('e-mail address') });
    expect(await leadCount()).toBe(before);
  });

  it('keeps unicode names and SQL-looking strings as plain data', async () => {
    const res = await t.api('POST', '/api/v1/leads', {
      email: 'zoë.李@proseware.fr',
      first_name: 'Zoë',
      last_name: '李',
      company: { name: "Robert'); DROP TABLE leads;--", size: 50 },
    });
    expect(res.status).toBe(201);
    const lead = await t.api('GET', `/api/v1/leads/${res.body.id}`);
    expect(lead.body.profile.first_name).toBe('Zoë');
    expect(lead.body.profile.last_name).toBe('李');
    expect(lead.body.profile.company.name).toBe("Robert'); DROP TABLE leads;--");
  });

  it('refuses oversized bodies and batches with 413', async () => {
    const huge = await t.api('POST', '/api/v1/leads', { email: 'big@acme-co.com', answers: { notes: 'x'.repeat(2_000) }, first_name: 'y'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const events = Array.from({ length: 1_001 }, (_, i) => ({ email: 'big@acme-co.com', type: 'page_viewed', event_id: `e${i}` }));
    const batch = await t.api('POST', '/api/v1/events', { events });
    expect(batch.status).toBe(413);
    expect(batch.body.error.message).toMatch(/at most 1000 events/);
  });

  it('answers an unknown route and a bad lead id with 4xx, never 500', async () => {
    expect((await t.api('GET', '/api/v1/nope')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/leads/not-a-uuid')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/leads/7d4c6f0e-8a4b-4c55-9a57-1d1a3a8c9e10')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/leads?limit=100000')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/leads?cursor=garbage')).status).toBe(400);
  });

  it('refuses an account whose owner is not a rep of the policy', async () => {
    const res = await t.api('POST', '/api/v1/accounts', { name: 'Acme', owner: 'zed' });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('owner');
  });
});
