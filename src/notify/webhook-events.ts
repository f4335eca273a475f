/**
 * Outbound webhooks for every lead event. The event-log reader (src/store/event-tail.ts) hands
 * each committed event over once, in commit order, inside the transaction that moves its cursor;
 * this turns them into deliveries in that same transaction (never sending from inside it), one
 * per subscribed endpoint, already claimed by this process, which sends them after the commit.
 */
import { json } from '../store/database.js';
import type { TailEvent } from '../store/event-tail.js';
import { SENDING_LEASE_MS } from './delivery-store.js';
import type { NewDelivery } from './outbox-claim.js';
import { subscribes, type WebhookEndpoint } from './settings.js';

/** The reader's cursor name in event_cursors. */
export const WEBHOOK_READER = 'notify-webhooks';

/** `lead_created` → `lead.created`, `assigned` → `lead.assigned`. */
export function webhookType(eventType: string): string {
  return `lead.${eventType.replace(/^lead_/, '')}`;
}

/**
 * The log's event types these endpoints want, for the reader's filter; undefined when one takes
 * every type (`*`). Each `lead.X` may come from `lead_X` or `X` (see webhookType), so both are
 * asked for; webhookDeliveries still checks each event against each endpoint.
 */
export function subscribedEventTypes(endpoints: readonly Pick<WebhookEndpoint, 'events'>[]): string[] | undefined {
  const types = new Set<string>();
  for (const endpoint of endpoints) {
    for (const type of endpoint.events) {
      if (type === '*') return undefined;
      const name = type.replace(/^lead\./, '');
      types.add(name).add(`lead_${name}`);
    }
  }
  return [...types];
}

/** The Standard Webhooks body: `{type, timestamp, data}`. */
export function webhookBody(event: TailEvent): string {
  return JSON.stringify({
    type: webhookType(event.type),
    timestamp: new Date(event.occurred_at).toISOString(),
    data: {
      event_id: String(event.id),
      lead_id: event.lead_id,
      seq: event.seq,
      event: event.type,
      occurred_at: new Date(event.occurred_at).toISOString(),
      recorded_at: new Date(event.recorded_at).toISOString(),
      actor: event.actor,
      policy_version: event.policy_version,
      data: event.data,
    },
  });
}

export function webhookDeliveries(events: readonly TailEvent[], endpoints: readonly WebhookEndpoint[], now: Date): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const event of events) {
    const type = webhookType(event.type);
    for (const endpoint of endpoints) {
      if (!subscribes(endpoint, type)) continue;
      deliveries.push({
        idempotency_key: `ev${event.id}.${endpoint.id}`,
        channel: 'webhook',
        recipient: `webhook:${endpoint.id}`,
        lead_id: event.lead_id,
        message: type,
        outbox_id: null,
        event_id: String(event.id),
        content: json({ channel: 'webhook', endpoint: endpoint.id, type, body: webhookBody(event) }),
        status: 'sending',
        attempts: 1,
        due_at: new Date(now.getTime() + SENDING_LEASE_MS),
        created_at: now,
        updated_at: now,
      });
    }
  }
  return deliveries;
}
