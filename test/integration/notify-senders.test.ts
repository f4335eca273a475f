/**
 * The channel senders on their own, against the real HTTP receiver: what a Slack incoming
 * webhook, the SMS API and a webhook endpoint receive, and the outcome (never an exception) when
 * they refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Senders, type SendContext } from '../../src/notify/channels/senders.js';
import type { ChannelSettings } from '../../src/notify/settings.js';
import { startHttpReceiver, type HttpReceiver } from '../support/receivers/http.js';
import { SMS_ACCOUNT } from '../support/receivers/notify-harness.js';

const SECRET = `whsec_${Buffer.from('senders test secret, 32 bytes!!').toString('base64')}`;
let http: HttpReceiver;
const senders = new Senders();

beforeAll(async () => {
  http = await startHttpReceiver({ webhookSecret: SECRET, sms: SMS_ACCOUNT });
});
afterAll(async () => {
  await senders.close();
  await http?.stop();
});

const context = (settings: Partial<ChannelSettings>): SendContext => ({
  settings: { webhooks: [], disabled: {}, ...settings },
  endpoint: async (id) => (id === 'crm' ? { id, url: `${http.url}/hooks/crm`, secret: SECRET, events: ['*'], source: 'policy' } : undefined),
});

describe('channel senders', () => {
  it('posts to a Slack incoming webhook with the rep mentioned, when there is no bot token', async () => {
    const slack = { webhookUrl: `${http.url}/slack/webhook/T1/B1`, apiUrl: `${http.url}/slack/api` };
    const outcome = await senders.send({ channel: 'slack', user: 'U0ANA', text: 'New lead: Ada', blocks: [{ type: 'section' }] }, 'ob1.slack.ana', context({ slack }));
    expect(outcome).toEqual({ ok: true });
    const post = await http.waitFor((r) => r.path.startsWith('/slack/webhook/'));
    expect(post.json).toMatchObject({ text: '<@U0ANA> New lead: Ada', blocks: [{ type: 'section', text: { text: '<@U0ANA>' } }, { type: 'section' }] });
    expect(post.headers['idempotency-key']).toBe('ob1.slack.ana');
  });

  it('reports a refused SMS (bad credentials) as a failed attempt with the API’s answer', async () => {
    const sms = { from: '+15555550100', accountSid: SMS_ACCOUNT.accountSid, authToken: 'wrong', apiUrl: `${http.url}/sms` };
    const outcome = await senders.send({ channel: 'sms', to: ['+12125550101'], body: 'Baton: new lead' }, 'ob2.sms.ana', context({ sms }));
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining('SMS API answered 401') });
  });

  it('signs webhooks so the receiver verifies them, and fails cleanly for a removed endpoint or an unreachable host', async () => {
    expect(await senders.send({ channel: 'webhook', endpoint: 'crm', type: 'lead.assigned', body: '{"type":"lead.assigned"}' }, 'ev9.crm', context({}))).toEqual({ ok: true });
    expect((await http.waitFor((r) => r.path === '/hooks/crm')).verified).toBe(true);
    expect(await senders.send({ channel: 'webhook', endpoint: 'gone', type: 'lead.assigned', body: '{}' }, 'ev9.gone', context({}))).toEqual({
      ok: false,
      error: expect.stringContaining('no longer exists'),
    });
    const email = await senders.send({ channel: 'email', to: ['a@example.com'], subject: 's', text: 't', html: 'h' }, 'ob3.email.ana', context({ email: { from: 'b@example.com', smtpUrl: 'smtp://127.0.0.1:1' } }));
    expect(email).toEqual({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
  });
});
