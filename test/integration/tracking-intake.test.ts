import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { SITE_KEY, SITE_ORIGIN, TRACKING_POLICY, pageView, publicPost } from '../fixtures/tracking-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: TRACKING_POLICY });
});
afterAll(async () => {
  await t?.close();
});

async function activityOf(visitor: string): Promise<number> {
  const row = await t.app.deps.db.selectFrom('tracking_activity').select((eb) => eb.fn.countAll<string>().as('n')).where('visitor_id', '=', visitor).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the tracking snippet', () => {
  it('is served with the site\'s settings written in, and refuses an unknown key', async () => {
    const response = await fetch(`${t.url}/t/baton.js?key=${SITE_KEY}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const source = await response.text();
    expect(source).toContain(`"key":"${SITE_KEY}"`);
    expect(source).toContain(`"endpoint":"${t.url}"`);
    expect(source).toContain('"consent":false');
    expect((await fetch(`${t.url}/t/baton.js?key=pk_nobody_here`)).status).toBe(404);
  });
});

describe('public intake', () => {
  it('records page views from an allowed origin and answers with CORS headers for it', async () => {
    const visitor = randomUUID();
    const res = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: [pageView('https://www.example.test/'), pageView('https://www.example.test/pricing')] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 2, rejected: [] });
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(await activityOf(visitor)).toBe(2);
  });

  it('refuses an origin the site does not list, and writes nothing', async () => {
    const visitor = randomUUID();
    const res = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: [pageView('https://evil.example/')] }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('tracking.sites.www.origins');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: [pageView('https://www.example.test/')] }, { origin: null });
    expect(noOrigin.status).toBe(403);
    expect(await activityOf(visitor)).toBe(0);
  });

  it('answers a CORS preflight only for origins some site lists', async () => {
    const ok = await fetch(`${t.url}/t/events`, { method: 'OPTIONS', headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const blocked = await fetch(`${t.url}/t/events`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(blocked.status).toBe(403);
  });

  it('refuses an unknown key', async () => {
    const res = await publicPost(t.url, '/t/events', { key: 'pk_unknown_key', visitor: randomUUID(), events: [pageView('https://www.example.test/')] });
    expect(res.status).toBe(403);
  });

  it('records nothing for a site that requires consent until the page has it', async () => {
    const visitor = randomUUID();
    const eu = { origin: 'https://eu.example.test' };
    const without = await publicPost(t.url, '/t/events', { key: 'pk_test_eu', visitor, events: [pageView('https://eu.example.test/')] }, eu);
    expect(without.status).toBe(403);
    expect(without.body.error.message).toContain('consent');
    expect(await activityOf(visitor)).toBe(0);
    const withConsent = await publicPost(t.url, '/t/events', { key: 'pk_test_eu', visitor, consent: true, events: [pageView('https://eu.example.test/')] }, eu);
    expect(withConsent.status).toBe(202);
    expect(await activityOf(visitor)).toBe(1);
  });

  it('drops page views from crawlers and scripts without storing them', async () => {
    const visitor = randomUUID();
    const res = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: [pageView('https://www.example.test/pricing')] }, {
      userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 0, reason: 'bot' });
    expect(await activityOf(visitor)).toBe(0);
  });

  it('limits the events one visitor may send per minute, and says when to retry', async () => {
    const visitor = randomUUID();
    const batch = (n: number) => ({ key: SITE_KEY, visitor, events: Array.from({ length: n }, (_, i) => pageView(`https://www.example.test/p${i}`)) });
    expect((await publicPost(t.url, '/t/events', batch(20))).status).toBe(202);
    expect((await publicPost(t.url, '/t/events', batch(10))).status).toBe(202);
    const limited = await publicPost(t.url, '/t/events', batch(5));
    expect(limited.status).toBe(429);
    expect(limited.body.error.name).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await activityOf(visitor)).toBe(30);
    // Another visitor behind the same address still gets through.
    expect((await publicPost(t.url, '/t/events', { ...batch(1), visitor: randomUUID() })).status).toBe(202);
  });

  it('refuses oversized bodies and batches, and malformed events, with a 4xx', async () => {
    const visitor = randomUUID();
    const huge = await publicPost(t.url, '/t/events', undefined, { raw: JSON.stringify({ key: SITE_KEY, visitor, events: [pageView(`https://www.example.test/${'x'.repeat(70_000)}`)] }) });
    expect(huge.status).toBe(413);
    const tooMany = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: Array.from({ length: 51 }, () => pageView('https://www.example.test/')) });
    expect(tooMany.status).toBe(422);
    const badVisitor = await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor: 'me', events: [pageView('https://www.example.test/')] });
    expect(badVisitor.status).toBe(422);
    expect(badVisitor.body.error.details[0].path).toBe('visitor');
    const notJson = await publicPost(t.url, '/t/events', undefined, { raw: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await activityOf(visitor)).toBe(0);
  });

  it('does not let a page claim high-intent actions or form submissions', async () => {
    const visitor = randomUUID();
    const res = await publicPost(t.url, '/t/events', {
      key: SITE_KEY,
      visitor,
      events: [{ type: 'demo_requested' }, { type: 'form_submitted' }, { type: 'pricing_viewed', properties: { plan: 'team' } }],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1]);
  });

  it('gives a public key no way to read: it is not an API token', async () => {
    const res = await t.api('GET', '/api/v1/leads', undefined, { token: SITE_KEY });
    expect(res.status).toBe(401);
  });

  it('lists the sites with their snippet tags for people with read access', async () => {
    const res = await t.api('GET', '/api/v1/sites', undefined, { token: t.readToken });
    expect(res.status).toBe(200);
    expect(res.body.sites.map((s: { id: string }) => s.id)).toEqual(['www', 'eu', 'consent-local']);
    expect(res.body.sites[0]).toMatchObject({ key: SITE_KEY, consent: 'not_required', forms: ['contact', 'demo'] });
    expect(res.body.sites[0].snippet).toBe(`<script async src="${t.url}/t/baton.js?key=${SITE_KEY}"></script>`);
    expect((await t.api('GET', '/api/v1/sites', undefined, { token: '' })).status).toBe(401);
  });
});
