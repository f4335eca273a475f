import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { SITE_KEY, TRACKING_POLICY, pageView, publicPost } from '../fixtures/tracking-client.js';

const HOUR = 3_600_000;
let now = new Date('2026-03-02T09:00:00.000Z');
const clock = { now: () => now };
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: TRACKING_POLICY, clock });
});
afterAll(async () => {
  await t?.close();
});

const track = (visitor: string, events: unknown[]) => publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events });
const identify = (visitor: string, email: string) => publicPost(t.url, '/t/identify', { key: SITE_KEY, visitor, email });

interface TimelineEvent {
  type: string;
  occurred_at: string;
  actor: string;
  data: { activity?: { type: string; url?: string } };
}
async function lead(email: string) {
  const list = await t.api('GET', `/api/v1/leads?limit=500`);
  const found = list.body.leads.find((l: { email: string }) => l.email === email);
  if (!found) return undefined;
  return (await t.api('GET', `/api/v1/leads/${found.id}`)).body as { id: string; score: { engagement: number; total: number }; timeline: TimelineEvent[] };
}
const pageViews = (timeline: TimelineEvent[]) => timeline.filter((e) => e.type === 'activity_recorded' && e.data.activity?.type === 'page_viewed');

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('identity stitching', () => {
  it('puts anonymous page views on the lead when the visitor identifies, scored as if known all along', async () => {
    const visitor = randomUUID();
    const control = 'control.reader@fabrikam.example';
    expect((await t.api('POST', '/api/v1/leads', { email: control })).status).toBe(201);
    const start = now.toISOString();

    // Three pages over three hours: the anonymous visitor through the snippet, the control lead
    // (known from the start) through the API at the same moments.
    const pages = ['https://www.example.test/', 'https://www.example.test/pricing', 'https://www.example.test/pricing?plan=team'];
    for (const url of pages) {
      expect((await track(visitor, [pageView(url)])).status).toBe(202);
      expect((await t.api('POST', '/api/v1/events', { events: [{ email: control, type: 'page_viewed', url }] })).status).toBe(200);
      advance(HOUR);
    }

    advance(2 * 24 * HOUR);
    const identified = await identify(visitor, 'Ada.Reader@fabrikam.example');
    expect(identified.status).toBe(200);
    expect(identified.body).toEqual({ visitor });
    // One more event for both, so both scores are read at the same moment.
    await t.api('POST', '/api/v1/events', { events: [{ email: control, type: 'newsletter_opened' }, { email: 'ada.reader@fabrikam.example', type: 'newsletter_opened' }] });

    const stitched = (await lead('ada.reader@fabrikam.example'))!;
    const views = pageViews(stitched.timeline);
    expect(views.map((v) => v.data.activity?.url)).toEqual(pages);
    expect(views[0]!.occurred_at).toBe(start);
    expect(views.every((v) => v.actor === 'tracking:www')).toBe(true);
    const known = (await lead(control))!;
    expect(stitched.score.engagement).toBeGreaterThan(0);
    expect(stitched.score.engagement).toBe(known.score.engagement);
  });

  it('sends a known visitor\'s later page views straight to their lead', async () => {
    const visitor = randomUUID();
    await track(visitor, [pageView('https://www.example.test/')]);
    expect((await identify(visitor, 'later.visits@fabrikam.example')).status).toBe(200);
    expect((await track(visitor, [pageView('https://www.example.test/pricing')])).status).toBe(202);
    const found = await eventually(() => lead('later.visits@fabrikam.example'), (l) => pageViews(l!.timeline).length === 2);
    expect(pageViews(found!.timeline).map((v) => v.data.activity?.url)).toEqual(['https://www.example.test/', 'https://www.example.test/pricing']);
    expect(found!.score.engagement).toBeGreaterThan(0);
  });

  it('merges two visitor ids that turn out to be one person, keeping the first', async () => {
    const laptop = randomUUID();
    const phone = randomUUID();
    await track(laptop, [pageView('https://www.example.test/docs')]);
    advance(HOUR);
    await track(phone, [pageView('https://www.example.test/pricing')]);
    expect((await identify(laptop, 'two.devices@fabrikam.example')).body).toEqual({ visitor: laptop });
    // The phone names the same person: it is told to keep the laptop's id from now on.
    expect((await identify(phone, 'two.devices@fabrikam.example')).body).toEqual({ visitor: laptop });

    const phoneView = await t.api('GET', `/api/v1/visitors/${phone}`, undefined, { token: t.readToken });
    expect(phoneView.status).toBe(200);
    expect(phoneView.body).toMatchObject({ id: phone, canonical_id: laptop, merged: [phone] });
    const laptopView = await t.api('GET', `/api/v1/visitors/${laptop}`, undefined, { token: t.readToken });
    expect(laptopView.body.merged).toEqual([phone]);
    expect(laptopView.body.activity.map((a: { url: string }) => a.url).sort()).toEqual(['https://www.example.test/docs', 'https://www.example.test/pricing']);

    const person = (await lead('two.devices@fabrikam.example'))!;
    expect(pageViews(person.timeline).map((v) => v.data.activity?.url)).toEqual(['https://www.example.test/docs', 'https://www.example.test/pricing']);
    // Identifying again records nothing twice.
    await identify(phone, 'two.devices@fabrikam.example');
    expect(pageViews((await lead('two.devices@fabrikam.example'))!.timeline)).toHaveLength(2);
  });

  it('identifies the visitor of a tracked e-mail link, and refuses a forged token', async () => {
    const visitor = randomUUID();
    await track(visitor, [pageView('https://www.example.test/webinar')]);
    const made = await t.api('POST', '/api/v1/tracking/link-tokens', { email: 'clicker@fabrikam.example' }, { token: t.ingestToken });
    expect(made.status).toBe(200);
    expect(made.body.param).toBe('baton_t');
    const forged = `${Buffer.from('ceo@fabrikam.example').toString('base64url')}.${made.body.token.split('.')[1]}`;
    expect((await publicPost(t.url, '/t/identify', { key: SITE_KEY, visitor, token: forged })).status).toBe(403);
    const res = await publicPost(t.url, '/t/identify', { key: SITE_KEY, visitor, token: made.body.token });
    expect(res.status).toBe(200);
    expect(pageViews((await lead('clicker@fabrikam.example'))!.timeline)).toHaveLength(1);
    expect(await lead('ceo@fabrikam.example')).toBeUndefined();
  });

  it('refuses baton.identify on a site that does not allow it', async () => {
    const res = await publicPost(t.url, '/t/identify', { key: 'pk_test_eu', visitor: randomUUID(), consent: true, email: 'someone@fabrikam.example' }, { origin: 'https://eu.example.test' });
    expect(res.status).toBe(403);
    expect(await lead('someone@fabrikam.example')).toBeUndefined();
  });
});
