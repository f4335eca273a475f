/**
 * Sending one delivery on its channel. Each sender returns an outcome instead of throwing: a
 * failure is data the retry policy and channel health act on. Every send carries the delivery's
 * idempotency key (Message-ID, webhook-id, Idempotency-Key), so a receiver can drop the repeat
 * that follows a crash between sending and recording.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryContent } from '../content/delivery-content.js';
import type { AttemptOutcome } from '../retry.js';
import { CAPTURE_SMTP, type ChannelSettings, type WebhookEndpoint } from '../settings.js';
import type { PostAnswer } from './http-post.js';
import { SendThread } from './send-thread.js';
import { describe } from './send-common.js';
import { sendMail } from './smtp.js';
import { signWebhook } from './webhook-signature.js';

export interface SendContext {
  settings: ChannelSettings;
  /** The endpoint a webhook delivery names (policy or API), with its secret. */
  endpoint(id: string): Promise<WebhookEndpoint | undefined>;
}

type Post = (url: string, body: string, headers: Record<string, string>) => Promise<PostAnswer>;

export class Senders {
  /** The demo's capture transport (renders, keeps nothing); real SMTP and HTTP go through the send thread. */
  private capture: Transporter | undefined;
  private readonly thread: SendThread;
  private readonly post: Post;

  /** `smtpConnections`: the SMTP pool's size. A message holds its connection for two round trips, so the pool bounds mail throughput. */
  constructor(options: { smtpConnections: number } = { smtpConnections: 16 }) {
    this.thread = new SendThread(options.smtpConnections);
    this.post = (url, body, headers) => this.thread.post(url, body, headers);
  }

  async send(content: DeliveryContent, key: string, ctx: SendContext): Promise<AttemptOutcome> {
    try {
      switch (content.channel) {
        case 'email':
          return await this.email(content, key, ctx);
        case 'slack':
          return await slack(this.post, content, key, ctx);
        case 'sms':
          return await sms(this.post, content, key, ctx);
        case 'webhook':
          return await webhook(this.post, content, key, ctx);
      }
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  }

  private async email(content: Extract<DeliveryContent, { channel: 'email' }>, key: string, ctx: SendContext): Promise<AttemptOutcome> {
    const settings = ctx.settings.email;
    if (!settings) return { ok: false, error: 'e-mail is not configured (notifications.email and its SMTP URL)' };
    const message = { from: settings.from, to: content.to, subject: content.subject, text: content.text, html: content.html, key };
    if (settings.smtpUrl === CAPTURE_SMTP) await sendMail((this.capture ??= nodemailer.createTransport({ jsonTransport: true })), message);
    else await this.thread.mail(settings.smtpUrl, message);
    return { ok: true };
  }

  async close(): Promise<void> {
    this.capture?.close();
    this.capture = undefined;
    await this.thread.close();
  }
}

async function slack(post: Post, content: Extract<DeliveryContent, { channel: 'slack' }>, key: string, ctx: SendContext): Promise<AttemptOutcome> {
  const settings = ctx.settings.slack;
  if (!settings) return { ok: false, error: 'Slack is not configured (notifications.slack and its token or webhook URL)' };
  const target = content.user ?? content.slack_channel;
  if (settings.botToken && target) {
    const res = await post(`${settings.apiUrl.replace(/\/$/, '')}/chat.postMessage`, JSON.stringify({ channel: target, text: content.text, blocks: content.blocks }), {
      'content-type': 'application/json; charset=utf-8',
      authorization: `Bearer ${settings.botToken}`,
      'idempotency-key': key,
    });
    if (!res.ok) return { ok: false, error: `Slack chat.postMessage answered ${res.status}: ${res.body.slice(0, 200)}` };
    const answer = safeJson(res.body) as { ok?: boolean; error?: string } | undefined;
    return answer?.ok ? { ok: true } : { ok: false, error: `Slack chat.postMessage refused: ${answer?.error ?? res.body.slice(0, 200)}` };
  }
  if (!settings.webhookUrl) return { ok: false, error: 'Slack has a bot token but no member id for this person, and no incoming webhook' };
  // An incoming webhook posts to its own channel: mention the person so Slack notifies them.
  const mention = content.user ? [{ type: 'section', text: { type: 'mrkdwn', text: `<@${content.user}>` } }] : [];
  const res = await post(settings.webhookUrl, JSON.stringify({ text: `${content.user ? `<@${content.user}> ` : ''}${content.text}`, blocks: [...mention, ...content.blocks] }), {
    'content-type': 'application/json',
    'idempotency-key': key,
  });
  return res.ok ? { ok: true } : { ok: false, error: `Slack webhook answered ${res.status}: ${res.body.slice(0, 200)}` };
}

async function sms(post: Post, content: Extract<DeliveryContent, { channel: 'sms' }>, key: string, ctx: SendContext): Promise<AttemptOutcome> {
  const settings = ctx.settings.sms;
  if (!settings) return { ok: false, error: 'SMS is not configured (notifications.sms and its account SID and token)' };
  const url = `${settings.apiUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64');
  for (const [i, to] of content.to.entries()) {
    const body = new URLSearchParams({ To: to, From: settings.from, Body: content.body }).toString();
    const res = await post(url, body, { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${auth}`, 'idempotency-key': `${key}:${i}` });
    if (!res.ok) return { ok: false, error: `SMS API answered ${res.status}: ${res.body.slice(0, 200)}` };
  }
  return { ok: true };
}

async function webhook(post: Post, content: Extract<DeliveryContent, { channel: 'webhook' }>, key: string, ctx: SendContext): Promise<AttemptOutcome> {
  const endpoint = await ctx.endpoint(content.endpoint);
  if (!endpoint) return { ok: false, error: `webhook endpoint "${content.endpoint}" no longer exists or has no URL and secret` };
  // Wall-clock time, not the injected clock: the receiver checks it against its own clock (replay window).
  const timestamp = new Date();
  const signature = signWebhook(endpoint.secret, key, timestamp, content.body);
  const res = await post(endpoint.url, content.body, {
    'content-type': 'application/json',
    'webhook-id': key,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  });
  return res.ok ? { ok: true } : { ok: false, error: `${endpoint.url} answered ${res.status}: ${res.body.slice(0, 200)}` };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
