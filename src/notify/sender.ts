/**
 * Sends claimed deliveries, a bounded number at a time, and records what happened in batches:
 * results that finish together share one transaction, so a burst of 70 e-mails costs a handful
 * of commits rather than 70. A record that cannot be written is retried; if the process dies
 * first, the deliveries' leases run out and they are sent again (receivers dedupe on the key).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { Senders, SendContext } from './channels/senders.js';
import type { ClaimedDelivery } from './delivery-store.js';
import { HealthMemo, recordAttempts, type FinishedAttempt, type RecordOptions } from './record-attempts.js';

export interface SenderOptions {
  db: Kysely<Database>;
  senders: Senders;
  sendContext: () => SendContext;
  recordOptions: () => Omit<RecordOptions, 'now'>;
  now: () => Date;
  concurrency: number;
  logger: Logger | false;
  /** After a batch is recorded: leads with new `notified` events, and whether alerts were queued. */
  onRecorded: (result: { notifiedLeads: string[]; alerts: number }) => void;
}

/**
 * Messages to people go first: a burst of webhooks (several per lead event) must not hold back
 * the rep's e-mail; nor a backlog of e-mail the webhooks (see nextKind).
 */
export class DeliverySender {
  private readonly people: ClaimedDelivery[] = [];
  private readonly webhooks: ClaimedDelivery[] = [];
  private readonly queued = new Set<string>();
  private inFlight = 0;
  private webhooksInFlight = 0;
  private finished: FinishedAttempt[] = [];
  private flushing: Promise<void> | undefined;
  private idle: (() => void) | undefined;
  private readonly memo = new HealthMemo();

  constructor(private readonly options: SenderOptions) {}

  /**
   * Room for more claims: deliveries are claimed only as fast as they can be sent. People and
   * webhooks are counted apart, so a webhook backlog never stops the rep's messages being claimed.
   */
  capacity(kind: 'people' | 'webhooks'): number {
    const c = this.options.concurrency;
    if (kind === 'people') return Math.max(0, c * 2 - this.people.length - (this.inFlight - this.webhooksInFlight));
    return Math.max(0, c * 8 - this.webhooks.length - this.webhooksInFlight);
  }

  enqueue(deliveries: readonly ClaimedDelivery[]): void {
    for (const delivery of deliveries) {
      if (this.queued.has(delivery.id)) continue;
      this.queued.add(delivery.id);
      (delivery.channel === 'webhook' ? this.webhooks : this.people).push(delivery);
    }
    this.pump();
  }

  /** Resolves when nothing is queued, in flight or waiting to be recorded. */
  async drain(): Promise<void> {
    while (this.waiting() > 0 || this.inFlight > 0 || this.finished.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await new Promise<void>((resolve) => (this.idle = resolve));
    }
  }

  private waiting(): number {
    return this.people.length + this.webhooks.length;
  }

  private next(): ClaimedDelivery | undefined {
    const kind = nextKind({
      slots: this.options.concurrency,
      peopleWaiting: this.people.length,
      webhooksWaiting: this.webhooks.length,
      peopleInFlight: this.inFlight - this.webhooksInFlight,
      webhooksInFlight: this.webhooksInFlight,
    });
    return kind === 'people' ? this.people.shift() : kind === 'webhook' ? this.webhooks.shift() : undefined;
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency) {
      const delivery = this.next();
      if (!delivery) return;
      const webhook = delivery.channel === 'webhook';
      this.inFlight += 1;
      if (webhook) this.webhooksInFlight += 1;
      void this.options.senders.send(delivery.content, delivery.idempotency_key, this.options.sendContext()).then((outcome) => {
        this.inFlight -= 1;
        if (webhook) this.webhooksInFlight -= 1;
        this.finished.push({ delivery, outcome, finishedAt: this.options.now() });
        this.scheduleFlush();
        this.pump();
      });
    }
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.finished;
    this.finished = [];
    try {
      let result: Awaited<ReturnType<typeof recordAttempts>> | undefined;
      for (let attempt = 1; !result; attempt++) {
        try {
          const started = performance.now();
          result = await recordAttempts(this.options.db, batch, { ...this.options.recordOptions(), now: this.options.now(), memo: this.memo });
          if (this.options.logger) this.options.logger.debug({ attempts: batch.length, ms: performance.now() - started, in_flight: this.inFlight }, 'sends recorded');
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
      this.options.onRecorded({ notifiedLeads: result.notifiedLeads, alerts: result.changes.length });
    } catch (error) {
      if (this.options.logger) this.options.logger.error({ err: error, deliveries: batch.length }, 'could not record sent notifications; they will be retried after their lease');
    } finally {
      for (const f of batch) this.queued.delete(f.delivery.id);
      this.flushing = undefined;
      if (this.finished.length > 0) this.scheduleFlush();
      else if (this.waiting() === 0 && this.inFlight === 0) {
        this.idle?.();
        this.idle = undefined;
      }
    }
  }
}

export interface SlotState {
  slots: number;
  peopleWaiting: number;
  webhooksWaiting: number;
  peopleInFlight: number;
  webhooksInFlight: number;
}

/**
 * Which kind of delivery takes the next free slot. People first, but not every slot: while
 * webhooks wait, a quarter of the slots stay theirs. Without that, a backlog of e-mail (each
 * waiting in the SMTP pool for a free connection) held all the slots, and not one webhook went
 * out until the last mail had (bench/speed-to-lead.md). Webhooks never take more than three
 * quarters, so people always have room.
 */
export function nextKind(s: SlotState): 'people' | 'webhook' | undefined {
  if (s.peopleInFlight + s.webhooksInFlight >= s.slots) return undefined;
  const webhookMayGo = s.webhooksWaiting > 0 && s.webhooksInFlight < Math.max(1, Math.floor((s.slots * 3) / 4));
  const peopleSlots = webhookMayGo ? s.slots - Math.floor(s.slots / 4) : s.slots;
  if (s.peopleWaiting > 0 && s.peopleInFlight < peopleSlots) return 'people';
  return webhookMayGo ? 'webhook' : undefined;
}
