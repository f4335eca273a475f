import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { BROWSER_UA, SITE_KEY, SITE_ORIGIN, TRACKING_POLICY, pageView, publicPost } from '../fixtures/tracking-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: TRACKING_POLICY });
});
afterAll(async () => {
  await t?.close();
});

interface Rendered {
  fields: { name: string; required: boolean; show_if?: unknown }[];
  view_id: string;
  submission_id: string;
  form: { consent: { text: string } | null };
}
async function render(form: string, visitor?: string, origin: string | null = SITE_ORIGIN): Promise<{ status: number; body: Rendered }> {
  const res = await fetch(`${t.url}/f/${form}/render${visitor ? `?visitor=${visitor}` : ''}`, {
    headers: { 'user-agent': BROWSER_UA, ...(origin ? { origin } : {}) },
  });
  return { status: res.status, body: (await res.json()) as Rendered };
}
const submit = (form: string, body: Record<string, unknown>, options: Parameters<typeof publicPost>[3] = {}) => publicPost(t.url, `/f/${form}/submit`, body, options);
const names = (r: Rendered) => r.fields.map((f) => f.name);

async function leadByEmail(email: string) {
  const list = await t.api('GET', '/api/v1/leads?limit=500');
  const found = list.body.leads.find((l: { email: string }) => l.email === email);
  return found ? (await t.api('GET', `/api/v1/leads/${found.id}`)).body : undefined;
}

describe('forms', () => {
  it('serves the embed script, the hosted page, and 404 for a form the policy does not have', async () => {
    const script = await fetch(`${t.url}/f/forms.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const page = await fetch(`${t.url}/f/contact`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-baton-form="contact"');
    expect(html).toContain('<meta name="viewport"');
    expect((await fetch(`${t.url}/f/nope`)).status).toBe(404);
  });

  it('asks, over three visits, only what it does not know yet, and hands off a demo request at once', async () => {
    const visitor = randomUUID();
    await publicPost(t.url, '/t/events', { key: SITE_KEY, visitor, events: [pageView('https://www.example.test/pricing', 60_000)] });

    const first = await render('contact', visitor);
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual(['email', 'first_name', 'company.name']);
    const sent = await submit('contact', {
      submission_id: first.body.submission_id,
      view_id: first.body.view_id,
      visitor,
      values: { email: 'grace@contoso-labs.com', first_name: 'Grace', 'company.name': 'Contoso Labs' },
      consent: true,
      hidden: { utm_source: 'newsletter', utm_medium: 'email' },
      page: 'https://www.example.test/contact?utm_source=newsletter',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ message: 'Thank you! We will be in touch.', visitor });

    const lead = await leadByEmail('grace@contoso-labs.com');
    expect(lead.profile).toMatchObject({ first_name: 'Grace', company: { name: 'Contoso Labs' } });
    const submitted = lead.timeline.find((e: { type: string; data: { activity?: { type: string } } }) => e.data.activity?.type === 'form_submitted');
    expect(submitted.data.activity).toMatchObject({
      form_id: 'contact',
      properties: { consent: true, consent_text: 'I agree that Test workspace may contact me about my request.', utm_source: 'newsletter' },
    });
    // The page view before the form is on the lead too, with its points.
    expect(lead.timeline.some((e: { data: { activity?: { url?: string } } }) => e.data.activity?.url === 'https://www.example.test/pricing')).toBe(true);
    expect(lead.score.engagement).toBeGreaterThan(0);

    const second = await render('contact', visitor);
    expect(names(second.body)).toEqual(['answers.role', 'answers.team_size', 'company.size', 'title']);
    expect(second.body.fields[1]!.show_if).toEqual({ op: 'eq', field: 'answers.role', value: 'manager' });
    const missingFollowUp = await submit('contact', { submission_id: second.body.submission_id, view_id: second.body.view_id, visitor, values: { 'answers.role': 'manager', 'company.size': 250 }, consent: true });
    expect(missingFollowUp.status).toBe(422);
    expect(missingFollowUp.body.error.details.map((d: { path: string }) => d.path)).toEqual(['answers.team_size']);
    const answered = await submit('contact', {
      submission_id: second.body.submission_id,
      view_id: second.body.view_id,
      visitor,
      values: { 'answers.role': 'manager', 'answers.team_size': '8', 'company.size': 250, title: 'Head of Operations' },
      consent: true,
    });
    expect(answered.status).toBe(200);

    const demo = await render('demo', visitor);
    expect(names(demo.body)).toEqual(['answers.budget', 'answers.timeline']);
    const booked = await submit('demo', { submission_id: demo.body.submission_id, view_id: demo.body.view_id, visitor, values: { 'answers.budget': '25k-100k', 'answers.timeline': 'this_quarter' } });
    expect(booked.status).toBe(200);

    const handedOff = await leadByEmail('grace@contoso-labs.com');
    expect(handedOff.stage).toBe('mql');
    expect(handedOff.priority).toBe('high');
    expect(handedOff.owner).toEqual(expect.any(String));
    expect(handedOff.profile.answers).toEqual({ role: 'manager', team_size: 8, budget: '25k-100k', timeline: 'this_quarter' });
    expect(handedOff.profile.attribution.first_touch).toMatchObject({ landing_page: 'https://www.example.test/pricing' });
    expect(JSON.stringify(handedOff.brief)).toContain('this_quarter');
  });

  it('records a retried submission once', async () => {
    const form = await render('contact');
    const body = { submission_id: form.body.submission_id, values: { email: 'twice@contoso-labs.com', first_name: 'Tw', 'company.name': 'Ice' }, consent: true };
    expect((await submit('contact', body)).status).toBe(200);
    expect((await submit('contact', body)).status).toBe(200);
    const lead = await leadByEmail('twice@contoso-labs.com');
    expect(lead.timeline.filter((e: { data: { activity?: { type: string } } }) => e.data.activity?.type === 'form_submitted')).toHaveLength(1);
  });

  it('names every answer that needs attention, the consent box included', async () => {
    const form = await render('contact');
    const res = await submit('contact', { submission_id: form.body.submission_id, values: { email: 'not-an-email', first_name: '' }, consent: false });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['email', 'first_name', 'company.name', 'consent']);
  });

  it('refuses a page on an origin the form\'s site does not list', async () => {
    expect((await render('contact', undefined, 'https://evil.example')).status).toBe(403);
    const form = await render('contact');
    const res = await submit('contact', { submission_id: form.body.submission_id, values: { email: 'x@contoso-labs.com', first_name: 'X', 'company.name': 'Y' }, consent: true }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await leadByEmail('x@contoso-labs.com')).toBeUndefined();
  });

  it('answers a bot that fills the honeypot like anyone else, and keeps no lead', async () => {
    const form = await render('contact');
    const res = await submit('contact', { submission_id: form.body.submission_id, values: { email: 'bot@contoso-labs.com', first_name: 'B', 'company.name': 'C' }, consent: true, website: 'http://spam.example' });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Thank you! We will be in touch.');
    expect(await leadByEmail('bot@contoso-labs.com')).toBeUndefined();
    const crawler = await submit('contact', { submission_id: randomUUID(), values: { email: 'crawler@contoso-labs.com' } }, { userAgent: 'python-requests/2.31' });
    expect(crawler.status).toBe(200);
    expect(await leadByEmail('crawler@contoso-labs.com')).toBeUndefined();
  });

  it('counts views, starts, submissions and where people gave up, per form and per question', async () => {
    // One more view that starts, answers the e-mail and gives up at the name.
    const form = await render('contact');
    const progress = await publicPost(t.url, '/f/contact/progress', { view_id: form.body.view_id, touched: ['email', 'first_name'], filled: ['email'], last: 'first_name' });
    expect(progress.status).toBe(204);

    const res = await t.api('GET', '/api/v1/forms/contact/analytics', undefined, { token: t.readToken });
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a.views).toBeGreaterThanOrEqual(7);
    expect(a.submissions).toBe(3);
    expect(a.dropped).toEqual({ spam: 1, bots: 1 });
    expect(a.conversion_rate).toBeCloseTo(a.submissions / a.views, 3);
    const firstName = a.fields.find((f: { field: string }) => f.field === 'first_name');
    expect(firstName.abandoned_here).toBe(1);
    expect(a.fields.map((f: { field: string }) => f.field).slice(0, 3)).toEqual(['email', 'first_name', 'company.name']);

    const list = await t.api('GET', '/api/v1/forms', undefined, { token: t.readToken });
    expect(list.body.forms.map((f: { id: string; high_intent: boolean }) => [f.id, f.high_intent])).toEqual([
      ['contact', false],
      ['demo', true],
    ]);
    const one = await t.api('GET', '/api/v1/forms/contact', undefined, { token: t.readToken });
    expect(one.body.fields.find((f: { name: string }) => f.name === 'answers.team_size').show_if).toBe('answers.role = manager');
    expect((await t.api('GET', '/api/v1/forms/contact/analytics', undefined, { token: '' })).status).toBe(401);
  });

  it('limits form submissions per address', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await submit('contact', { submission_id: randomUUID(), values: {} })).status;
    expect(last).toBe(429);
  });
});
