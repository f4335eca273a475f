/**
 * The channels as configured: the policy's `notifications` section names environment variables,
 * and this resolves them. A channel whose variables are missing is disabled (with the reason the
 * health endpoint and start-up log show) rather than stopping Baton: the demo runs without SMTP.
 */
import { z } from 'zod';
import type { NotificationsPolicy } from '../policy/sections/notifications.js';

const moduleEnv = z.object({
  BATON_SLACK_API_URL: z.url().default('https://slack.com/api').describe('Slack Web API base (Default: https://slack.com/api)'),
  BATON_SMS_API_URL: z.url().default('https://api.twilio.com').describe('Twilio-compatible API base (Default: https://api.twilio.com)'),
  BATON_NOTIFY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250).describe('Longest wait between looks at the outbox and due deliveries (Default: 250)'),
  BATON_NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64).describe('Sends in flight per process (Default: 64)'),
  BATON_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(200).default(16).describe('Open SMTP connections kept per process (Default: 16)'),
});

export type NotifyEnv = z.output<typeof moduleEnv>;

/** The module's own settings; a bad value names the variable. */
export function readNotifyEnv(env: NodeJS.ProcessEnv): NotifyEnv {
  const parsed = moduleEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Baton cannot start: fix these notification settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export interface EmailSettings {
  from: string;
  /** `capture:` in demo mode without SMTP: messages are rendered and kept, not sent. */
  smtpUrl: string;
}

/** The demo's stand-in for an SMTP server: mail is kept in the deliveries (GET /api/v1/deliveries/:id). */
export const CAPTURE_SMTP = 'capture:';
export interface SlackSettings {
  webhookUrl?: string;
  botToken?: string;
  signingSecret?: string;
  apiUrl: string;
}
export interface SmsSettings {
  from: string;
  accountSid: string;
  authToken: string;
  apiUrl: string;
}
export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  events: readonly string[];
  source: 'policy' | 'api';
}

export interface ChannelSettings {
  email?: EmailSettings;
  slack?: SlackSettings;
  sms?: SmsSettings;
  /** The policy's endpoints whose URL and secret are set. */
  webhooks: WebhookEndpoint[];
  /** Why a configured channel is off, by channel key (email, slack, sms, webhook:<id>). */
  disabled: Record<string, string>;
}

export function resolveChannels(policy: NotificationsPolicy, env: NodeJS.ProcessEnv, moduleSettings: NotifyEnv, demo = false): ChannelSettings {
  const disabled: Record<string, string> = {};
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const result: ChannelSettings = { webhooks: [], disabled };

  if (policy.email) {
    const smtpUrl = read(policy.email.smtp_url_env);
    if (smtpUrl) result.email = { from: policy.email.from, smtpUrl };
    else if (demo) result.email = { from: policy.email.from, smtpUrl: CAPTURE_SMTP };
    else disabled.email = `${policy.email.smtp_url_env} is not set`;
  }
  if (policy.slack) {
    const webhookUrl = read(policy.slack.webhook_url_env);
    const botToken = read(policy.slack.bot_token_env);
    const signingSecret = read(policy.slack.signing_secret_env);
    if (webhookUrl || botToken) {
      result.slack = { apiUrl: moduleSettings.BATON_SLACK_API_URL, ...(webhookUrl ? { webhookUrl } : {}), ...(botToken ? { botToken } : {}), ...(signingSecret ? { signingSecret } : {}) };
    } else {
      disabled.slack = `neither ${policy.slack.webhook_url_env} nor ${policy.slack.bot_token_env} is set`;
    }
  }
  if (policy.sms) {
    const accountSid = read(policy.sms.account_sid_env);
    const authToken = read(policy.sms.auth_token_env);
    if (accountSid && authToken) result.sms = { from: policy.sms.from, accountSid, authToken, apiUrl: moduleSettings.BATON_SMS_API_URL };
    else disabled.sms = `${[accountSid ? undefined : policy.sms.account_sid_env, authToken ? undefined : policy.sms.auth_token_env].filter(Boolean).join(' and ')} not set`;
  }
  for (const [id, endpoint] of Object.entries(policy.webhooks)) {
    const url = endpoint.url ?? (endpoint.url_env ? read(endpoint.url_env) : undefined);
    const secret = read(endpoint.secret_env);
    const missing = [url ? undefined : endpoint.url_env, secret ? undefined : endpoint.secret_env].filter(Boolean);
    if (url && secret) result.webhooks.push({ id, url, secret, events: endpoint.events, source: 'policy' });
    else disabled[`webhook:${id}`] = `${missing.join(' and ')} not set`;
  }
  return result;
}

/** True when the endpoint subscribes to this event type (`lead.assigned`…). */
export function subscribes(endpoint: Pick<WebhookEndpoint, 'events'>, type: string): boolean {
  return endpoint.events.includes('*') || endpoint.events.includes(type);
}
