/**
 * Delivery when things break: a webhook endpoint and the SMTP server go down and come back;
 * nothing is lost, nothing is sent twice, the admins hear of the outage and its end, and a
 * delivery that ran out of attempts waits as a dead letter until an admin retries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type NotifyHarness, notifyLead, startNotifyApp } from '../support/receivers/notify-harness.js';
import type { TestApp } from '../support/test-app.js';

let h: NotifyHarness;
let t: TestApp;
let close: () => Promise<void>;
const clock = new ManualClock(new Date('2026-03-10T14:00:00Z'));

beforeAll(async () => {
  ({ h, t, close } = await startNotifyApp(clock));
});
afterAll(async () => {
  await close?.();
});

interface Delivery {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  lead_id: string;
  recipient: string;
  last_error: string | null;
}

const deliveries = async (query: string): Promise<Delivery[]> => (await t.api('GET', `/api/v1/deliveries?limit=500&${query}`)).body.deliveries;
const health = async (channel: string) => ((await t.api('GET', '/api/v1/health/integrations')).body.channels as { channel: string; status: string; consecutive_failures: number }[]).find((c) => c.channel === channel);

/** Moves the clock on in 15 s steps (past every retry wait) until `done` holds. */
async function advanceUntil(done: () => Promise<boolean>, steps = 40): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if (await done()) return;
    clock.advance(15_000);
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('condition not reached while advancing the clock');
}

describe('a webhook endpoint that goes down and comes back', () => {
  it('delivers every event exactly once after recovery, and alerts the admins of the outage and its end', async () => {
    h.http.fail(503, '/hooks/crm');
    const leads: string[] = [];
    for (const email of ['a@outage-one.com', 'b@outage-two.com', 'c@outage-three.com']) leads.push((await t.api('POST', '/api/v1/leads', notifyLead(email, 'US'))).body.id);

    await expect.poll(() => health('webhook:crm'), { timeout: 10_000 }).toMatchObject({ status: 'failing' });
    expect((await t.api('GET', '/api/v1/health/integrations')).body.status).toBe('degraded');
    const alert = await h.smtp.waitFor((m) => m.subject === 'Integration failing: webhook:crm');
    expect(alert.envelopeTo).toEqual(['ops@example.com']);
    expect(alert.text).toContain('503');
    const slackAlert = await h.http.waitFor((r) => r.path === '/slack/api/chat.postMessage' && (r.json as { channel: string }).channel === 'C0ALERTS');
    expect((slackAlert.json as { text: string }).text).toContain('webhook:crm');
    expect(h.http.accepted('/hooks/crm')).toEqual([]);
    // Other channels are unaffected.
    await h.smtp.waitFor((m) => m.text.includes('a@outage-one.com'));

    h.http.recover();
    const expectedEvents = async () =>
      (await t.app.deps.db.selectFrom('lead_events').select('id').where('lead_id', 'in', leads).execute()).map((e) => String(e.id)).sort();
    const receivedEvents = () =>
      h.http
        .accepted('/hooks/crm')
        .map((r) => (r.json as { data: { event_id: string; lead_id: string } }).data)
        .filter((d) => leads.includes(d.lead_id))
        .map((d) => d.event_id)
        .sort();
    await advanceUntil(async () => {
      const pending = await deliveries('channel=webhook&status=failed');
      return pending.length === 0 && JSON.stringify(receivedEvents()) === JSON.stringify(await expectedEvents());
    });
    expect(h.http.duplicateWebhookIds()).toEqual([]);
    expect(await health('webhook:crm')).toMatchObject({ status: 'ok', consecutive_failures: 0 });
    await h.smtp.waitFor((m) => m.subject === 'Integration recovered: webhook:crm');
  });
});

describe('the SMTP server down long enough to use up the attempts', () => {
  it('leaves the mail as a dead letter an admin sees and retries, and it is then sent once', async () => {
    h.smtp.fail();
    const lead = (await t.api('POST', '/api/v1/leads', notifyLead('dora@deadletter-gmbh.com', 'DE'))).body;
    expect(lead.owner).toBe('ben');
    await advanceUntil(async () => (await deliveries(`lead_id=${lead.id}&channel=email&status=dead`)).length === 1);
    const [dead] = await deliveries(`lead_id=${lead.id}&channel=email&status=dead`);
    expect(dead).toMatchObject({ recipient: 'ben', attempts: 4, last_error: expect.stringContaining('451') });
    // The e-mail outage is reported on the other admin channel (Slack), not by e-mail.
    await h.http.waitFor((r) => r.path === '/slack/api/chat.postMessage' && (r.json as { text: string }).text.includes('Integration failing: email'));
    expect(await health('email')).toMatchObject({ status: 'failing' });

    h.smtp.recover();
    const retried = await t.api('POST', `/api/v1/deliveries/${dead!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    const mail = await h.smtp.waitFor((m) => m.text.includes('dora@deadletter-gmbh.com'));
    expect(mail.envelopeTo).toEqual(['ben@example.com']);
    await expect.poll(async () => (await deliveries(`lead_id=${lead.id}&channel=email`))[0]?.status, { timeout: 5_000 }).toBe('sent');
    expect(h.smtp.duplicates()).toEqual([]);
    expect((await t.api('POST', `/api/v1/deliveries/${dead!.id}/retry`)).status).toBe(409);
    expect((await t.api('POST', '/api/v1/deliveries/999999/retry')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/deliveries?status=lost')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/deliveries', undefined, { token: t.readToken })).status).toBe(403);
  });

  it('sends again with the same key when a process died mid-send, so the receiver can drop the repeat', async () => {
    const lead = (await t.api('POST', '/api/v1/leads', notifyLead('kai@crash-mid-send.com', 'US'))).body;
    await expect.poll(async () => (await deliveries(`lead_id=${lead.id}&channel=webhook&status=sent`)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const [sent] = await deliveries(`lead_id=${lead.id}&channel=webhook&status=sent`);
    // As a process that sent but died before recording: still leased, and the lease runs out.
    await t.app.deps.db.updateTable('notify_deliveries').set({ status: 'sending', due_at: clock.now() }).where('id', '=', sent!.id).execute();
    clock.advance(1_000);
    await expect.poll(() => h.http.duplicateWebhookIds().length, { timeout: 5_000 }).toBe(1);
    const key = h.http.duplicateWebhookIds()[0]!;
    expect(key).toMatch(new RegExp(`^ev\\d+\\.crm$`));
    await expect.poll(async () => (await deliveries(`lead_id=${lead.id}&channel=webhook`)).find((d) => d.id === sent!.id)?.status, { timeout: 5_000 }).toBe('sent');
  });
});
