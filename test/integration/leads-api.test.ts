import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const demoRequest = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  first_name: 'Ada',
  last_name: 'Lovelace',
  title: 'VP Engineering',
  phone: '+1 (415) 555-0134',
  company: { name: 'Fabrikam Robotics', size: 420, country: 'United States', industry: 'manufacturing' },
  answers: { budget: '50k-100k', timeline: 'this quarter' },
  source: { channel: 'paid_search', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand' },
  event: { type: 'demo_requested', form_id: 'demo' },
  ...extra,
});

describe('sending a lead in', () => {
  it('qualifies a demo request at once, routes it and builds the brief', async () => {
    const res = await t.api('POST', '/api/v1/leads', demoRequest('  Ada@Fabrikam-Robotics.com '));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'ada@fabrikam-robotics.com', created: true, stage: 'mql', priority: 'high', owner: expect.stringMatching(/^(cy|dee)$/) });

    const lead = await t.api('GET', `/api/v1/leads/${res.body.id}`);
    expect(lead.status).toBe(200);
    expect(lead.body.profile.phone).toBe('+14155550134');
    expect(lead.body.profile.company.country).toBe('US');
    expect(lead.body.profile.company.domain).toBe('fabrikam-robotics.com');
    expect(lead.body.score.items.map((i: { reason: string }) => i.reason)).toEqual(expect.arrayContaining(['mid-market size', 'senior buyer']));
    expect(lead.body.assignment).toMatchObject({ via: 'pool', pool: 'smb', step_name: 'Everyone else' });
    expect(lead.body.brief.who).toMatchObject({ name: 'Ada Lovelace', company: 'Fabrikam Robotics', company_size: 420 });
    expect(lead.body.brief.told_us).toEqual(expect.arrayContaining([{ question: 'budget', answer: '50k-100k' }]));
    expect(lead.body.brief.priority).toBe('high');
    expect(lead.body.brief.why_you).toContain('smb');
    // Then the hand-off starts its SLA clocks in the same transaction: route (met at once), first touch, accept or reject.
    expect(lead.body.timeline.map((e: { type: string }) => e.type)).toEqual([
      'lead_created',
      'activity_recorded',
      'score_changed',
      'stage_changed',
      'assigned',
      'clock_started',
      'clock_stopped',
      'clock_started',
      'clock_started',
    ]);
    expect(lead.body.timeline.every((e: { policy_version: number }) => e.policy_version === t.app.running.version)).toBe(true);
  });

  it('updates the same person instead of creating a second lead, keeping first touch', async () => {
    const first = await t.api('POST', '/api/v1/leads', { email: 'grace@litware.co.uk', company: { name: 'Litware', size: 10 }, source: { utm_source: 'linkedin' } });
    const second = await t.api('POST', '/api/v1/leads', { email: 'GRACE@litware.co.uk', title: 'Head of Sales', source: { utm_source: 'newsletter' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const lead = await t.api('GET', `/api/v1/leads/${first.body.id}`);
    expect(lead.body.profile.title).toBe('Head of Sales');
    expect(lead.body.profile.attribution.first_touch.utm_source).toBe('linkedin');
    expect(lead.body.profile.attribution.latest_touch.utm_source).toBe('newsletter');
    expect(lead.body.stage).toBe('known');
  });

  it('returns the first result for a retried submission with the same Idempotency-Key and writes nothing new', async () => {
    const body = demoRequest('retry@contoso-health.com');
    const headers = { 'idempotency-key': 'form-submission-7781' };
    const first = await t.api('POST', '/api/v1/leads', body, { headers });
    const again = await t.api('POST', '/api/v1/leads', body, { headers });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const lead = await t.api('GET', `/api/v1/leads/${first.body.id}`);
    expect(lead.body.timeline).toHaveLength(first.body.created ? 9 : lead.body.timeline.length);
    const conflict = await t.api('POST', '/api/v1/leads', { ...body, title: 'CEO' }, { headers });
    expect(conflict.status).toBe(409);
  });

  it('matches a lead to its account and gives it to the account owner without a round-robin turn', async () => {
    const account = await t.api('POST', '/api/v1/accounts', { name: 'Northwind Traders, Inc.', domain: 'https://www.northwind-traders.com', owner: 'eli', is_customer: true });
    expect(account.status).toBe(201);
    const before = await t.api('GET', '/api/v1/routing');
    const res = await t.api('POST', '/api/v1/leads', demoRequest('buyer@mail.northwind-traders.com', { company: { name: 'Northwind', size: 1800, country: 'US' } }));
    expect(res.body).toMatchObject({ owner: 'eli', account: { name: 'Northwind Traders, Inc.', method: 'domain' } });
    const after = await t.api('GET', '/api/v1/routing');
    expect(after.body.pools).toEqual(before.body.pools);
  });

  it('lists leads by stage and owner with a cursor', async () => {
    for (let i = 0; i < 5; i++) await t.api('POST', '/api/v1/leads', demoRequest(`page${i}@relecloud.com`));
    const page1 = await t.api('GET', '/api/v1/leads?stage=mql&limit=3');
    expect(page1.status).toBe(200);
    expect(page1.body.leads).toHaveLength(3);
    const page2 = await t.api('GET', `/api/v1/leads?stage=mql&limit=3&cursor=${page1.body.next_cursor}`);
    const ids = [...page1.body.leads, ...page2.body.leads].map((l: { id: string }) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(page2.body.leads.every((l: { stage: string }) => l.stage === 'mql')).toBe(true);
  });
});

describe('activity events', () => {
  it('scores activity, qualifies the lead when engagement crosses the bar and reports each event', async () => {
    const created = await t.api('POST', '/api/v1/leads', { email: 'ivan@trey-research.com', title: 'Director of IT', company: { name: 'Trey Research', size: 300, country: 'US' } });
    expect(created.body.stage).toBe('known');
    const res = await t.api('POST', '/api/v1/events', {
      events: [
        { email: 'ivan@trey-research.com', type: 'page_viewed', url: 'https://x.example/pricing', event_id: 'pv-1' },
        { email: 'ivan@trey-research.com', type: 'page_viewed', url: 'https://x.example/pricing/enterprise', event_id: 'pv-2' },
        { email: 'ivan@trey-research.com', type: 'webinar_attended', event_id: 'web-1' },
        { email: 'nobody@unknown-company.com', type: 'page_viewed' },
        { email: 'ivan@trey-research.com', type: 'not a type!' },
        { email: 'ivan@trey-research.com', type: 'page_viewed', event_id: 'pv-1' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 2 });
    expect(res.body.results[3]).toMatchObject({ status: 'rejected', errors: [{ message: expect.stringContaining('no lead with e-mail nobody@unknown-company.com') }] });
    expect(res.body.results[4]).toMatchObject({ status: 'rejected', errors: [{ path: 'events[4].type' }] });
    const lead = await t.api('GET', `/api/v1/leads/${created.body.id}`);
    expect(lead.body.score.engagement).toBe(50);
    expect(lead.body.stage).toBe('mql');
    expect(lead.body.priority).toBe('normal');
    expect(lead.body.owner).toMatch(/^(cy|dee)$/);

    const replay = await t.api('POST', '/api/v1/events', { events: [{ email: 'ivan@trey-research.com', type: 'page_viewed', event_id: 'pv-2' }] });
    expect(replay.body).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
