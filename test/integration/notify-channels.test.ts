/**
 * Slack, SMS and webhooks against a real HTTP receiver: the Slack message carries the brief and
 * the buttons, a button press signed with Slack's secret accepts the lead (a bad signature is
 * refused), the SMS goes through the Twilio-style API, and every lead event reaches the webhook
 * endpoint with a Standard Webhooks signature the receiver verifies.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../src/notify/slack-signature.js';
import { ManualClock, type NotifyHarness, notifyLead, SLACK_SIGNING_SECRET, startNotifyApp } from '../support/receivers/notify-harness.js';
import type { TestApp } from '../support/test-app.js';

let h: NotifyHarness;
let t: TestApp;
let close: () => Promise<void>;
const clock = new ManualClock(new Date('2026-03-10T14:00:00Z'));
let leadId: string;

beforeAll(async () => {
  ({ h, t, close } = await startNotifyApp(clock));
  const res = await t.api('POST', '/api/v1/leads', notifyLead('ada@fabrikam-robotics.com', 'US'));
  expect(res.status).toBe(201);
  leadId = res.body.id;
});
afterAll(async () => {
  await close?.();
});

interface SlackBlock {
  type: string;
  elements?: { action_id: string; value?: string; options?: { value: string }[] }[];
}

const slackPress = (payload: unknown, secret = SLACK_SIGNING_SECRET, at = new Date()) => {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return fetch(`${t.url}/api/v1/integrations/slack/interactive`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature(secret, timestamp, body) },
    body,
  });
};

describe('Slack', () => {
  it('sends the rep a direct message with the brief, the deadline and Accept / Reject', async () => {
    const post = await h.http.waitFor((r) => r.path === '/slack/api/chat.postMessage' && (r.json as { channel: string }).channel === 'U0ANA');
    const message = post.json as { channel: string; text: string; blocks: SlackBlock[] };
    expect(post.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(message.channel).toBe('U0ANA');
    expect(message.text).toContain('Ada Lovelace (Fabrikam Robotics)');
    const all = JSON.stringify(message.blocks);
    expect(all).toContain('budget: 50k-100k');
    expect(all).toContain('Tue 10 Mar 2026, 11:00 EDT');
    const actions = message.blocks.find((b) => b.type === 'actions')!.elements!;
    expect(actions.find((e) => e.action_id === 'baton_accept')?.value).toBe(leadId);
    expect(actions.find((e) => e.action_id === 'baton_reject')?.options?.map((o) => o.value)).toContain(`${leadId}:bad_data`);
  });

  it('refuses a button press with a bad signature or an old timestamp', async () => {
    const press = { type: 'block_actions', user: { id: 'U0ANA' }, actions: [{ action_id: 'baton_accept', value: leadId }] };
    const forged = await slackPress(press, 'not-the-secret');
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toContain('not from Slack');
    const replayed = await slackPress(press, SLACK_SIGNING_SECRET, new Date(Date.now() - 10 * 60_000));
    expect(replayed.status).toBe(401);
    expect((await t.api('GET', `/api/v1/leads/${leadId}`)).body.stage).toBe('mql');
  });

  it('accepts the lead when the rep presses Accept, and answers Slack through response_url', async () => {
    const res = await slackPress({ type: 'block_actions', user: { id: 'U0ANA' }, response_url: `${h.http.url}/slack/response`, actions: [{ action_id: 'baton_accept', value: leadId }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, text: expect.stringContaining('Accepted by Ana Ruiz') });
    expect((await t.api('GET', `/api/v1/leads/${leadId}`)).body.stage).toBe('sal');
    const response = await h.http.waitFor((r) => r.path === '/slack/response');
    expect(response.json).toMatchObject({ replace_original: true });
    const timeline = (await t.api('GET', `/api/v1/leads/${leadId}`)).body.timeline as { type: string; actor: string }[];
    expect(timeline.find((e) => e.type === 'accepted')?.actor).toBe('rep:ana');
  });

  it('does not act for a Slack member who is not a rep', async () => {
    const res = await slackPress({ type: 'block_actions', user: { id: 'U0STRANGER' }, actions: [{ action_id: 'baton_accept', value: leadId }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, text: expect.stringContaining('not linked to a Baton rep') });
  });
});

describe('SMS', () => {
  it('texts the rep through the Twilio-compatible API with the accept link', async () => {
    const sms = await h.http.waitFor((r) => r.path.startsWith('/sms/'));
    expect(sms.path).toBe('/sms/2010-04-01/Accounts/AC0123456789/Messages.json');
    expect(sms.form).toMatchObject({ To: '+12125550101', From: '+15555550100' });
    expect(sms.form!.Body).toContain('Ada Lovelace');
    expect(sms.form!.Body).toMatch(new RegExp(`Accept: ${t.url}/a/`));
  });
});

describe('webhooks', () => {
  it('sends every lead event, signed per Standard Webhooks, in order', async () => {
    const events = ((await t.api('GET', `/api/v1/leads/${leadId}`)).body.timeline as { type: string; seq: number }[]).filter((e) => e.seq <= 4);
    await expect.poll(() => h.http.accepted('/hooks/crm').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(events.length);
    const received = h.http.accepted('/hooks/crm').filter((r) => (r.json as { data: { lead_id: string } }).data.lead_id === leadId);
    expect(received.every((r) => r.verified === true)).toBe(true);
    const types = received.map((r) => (r.json as { type: string }).type);
    expect(types).toEqual(expect.arrayContaining(['lead.created', 'lead.assigned', 'lead.notified']));
    const seqs = received.map((r) => (r.json as { data: { seq: number } }).data.seq).filter((s) => s <= 4);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The receiver's own check, as a consumer would write it.
    const one = received[0]!;
    expect(() => new Webhook(h.webhookSecret).verify(one.body, one.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.from('another secret entirely').toString('base64')}`).verify(one.body, one.headers as Record<string, string>)).toThrow();
    expect(h.http.duplicateWebhookIds()).toEqual([]);
  });

  it('lets an admin add an endpoint whose secret signs what it receives', async () => {
    const created = await t.api('POST', '/api/v1/webhooks', { url: `${h.http.url}/hooks/bi`, events: ['lead.assigned'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const list = await t.api('GET', '/api/v1/webhooks');
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toEqual(['crm', created.body.id]);
    const bad = await t.api('POST', '/api/v1/webhooks', { url: 'not a url', events: ['everything'] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['events[0]', 'url']);

    h.http.setWebhookSecret(created.body.secret);
    await t.api('POST', '/api/v1/leads', notifyLead('bi@contoso-labs.com', 'US'));
    const hook = await h.http.waitFor((r) => r.path === '/hooks/bi');
    expect(hook.verified).toBe(true);
    expect((hook.json as { type: string }).type).toBe('lead.assigned');
    h.http.setWebhookSecret(h.webhookSecret);
    expect((await t.api('DELETE', `/api/v1/webhooks/${created.body.id}`)).status).toBe(204);
  });
});
