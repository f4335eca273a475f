/** The notification tables (migration 003-notify), as Kysely types. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';
export type DeliveryChannel = 'email' | 'slack' | 'sms' | 'webhook';

/**
 * One message to one recipient on one channel. `idempotency_key` is unique: fanning the same
 * outbox row or lead event out twice creates nothing new, and the key travels with the message
 * (Message-ID, webhook-id, Idempotency-Key) so a receiver can drop a repeat after a crash.
 */
export interface NotifyDeliveryTable {
  id: Generated<string>;
  idempotency_key: string;
  channel: DeliveryChannel;
  /** Rep id, `manager:<id>`, `admins` or `webhook:<endpoint>`. */
  recipient: string;
  lead_id: string | null;
  /** What it says: assigned, reminder, breached… (outbox messages) or the event type (webhooks). */
  message: string;
  outbox_id: string | null;
  event_id: string | null;
  /** The rendered message, ready to send (channel-specific; see content/). */
  content: Json<unknown>;
  status: DeliveryStatus;
  /** Sends started, counting the one in flight. */
  attempts: number;
  last_error: string | null;
  /** pending/failed: when to try next; sending: when the lease runs out and another process may retry. */
  due_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}

/** Consecutive failures per channel (`email`, `slack`, `sms`, `webhook:<endpoint>`). */
export interface NotifyChannelHealthTable {
  channel: string;
  consecutive_failures: number;
  failing: boolean;
  last_success_at: Timestamp | null;
  last_failure_at: Timestamp | null;
  last_error: string | null;
  updated_at: Timestamp;
}

/** A rep's preferences set through the API; they override the policy's. */
export interface NotifyPreferenceTable {
  rep: string;
  channels: Json<string[]>;
  quiet_hours: Json<{ from: string; to: string } | null>;
  slack_user: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

/** Webhook endpoints added by admins through the API (the policy's are in the policy). */
export interface NotifyWebhookEndpointTable {
  id: string;
  url: string;
  secret: string;
  events: Json<string[]>;
  description: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface NotifyTables {
  notify_deliveries: NotifyDeliveryTable;
  notify_channel_health: NotifyChannelHealthTable;
  notify_preferences: NotifyPreferenceTable;
  notify_webhook_endpoints: NotifyWebhookEndpointTable;
}
