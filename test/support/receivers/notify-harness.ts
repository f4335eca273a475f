/**
 * Everything a notification test talks to: a real SMTP server, one HTTP receiver playing the
 * webhook endpoint, the Slack API and the SMS API, and the environment that points Baton at them
 * (the names test/fixtures/notify-policy.yaml uses). Plus a clock the test moves by hand.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startTestApp, type TestApp } from '../test-app.js';
import { startHttpReceiver, type HttpReceiver } from './http.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp.js';

export const NOTIFY_POLICY = path.resolve(import.meta.dirname, '../../fixtures/notify-policy.yaml');
export const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-tests';
export const SLACK_BOT_TOKEN = 'xoxb-test-token';
export const SMS_ACCOUNT = { accountSid: 'AC0123456789', authToken: 'sms-auth-token' };

export interface NotifyHarness {
  smtp: SmtpReceiver;
  http: HttpReceiver;
  webhookSecret: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startNotifyHarness(): Promise<NotifyHarness> {
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const smtp = await startSmtpReceiver();
  const http = await startHttpReceiver({ webhookSecret, slackBotToken: SLACK_BOT_TOKEN, sms: SMS_ACCOUNT });
  const env = {
    BATON_SMTP_URL: smtp.url,
    BATON_SLACK_BOT_TOKEN: SLACK_BOT_TOKEN,
    BATON_SLACK_SIGNING_SECRET: SLACK_SIGNING_SECRET,
    BATON_SLACK_API_URL: `${http.url}/slack/api`,
    BATON_SMS_ACCOUNT_SID: SMS_ACCOUNT.accountSid,
    BATON_SMS_AUTH_TOKEN: SMS_ACCOUNT.authToken,
    BATON_SMS_API_URL: `${http.url}/sms`,
    TEST_CRM_URL: `${http.url}/hooks/crm`,
    TEST_CRM_SECRET: webhookSecret,
    BATON_NOTIFY_POLL_MS: '50',
  };
  return { smtp, http, webhookSecret, env, stop: async () => void (await Promise.all([smtp.stop(), http.stop()])) };
}

/** Baton on the notify policy, pointed at a fresh harness, on a clock the test moves. */
export async function startNotifyApp(clock: ManualClock): Promise<{ h: NotifyHarness; t: TestApp; close(): Promise<void> }> {
  const h = await startNotifyHarness();
  try {
    const t = await startTestApp({ policyFile: NOTIFY_POLICY, env: h.env, clock });
    return { h, t, close: async () => void (await t.close(), await h.stop()) };
  } catch (error) {
    await h.stop();
    throw error;
  }
}

/** A clock that stands still until the test moves it. */
export class ManualClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current.getTime());
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A lead the fixture routes by country: US → ana (New York), DE → ben (Berlin), else cy. */
export function notifyLead(email: string, country: string, extra: Record<string, unknown> = {}) {
  return {
    email,
    first_name: 'Ada',
    last_name: 'Lovelace',
    title: 'VP Sales',
    phone: '+14155550123',
    company: { name: 'Fabrikam Robotics', size: 420, country, industry: 'software' },
    answers: { budget: '50k-100k', timeline: 'this quarter' },
    source: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring' },
    event: { type: 'demo_requested' },
    ...extra,
  };
}
