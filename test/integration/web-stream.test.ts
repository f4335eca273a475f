/**
 * The web app's server side beyond sign-in: the live stream tells each user only about leads
 * they may see; the inbox and running policy the pages read; the app served at / with its own
 * paths falling back to the page and other capabilities' prefixes left alone.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFiles } from '../../src/web/app-files.js';
import { saveUser } from '../../src/web/user-store.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let anaCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  await saveUser(t.app.deps.db, { email: 'ana@example.com', name: 'Ana Ruiz', role: 'rep', rep: 'ana', password: 'stream password' }, new Date());
  for (const [domain, owner] of [['ana-account.com', 'ana'], ['ben-account.com', 'ben']]) {
    expect((await t.api('POST', '/api/v1/accounts', { name: domain, domain, owner })).status).toBeLessThan(300);
  }
  const res = await t.api('POST', '/api/v1/session', { email: 'ana@example.com', password: 'stream password' }, { token: '' });
  anaCookie = res.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(async () => {
  await t?.close();
});

const lead = async (n: number, domain: string, extra: Record<string, unknown> = {}) => {
  const res = await t.api('POST', '/api/v1/leads', { email: `p${n}@${domain}`, company: { name: domain, size: 300, country: 'US' }, event: { type: 'demo_requested' }, ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: string; owner: string };
};

/** Reads server-sent events until one named `leads` arrives (or the time is up). */
async function nextLeadsEvent(reader: ReadableStreamDefaultReader<Uint8Array>, timeoutMs = 10_000): Promise<{ ids: string[] }> {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { value, done } = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), deadline - Date.now()))]);
    if (done) throw new Error('stream ended');
    buffer += decoder.decode(value, { stream: true });
    const match = /event: leads\ndata: (.*)\n\n/.exec(buffer);
    if (match) return JSON.parse(match[1]!);
  }
  throw new Error('no event in time');
}

describe('the live stream', () => {
  it("tells a rep about their new lead and nothing about another rep's", async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}/api/v1/stream`, { headers: { cookie: anaCookie }, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    try {
      const bens = await lead(1, 'ben-account.com');
      const anas = await lead(2, 'ana-account.com');
      expect([bens.owner, anas.owner]).toEqual(['ben', 'ana']);
      // Events arrive in order: had Ben's lead leaked, it would be the first one.
      expect(await nextLeadsEvent(reader)).toEqual({ ids: [anas.id] });
    } finally {
      abort.abort();
    }
  });

  it('needs a session or a token', async () => {
    expect((await fetch(`${t.url}/api/v1/stream`)).status).toBe(401);
  });
});

describe('what the pages read', () => {
  it('lists a rep\'s open leads, high priority first, without other reps\' leads', async () => {
    await lead(3, 'ana-account.com', { event: undefined, company: { name: 'x', size: 5000, country: 'US' }, title: 'Intern' });
    const normal = await t.api('POST', '/api/v1/leads', { email: 'normal@ana-account.com', company: { name: 'ana-account.com', size: 300, country: 'US' } });
    await t.api('POST', '/api/v1/events', { events: [{ email: 'normal@ana-account.com', type: 'webinar_attended' }, { email: 'normal@ana-account.com', type: 'webinar_attended' }] });
    const inbox = await t.api('GET', '/api/v1/inbox', undefined, { token: '', headers: { cookie: anaCookie } });
    expect(inbox.status).toBe(200);
    const leads = inbox.body.leads as { id: string; owner: string; priority: string; stage: string; name: string | null }[];
    expect(leads.every((l) => l.owner === 'ana' && ['mql', 'sal', 'sql', 'opportunity'].includes(l.stage))).toBe(true);
    const priorities = leads.map((l) => l.priority);
    expect(priorities).toEqual([...priorities].sort()); // 'high' before 'normal'
    expect(leads.map((l) => l.id)).toContain(normal.body.id);
    expect((await t.api('GET', '/api/v1/inbox?rep=ben', undefined, { token: '', headers: { cookie: anaCookie } })).body.leads).toEqual([]);
  });

  it('describes the running policy: reasons, reps, SLA and targets as written', async () => {
    const res = await t.api('GET', '/api/v1/policy', undefined, { token: t.readToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Test workspace',
      version: t.app.running.version,
      file: 'policy.yaml',
      reasons: { reject: [{ code: 'wrong_company_size', label: 'wrong company size' }, { code: 'no_intent' }, { code: 'bad_data' }] },
      sla: { first_touch: { high_intent: '1h', standard: '4bh' }, accept_or_reject: '4bh' },
    });
    expect(res.body.reps.map((r: { id: string }) => r.id)).toEqual(['ana', 'ben', 'cy', 'dee', 'eli']);
    expect(res.body.source).toContain('name: Test workspace');
  });
});

describe('the app at /', () => {
  it('answers its own paths with the page and leaves other prefixes to their owners', async () => {
    for (const route of ['/', '/inbox', '/leads/6a1f0c7e-0000-4000-8000-000000000000']) {
      const res = await fetch(`${t.url}${route}`);
      expect([200, 503]).toContain(res.status); // 503: not built in this checkout (the browser suite builds it)
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    const unknown = await fetch(`${t.url}/api/v1/no-such-thing`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { name: string } }).error.name).toBe('not_found');
    for (const route of ['/t/no/such/file', '/f/no/such/form', '/a/no/such/link']) {
      const res = await fetch(`${t.url}${route}`);
      expect(res.status, route).toBeGreaterThanOrEqual(400);
      expect(await res.text(), route).not.toContain('<div id="root">'); // whoever answers, it is not the app's page
    }
    expect((await fetch(`${t.url}/assets/missing-file.js`)).status).toBe(404);
  });
});

describe('a page of the app', () => {
  it('carries the signed-in user\'s session, privately, and no session for anyone else', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'baton-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><html><head><title>Baton</title></head><body><div id="root"></div></body></html>');
    await writeFile(path.join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    const server = Fastify();
    appFiles(server, t.app.deps.db, dist);
    try {
      const signedIn = await server.inject({ url: '/leads/6a1f0c7e-0000-4000-8000-000000000000', headers: { cookie: anaCookie } });
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.headers['cache-control']).toBe('private, no-store');
      const written = /window\.__BATON_SESSION__=(.*?)<\/script>/.exec(signedIn.body);
      expect(JSON.parse(written![1]!)).toMatchObject({ user: { email: 'ana@example.com', role: 'rep', rep: 'ana' }, csrf_token: expect.any(String) });

      const anonymous = await server.inject({ url: '/inbox' });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers['cache-control']).toBe('no-cache');
      expect(anonymous.body).not.toContain('__BATON_SESSION__');

      const asset = await server.inject({ url: '/assets/app-1234.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
    } finally {
      await server.close();
    }
  });
});
