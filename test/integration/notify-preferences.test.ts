/**
 * Per-rep preferences: the policy's, overridden through the API; quiet hours in the rep's own
 * time zone hold routine messages until morning, while urgent ones go out at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/store/token-store.js';
import { ManualClock, type NotifyHarness, notifyLead, startNotifyApp } from '../support/receivers/notify-harness.js';
import type { TestApp } from '../support/test-app.js';

let h: NotifyHarness;
let t: TestApp;
let close: () => Promise<void>;
// 21:00 UTC on Tuesday 10 March 2026 is 22:00 in Berlin, inside ben's quiet hours (20:00–08:00).
const clock = new ManualClock(new Date('2026-03-10T21:00:00Z'));
const webinar = { event: { type: 'webinar_attended' } }; // qualifies with normal priority

beforeAll(async () => {
  ({ h, t, close } = await startNotifyApp(clock));
});
afterAll(async () => {
  await close?.();
});

describe('quiet hours', () => {
  it('holds a routine hand-off until the rep’s quiet hours end in their time zone', async () => {
    const lead = (await t.api('POST', '/api/v1/leads', notifyLead('quiet@nachtruhe-gmbh.com', 'DE', webinar))).body;
    expect(lead).toMatchObject({ owner: 'ben', priority: 'normal' });
    await expect
      .poll(async () => (await t.api('GET', `/api/v1/deliveries?lead_id=${lead.id}&channel=email`)).body.deliveries, { timeout: 5_000 })
      .toEqual([expect.objectContaining({ status: 'pending', recipient: 'ben', next_attempt_at: '2026-03-11T07:00:00.000Z' })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.smtp.mail.filter((m) => m.text.includes('quiet@nachtruhe-gmbh.com'))).toEqual([]); // not even a reminder

    clock.set('2026-03-11T07:00:01Z'); // 08:00:01 in Berlin
    const mail = await h.smtp.waitFor((m) => m.subject.startsWith('New lead') && m.text.includes('quiet@nachtruhe-gmbh.com'));
    expect(mail.envelopeTo).toEqual(['ben@example.com']);
    expect(mail.text).toContain('CET'); // the deadline is shown in Berlin time
  });

  it('sends an urgent (high-priority) hand-off at once, quiet hours or not', async () => {
    clock.set('2026-03-11T21:30:00Z'); // 22:30 in Berlin
    await t.api('POST', '/api/v1/leads', notifyLead('urgent@demo-anfrage.de', 'DE'));
    const mail = await h.smtp.waitFor((m) => m.text.includes('urgent@demo-anfrage.de'));
    expect(mail.subject).toMatch(/^High-priority lead/);
  });
});

describe('preferences through the API', () => {
  it('shows the policy’s preferences with the rep’s time zone', async () => {
    const res = await t.api('GET', '/api/v1/reps/ben/notifications');
    expect(res.body).toEqual({
      rep: 'ben',
      channels: ['email'],
      quiet_hours: { from: '20:00', to: '08:00' },
      slack_user: null,
      timezone: 'Europe/Berlin',
      urgent_overrides_quiet_hours: true,
      source: 'policy',
    });
  });

  it('lets the rep’s preferences be changed, and the next lead follows them', async () => {
    const put = await t.api('PUT', '/api/v1/reps/ben/notifications', { channels: ['email', 'slack'], quiet_hours: null, slack_user: 'U0BEN' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ channels: ['email', 'slack'], quiet_hours: null, slack_user: 'U0BEN', source: 'api' });

    clock.set('2026-03-11T22:00:00Z'); // night in Berlin, but ben has no quiet hours now
    await t.api('POST', '/api/v1/leads', notifyLead('night@owl-systems.de', 'DE', webinar));
    const dm = await h.http.waitFor((r) => r.path === '/slack/api/chat.postMessage' && (r.json as { channel: string }).channel === 'U0BEN');
    expect((dm.json as { text: string }).text).toContain('Ada Lovelace');
    await h.smtp.waitFor((m) => m.text.includes('night@owl-systems.de'));
  });

  it('refuses bad preferences with the field that is wrong, unknown reps, and callers who may not', async () => {
    const bad = await t.api('PUT', '/api/v1/reps/ben/notifications', { channels: ['pager'], quiet_hours: { from: '25:00', to: '08:00' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['channels[0]', 'quiet_hours.from']);
    expect((await t.api('GET', '/api/v1/reps/nobody/notifications')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/reps/ben/notifications', undefined, { token: t.readToken })).status).toBe(403);
    const integration = (await createToken(t.app.deps.db, 'crm sync', ['act'], new Date())).token;
    const res = await t.api('PUT', '/api/v1/reps/ben/notifications', { channels: [] }, { token: integration });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("ben's notification settings");
  });
});
