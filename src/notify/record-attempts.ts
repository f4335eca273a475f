/**
 * What a batch of finished sends changes, in one transaction: each delivery's status (sent,
 * retry at a time, dead), a `notified` event on the lead for each message that reached a person,
 * the channels' health, and an alert to the admins when a channel starts or stops failing.
 */
import type { Kysely } from 'kysely';
import { json, type Database } from '../store/database.js';
import { inTransaction } from '../store/transaction.js';
import type { DeliveryContent } from './content/delivery-content.js';
import { appendNotifiedEvents, applyDeliveryUpdates, type ClaimedDelivery, type DeliveryUpdate, type NotifiedItem } from './delivery-store.js';
import { applyHealth, type HealthChange } from './health-store.js';
import { afterAttempt, type AttemptOutcome, type RetryPolicy } from './retry.js';

export interface FinishedAttempt {
  delivery: ClaimedDelivery;
  outcome: AttemptOutcome;
  finishedAt: Date;
}

/** The health record a delivery counts towards: its channel, or its webhook endpoint. */
export function healthKey(content: DeliveryContent): string {
  return content.channel === 'webhook' ? `webhook:${content.endpoint}` : content.channel;
}

export interface RecordOptions {
  retry: RetryPolicy;
  alertAfterFailures: number;
  now: Date;
  random?: () => number;
  /** This process's memory of healthy channels, to skip rewriting "still fine" on every batch. */
  memo?: HealthMemo;
}

/**
 * Channels this process recorded as healthy in the last second. A batch of nothing but successes
 * on such a channel changes nothing worth a write (only last_success_at, kept to the second), so
 * steady traffic costs no health writes; any failure is always written.
 */
export class HealthMemo {
  private readonly okAt = new Map<string, number>();
  constructor(private readonly windowMs = 1_000) {}

  canSkip(channel: string, outcomes: readonly AttemptOutcome[], nowMs: number): boolean {
    const at = this.okAt.get(channel);
    return at !== undefined && nowMs - at < this.windowMs && outcomes.every((o) => o.ok);
  }

  note(change: HealthChange, nowMs: number): void {
    if (!change.health.failing && change.health.consecutiveFailures === 0) this.okAt.set(change.channel, nowMs);
    else this.okAt.delete(change.channel);
  }
}

export async function recordAttempts(
  db: Kysely<Database>,
  finished: readonly FinishedAttempt[],
  options: RecordOptions,
): Promise<{ notifiedLeads: string[]; changes: HealthChange[] }> {
  const updates: DeliveryUpdate[] = [];
  const notified: NotifiedItem[] = [];
  const outcomes = new Map<string, AttemptOutcome[]>();
  finished.forEach(({ delivery, outcome, finishedAt }, order) => {
    const next = afterAttempt(outcome, delivery.attempts, options.retry, options.now, options.random);
    updates.push({
      id: delivery.id,
      status: next.status,
      dueAt: next.status === 'failed' ? next.dueAt : options.now,
      error: outcome.ok ? null : outcome.error,
      sentAt: outcome.ok ? finishedAt : null,
    });
    const key = healthKey(delivery.content);
    outcomes.set(key, [...(outcomes.get(key) ?? []), outcome]);
    if (outcome.ok && delivery.lead_id && delivery.outbox_id && delivery.channel !== 'webhook') {
      notified.push({
        leadId: delivery.lead_id,
        order,
        deliveredAt: finishedAt,
        data: { channel: delivery.channel, recipient: delivery.recipient, message: delivery.message, delivered_at: finishedAt.toISOString() },
      });
    }
  });
  const changes = await inTransaction(db, async (tx) => {
    await applyDeliveryUpdates(tx, updates, options.now);
    await appendNotifiedEvents(tx, notified, options.now);
    const nowMs = Date.now();
    const toWrite = new Map([...outcomes].filter(([channel, list]) => !options.memo?.canSkip(channel, list, nowMs)));
    const states = await applyHealth(tx, toWrite, options.alertAfterFailures, options.now);
    for (const state of states) options.memo?.note(state, nowMs);
    const health = states.filter((s): s is HealthChange & { alert: 'failing' | 'recovered' } => s.alert !== undefined);
    if (health.length > 0) {
      await tx
        .insertInto('outbox')
        .values(
          health.map((change) => ({
            lead_id: null,
            kind: 'alert',
            payload: json({
              lead_id: null,
              message: change.alert === 'failing' ? 'integration_failing' : 'integration_recovered',
              recipients: ['admins'],
              channel: change.channel,
              failures: change.health.consecutiveFailures,
              ...(change.health.lastError ? { error: change.health.lastError } : {}),
            }),
            status: 'pending',
            attempts: 0,
            available_at: options.now,
            created_at: options.now,
          })),
        )
        .execute();
    }
    return health;
  });
  return { notifiedLeads: [...new Set(notified.map((n) => n.leadId))], changes };
}
