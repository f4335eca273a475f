import { describe, expect, it } from 'vitest';
import { notificationsSchema } from '../policy/sections/notifications.js';
import { CAPTURE_SMTP, readNotifyEnv, resolveChannels } from './settings.js';

const policy = notificationsSchema.parse({
  email: { from: 'Baton <b@example.com>' },
  slack: {},
  sms: { from: '+15555550100' },
  webhooks: { crm: { url: 'https://crm.example.com/hook', secret_env: 'CRM_SECRET' } },
});
const moduleEnv = readNotifyEnv({});

describe('channel settings from the policy and the environment', () => {
  it('turns a channel on only when the variables the policy names are set', () => {
    const s = resolveChannels(policy, { BATON_SMTP_URL: 'smtp://mail:25', BATON_SLACK_BOT_TOKEN: 'xoxb-1', CRM_SECRET: 'whsec_abc' }, moduleEnv);
    expect(s.email).toEqual({ from: 'Baton <b@example.com>', smtpUrl: 'smtp://mail:25' });
    expect(s.slack).toMatchObject({ botToken: 'xoxb-1', apiUrl: 'https://slack.com/api' });
    expect(s.sms).toBeUndefined();
    expect(s.webhooks).toEqual([{ id: 'crm', url: 'https://crm.example.com/hook', secret: 'whsec_abc', events: ['*'], source: 'policy' }]);
    expect(s.disabled).toEqual({ sms: 'BATON_SMS_ACCOUNT_SID and BATON_SMS_AUTH_TOKEN not set' });
  });

  it('says which variable is missing, and captures e-mail instead of sending it in the demo', () => {
    expect(resolveChannels(policy, {}, moduleEnv).disabled).toMatchObject({ email: 'BATON_SMTP_URL is not set', 'webhook:crm': 'CRM_SECRET not set' });
    expect(resolveChannels(policy, {}, moduleEnv, true).email).toEqual({ from: 'Baton <b@example.com>', smtpUrl: CAPTURE_SMTP });
  });

  it('refuses a secret written into the policy instead of an environment variable name', () => {
    const parsed = notificationsSchema.safeParse({ webhooks: { crm: { url: 'https://x.example', secret_env: 'whsec_c2VjcmV0' } } });
    expect(parsed.success).toBe(false);
  });
});
