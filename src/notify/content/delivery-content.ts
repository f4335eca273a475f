/**
 * What a delivery row stores to send: the rendered message for its channel, with its addresses,
 * so a retry sends exactly what the first attempt did. Secrets are never stored here: webhooks
 * name their endpoint, whose URL and secret are looked up at send time.
 */
import type { Person } from '../people.js';
import type { PersonChannel } from '../../policy/sections/notifications.js';
import type { RenderedMessage } from './message-input.js';

export type DeliveryContent =
  | { channel: 'email'; to: string[]; subject: string; text: string; html: string }
  | { channel: 'slack'; user?: string; slack_channel?: string; text: string; blocks: unknown[] }
  | { channel: 'sms'; to: string[]; body: string }
  | { channel: 'webhook'; endpoint: string; type: string; body: string };

export function contentFor(channel: PersonChannel, person: Person, rendered: RenderedMessage): DeliveryContent {
  switch (channel) {
    case 'email':
      return { channel, to: person.emails, subject: rendered.subject, text: rendered.text, html: rendered.html };
    case 'slack':
      return {
        channel,
        ...(person.slackUser ? { user: person.slackUser } : {}),
        ...(person.slackChannel ? { slack_channel: person.slackChannel } : {}),
        text: rendered.slack.text,
        blocks: rendered.slack.blocks,
      };
    case 'sms':
      return { channel, to: person.phones, body: rendered.sms };
  }
}
