/**
 * Sign-in, sessions and who sees which lead: the web app's security, through HTTP.
 * Users: rep ana and rep cy (team mia), rep eli (team max), manager mia, manager max, an admin.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveUser } from '../../src/web/user-store.js';
import { FIXTURE_POLICY, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
const PASSWORD = 'correct horse battery';
/** Lead ids by owner. */
const leadsOf: Record<string, string[]> = {};

async function twoTeamPolicy(): Promise<string> {
  const text = (await readFile(FIXTURE_POLICY, 'utf8'))
    .replace('eli: { name: Eli Berg, email: eli@example.com, manager: mia }', 'eli: { name: Eli Berg, email: eli@example.com, manager: max }')
    .replace('mia: { name: Mia Chen, email: mia@example.com }', 'mia: { name: Mia Chen, email: mia@example.com }\n  max: { name: Max Roth, email: max@example.com }');
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'baton-web-auth-')), 'policy.yaml');
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  t = await startTestApp({ policyFile: await twoTeamPolicy() });
  const now = new Date();
  await saveUser(t.app.deps.db, { email: 'ana@example.com', name: 'Ana Ruiz', role: 'rep', rep: 'ana', password: PASSWORD }, now);
  await saveUser(t.app.deps.db, { email: 'cy@example.com', name: 'Cy Park', role: 'rep', rep: 'cy', password: PASSWORD }, now);
  await saveUser(t.app.deps.db, { email: 'mia@example.com', name: 'Mia Chen', role: 'manager', manager: 'mia', password: PASSWORD }, now);
  await saveUser(t.app.deps.db, { email: 'max@example.com', name: 'Max Roth', role: 'manager', manager: 'max', password: PASSWORD }, now);
  await saveUser(t.app.deps.db, { email: 'admin@example.com', name: 'Admin', role: 'admin', password: PASSWORD }, now);
  await saveUser(t.app.deps.db, { email: 'dee@example.com', name: 'Dee Lin', role: 'rep', rep: 'dee', password: PASSWORD }, now);
  // Enterprise US leads go to ana (and ben), German ones to eli, the rest to cy and dee.
  const companies = [
    { size: 2000, country: 'US' },
    { size: 2000, country: 'US' },
    { size: 300, country: 'DE' },
    { size: 300, country: 'US' },
    { size: 300, country: 'US' },
  ];
  for (const [i, company] of companies.entries()) {
    const res = await t.api('POST', '/api/v1/leads', { email: `lead${i}@contoso-${i}.com`, company: { name: `Contoso ${i}`, ...company }, event: { type: 'demo_requested' } });
    expect(res.status).toBe(201);
    (leadsOf[res.body.owner] ??= []).push(res.body.id);
  }
  expect(Object.keys(leadsOf).sort()).toEqual(expect.arrayContaining(['ana', 'cy', 'eli']));
});
afterAll(async () => {
  await t?.close();
});

interface Browser {
  cookie: string;
  csrf: string;
  call(method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

async function signIn(email: string, password = PASSWORD): Promise<Browser> {
  const res = await t.api('POST', '/api/v1/session', { email, password }, { token: '' });
  expect(res.status).toBe(200);
  return browserWith(res.headers.get('set-cookie')!.split(';')[0]!, res.body.csrf_token);
}

/** Calls as a browser holding this cookie does: no token, the cookie, and any headers given. */
function browserWith(cookie: string, csrf: string): Browser {
  return { cookie, csrf, call: (method, route, body, headers = {}) => t.api(method, route, body, { token: '', headers: { cookie, ...headers } }) };
}

describe('signing in', () => {
  it('sets an HTTP-only, SameSite=Lax session cookie (not Secure over plain http) and says who is signed in', async () => {
    const res = await fetch(`${t.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ' ANA@example.com ', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^baton_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const body = (await res.json()) as { user: unknown; csrf_token: string };
    expect(body.user).toMatchObject({ email: 'ana@example.com', name: 'Ana Ruiz', role: 'rep', rep: 'ana' });
    const me = await browserWith(cookie.split(';')[0]!, body.csrf_token).call('GET', '/api/v1/session');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { email: 'ana@example.com', role: 'rep', rep: 'ana' }, csrf_token: body.csrf_token });
  });

  it('keeps one user per e-mail address', async () => {
    await expect(saveUser(t.app.deps.db, { email: 'ana@example.com', name: 'Other Ana', role: 'admin', password: PASSWORD }, new Date())).rejects.toThrow('A user with the e-mail ana@example.com already exists.');
  });

  it('refuses a wrong password and an unknown e-mail with the same answer', async () => {
    const wrong = await t.api('POST', '/api/v1/session', { email: 'cy@example.com', password: 'not it at all' }, { token: '' });
    const unknown = await t.api('POST', '/api/v1/session', { email: 'nobody@example.com', password: 'not it at all' }, { token: '' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect((await t.api('GET', '/api/v1/session', undefined, { token: '' })).status).toBe(401);
  });

  it('stops accepting passwords for an e-mail after five failures, even the right one', async () => {
    for (let i = 0; i < 5; i++) expect((await t.api('POST', '/api/v1/session', { email: 'dee@example.com', password: `guess ${i} wrong` }, { token: '' })).status).toBe(401);
    const blocked = await t.api('POST', '/api/v1/session', { email: 'dee@example.com', password: PASSWORD }, { token: '' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('ends the session on sign-out, and the old cookie no longer works', async () => {
    const cy = await signIn('cy@example.com');
    expect((await cy.call('DELETE', '/api/v1/session')).status).toBe(403); // no CSRF token
    const out = await cy.call('DELETE', '/api/v1/session', undefined, { 'x-csrf-token': cy.csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/baton_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await cy.call('GET', '/api/v1/session')).status).toBe(401);
    expect((await cy.call('GET', '/api/v1/inbox')).status).toBe(401);
  });

  it('ends a session when it expires', async () => {
    const cy = await signIn('cy@example.com');
    expect((await cy.call('GET', '/api/v1/inbox')).status).toBe(200);
    await t.app.deps.db.updateTable('web_sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await cy.call('GET', '/api/v1/inbox')).status).toBe(401);
  });
});

describe('changes from the browser', () => {
  it('need the session\'s CSRF token in x-csrf-token', async () => {
    const admin = await signIn('admin@example.com');
    const lead = { email: 'csrf@fabrikam.com', company: { name: 'Fabrikam', size: 50 } };
    const without = await admin.call('POST', '/api/v1/leads', lead);
    expect(without.status).toBe(403);
    expect(without.body.error.message).toContain('x-csrf-token');
    expect((await admin.call('POST', '/api/v1/leads', lead, { 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await admin.call('POST', '/api/v1/leads', lead, { 'x-csrf-token': admin.csrf })).status).toBe(201);
  });

  it('are limited to the role\'s scopes: a rep cannot send leads in', async () => {
    const ana = await signIn('ana@example.com');
    const res = await ana.call('POST', '/api/v1/leads', { email: 'rep-sent@fabrikam.com' }, { 'x-csrf-token': ana.csrf });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('"ingest"');
  });

  it('leave API tokens working as before, and a token wins over a cookie', async () => {
    const ana = await signIn('ana@example.com');
    const eliLead = leadsOf.eli![0]!;
    expect((await ana.call('GET', `/api/v1/leads/${eliLead}`, undefined, { authorization: `Bearer ${t.readToken}` })).status).toBe(200);
    expect((await ana.call('GET', `/api/v1/leads/${eliLead}`, undefined, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await t.api('POST', '/api/v1/leads', { email: 'token@fabrikam.com' }, { token: t.ingestToken })).status).toBe(201);
  });
});

describe('who sees which lead', () => {
  it('a rep cannot open another rep\'s lead through the API: it is answered like a lead that does not exist', async () => {
    const ana = await signIn('ana@example.com');
    const own = await ana.call('GET', `/api/v1/leads/${leadsOf.ana![0]}`);
    expect(own.status).toBe(200);
    expect(own.body.owner).toBe('ana');
    for (const other of [...leadsOf.cy!, ...leadsOf.eli!]) {
      const res = await ana.call('GET', `/api/v1/leads/${other}`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No lead with id ${other}.`);
    }
  });

  it('a rep cannot open another rep\'s lead by its URL: the page loads, its data does not', async () => {
    const ana = await signIn('ana@example.com');
    const other = leadsOf.cy![0]!;
    const page = await ana.call('GET', `/leads/${other}`);
    expect([200, 503]).toContain(page.status); // 503: the app is not built in this checkout; either way, HTML and no lead data
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(String(page.body)).not.toContain(other);
    expect((await ana.call('GET', `/api/v1/leads/${other}`)).status).toBe(404);
  });

  it('a rep lists only their own leads, in the list and the inbox', async () => {
    const ana = await signIn('ana@example.com');
    const list = await ana.call('GET', '/api/v1/leads?limit=100');
    expect(list.body.leads.map((l: { id: string }) => l.id).sort()).toEqual([...leadsOf.ana!].sort());
    expect((await ana.call('GET', '/api/v1/leads?owner=cy')).body.leads).toEqual([]);
    const inbox = await ana.call('GET', '/api/v1/inbox');
    expect(inbox.body.leads.map((l: { owner: string }) => l.owner)).toEqual(leadsOf.ana!.map(() => 'ana'));
  });

  it("a manager sees their team's leads and not another team's", async () => {
    const mia = await signIn('mia@example.com');
    const list = await mia.call('GET', '/api/v1/leads?limit=100');
    const teamMia = Object.entries(leadsOf).filter(([owner]) => owner !== 'eli').flatMap(([, ids]) => ids);
    expect(list.body.leads.map((l: { id: string }) => l.id).sort()).toEqual(teamMia.sort());
    expect((await mia.call('GET', `/api/v1/leads/${leadsOf.eli![0]}`)).status).toBe(404);
    const max = await signIn('max@example.com');
    expect((await max.call('GET', '/api/v1/leads?limit=100')).body.leads.map((l: { owner: string }) => l.owner)).toEqual(leadsOf.eli!.map(() => 'eli'));
  });

  it('pages a manager\'s list across the team with a cursor, newest first, without repeats', async () => {
    const mia = await signIn('mia@example.com');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { leads: { id: string; created_at: string }[]; next_cursor: string | null } } = await mia.call('GET', `/api/v1/leads?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.leads.map((l) => l.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    const all = (await mia.call('GET', '/api/v1/leads?limit=100')).body.leads.map((l: { id: string }) => l.id);
    expect(seen).toEqual(all);
  });

  it('an admin sees every lead', async () => {
    const admin = await signIn('admin@example.com');
    for (const ids of Object.values(leadsOf)) for (const id of ids) expect((await admin.call('GET', `/api/v1/leads/${id}`)).status).toBe(200);
  });
});
