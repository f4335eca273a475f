/**
 * The `notifications` section: channels (e-mail, Slack, SMS, webhooks), who gets what on which
 * channel (per-rep preferences, quiet hours), the admins' alert channel and delivery retries.
 *
 * Secrets never live in the policy file: it names the environment variables that hold them
 * (SMTP URL with its password, Slack tokens and signing secret, SMS credentials, webhook
 * signing secrets). Addresses (e-mail, phone) come from `reps` and `managers`.
 */
import { z } from 'zod';
import { durationSchema, id } from '../schema-fields.js';

export const CHANNELS = ['email', 'slack', 'sms'] as const;
export type PersonChannel = (typeof CHANNELS)[number];

const ENV_HINT = 'the name of an environment variable, e.g. BATON_SMTP_URL (upper case letters, digits and _)';
const envName = z.string({ error: ENV_HINT }).regex(/^[A-Z_][A-Z0-9_]*$/, ENV_HINT);
const clockTime = z
  .string({ error: 'a time of day as "HH:MM", e.g. "20:00"' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as "HH:MM", e.g. "20:00"');

export const quietHoursSchema = z
  .strictObject({
    from: clockTime.meta({ description: 'Start of the quiet period in the person\'s calendar time zone, e.g. "20:00"' }),
    to: clockTime.meta({ description: 'End of the quiet period (may be the next morning), e.g. "08:00"' }),
  })
  .refine((q) => q.from !== q.to, 'from and to must differ')
  .meta({ description: 'Hours in which messages wait (urgent ones excepted, see urgent_overrides_quiet_hours)' });

/** Delivery timing is wall-clock: a retry at night is as good as one by day. */
const wallDuration = durationSchema.refine((d) => d.kind === 'wall', 'a wall-clock duration such as 2s, 10m or 7d (not business time)');

const channelList = z
  .array(z.enum(CHANNELS, { error: 'a channel: email, slack or sms' }))
  .refine((list) => new Set(list).size === list.length, 'each channel once');

const personPreferences = z.strictObject({
  channels: channelList.optional().meta({ description: 'Channels this person is told on (Default: defaults.channels)' }),
  quiet_hours: quietHoursSchema.nullable().optional().meta({ description: 'Overrides defaults.quiet_hours; null for none' }),
  slack_user: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member id such as U024BE7LH').optional().meta({
    description: 'Slack member id: direct message with the bot token; with only an incoming webhook, a mention in its channel',
  }),
});

const webhookEndpoint = z
  .strictObject({
    url: z.url().optional().meta({ description: 'Where to POST events (or url_env)' }),
    url_env: envName.optional().meta({ description: 'Environment variable holding the URL, when it differs between deployments' }),
    secret_env: envName.meta({ description: 'Environment variable holding the signing secret (whsec_… base64, per Standard Webhooks)' }),
    events: z
      .array(z.string().regex(/^(\*|lead\.[a-z_]+)$/, 'an event type such as "lead.assigned", or "*"'))
      .min(1)
      .default(['*'])
      .meta({ description: 'Event types to send, e.g. [lead.assigned, lead.accepted] (Default: ["*"], every lead event)' }),
    description: z.string().optional(),
  })
  .refine((e) => (e.url === undefined) !== (e.url_env === undefined), 'give exactly one of url or url_env');

export const notificationsSchema = z
  .strictObject({
    email: z
      .strictObject({
        from: z.string().min(3).meta({ description: 'Sender, e.g. "Baton <baton@example.com>"' }),
        smtp_url_env: envName.default('BATON_SMTP_URL').meta({
          description: 'Environment variable with the SMTP URL, e.g. smtp://user:pass@mail.example.com:587 (Default: BATON_SMTP_URL)',
        }),
      })
      .optional()
      .meta({ description: 'E-mail over SMTP (HTML and plain text)' }),
    slack: z
      .strictObject({
        webhook_url_env: envName.default('BATON_SLACK_WEBHOOK_URL').meta({ description: 'Incoming webhook URL (Default: BATON_SLACK_WEBHOOK_URL)' }),
        bot_token_env: envName.default('BATON_SLACK_BOT_TOKEN').meta({ description: 'Bot token (xoxb-…) for direct messages with chat.postMessage (Default: BATON_SLACK_BOT_TOKEN)' }),
        signing_secret_env: envName
          .default('BATON_SLACK_SIGNING_SECRET')
          .meta({ description: 'Signing secret that verifies Accept / Reject button presses (Default: BATON_SLACK_SIGNING_SECRET)' }),
      })
      .optional()
      .meta({ description: 'Slack: Block Kit messages with the brief and Accept / Reject buttons' }),
    sms: z
      .strictObject({
        from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'a phone number in E.164 form, e.g. +15555550100').meta({ description: 'Sending number' }),
        account_sid_env: envName.default('BATON_SMS_ACCOUNT_SID').meta({ description: 'Twilio-compatible account SID (Default: BATON_SMS_ACCOUNT_SID)' }),
        auth_token_env: envName.default('BATON_SMS_AUTH_TOKEN').meta({ description: 'Auth token (Default: BATON_SMS_AUTH_TOKEN)' }),
      })
      .optional()
      .meta({ description: 'SMS through a Twilio-compatible API (short text with the accept link)' }),
    webhooks: z
      .record(id, webhookEndpoint)
      .default({})
      .meta({ description: 'Endpoints that receive every lead event, signed per Standard Webhooks; admins can add more through the API' }),
    defaults: z
      .strictObject({
        channels: channelList.default(['email']).meta({ description: 'Channels for people with no preference of their own (Default: [email])' }),
        quiet_hours: quietHoursSchema.optional(),
        urgent_overrides_quiet_hours: z
          .boolean()
          .default(true)
          .meta({ description: 'Urgent messages (high-priority leads, missed deadlines) go out during quiet hours (Default: true)' }),
      })
      .prefault({}),
    reps: z.record(id, personPreferences).default({}).meta({ description: 'Preferences per rep id (the API can override them)' }),
    managers: z.record(id, personPreferences).default({}).meta({ description: 'Preferences per manager id' }),
    admins: z
      .strictObject({
        email: z.array(z.email()).default([]),
        slack_channel: z.string().optional().meta({ description: 'Channel id or name for the bot token; without one, the incoming webhook\'s channel' }),
        phone: z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +15555550100')).default([]),
      })
      .prefault({})
      .meta({ description: 'Where alerts go: leads nobody can take, integrations that keep failing' }),
    delivery: z
      .strictObject({
        max_attempts: z.number().int().min(1).max(50).default(8).meta({ description: 'Attempts before a delivery is dead (Default: 8)' }),
        retry_after: wallDuration.prefault('2s').meta({ description: 'Wait after the first failure; doubles each time, with jitter (Default: 2s)' }),
        max_retry_after: wallDuration.prefault('10m').meta({ description: 'Longest wait between attempts (Default: 10m)' }),
        alert_after_failures: z
          .number()
          .int()
          .min(1)
          .default(3)
          .meta({ description: 'Failures in a row on one channel that raise an alert to the admins (Default: 3)' }),
        link_validity: wallDuration.prefault('7d').meta({ description: 'How long one-click links in messages work (Default: 7d)' }),
        stale_after: wallDuration
          .prefault('24h')
          .meta({ description: 'Messages about events older than this when Baton gets to them (after a long outage, imported history) are skipped; webhooks still carry every event (Default: 24h)' }),
      })
      .prefault({}),
  })
  .prefault({})
  .meta({ description: 'How Baton tells reps, managers and other systems about leads' });

export type NotificationsPolicy = z.output<typeof notificationsSchema>;
export type PersonPreferences = z.output<typeof personPreferences>;
export type QuietHours = z.output<typeof quietHoursSchema>;
export type WebhookEndpointPolicy = z.output<typeof webhookEndpoint>;
