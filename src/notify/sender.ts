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
import { recordAttempts, type FinishedAttempt, type RecordOptions } from './record-attempts.js';

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

export class DeliverySender {
  private readonly queue: ClaimedDelivery[] = [];
  private readonly queued = new Set<string>();
  private inFlight = 0;
  private finished: FinishedAttempt[] = [];
  private flushing: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  constructor(private readonly options: SenderOptions) {}

  /** Room for more claims: deliveries are claimed only as fast as they can be sent. */
  capacity(): number {
    return Math.max(0, this.options.concurrency * 2 - this.inFlight - this.queue.length);
  }

  enqueue(deliveries: readonly ClaimedDelivery[]): void {
    for (const delivery of deliveries) {
      if (this.queued.has(delivery.id)) continue;
      this.queued.add(delivery.id);
      this.queue.push(delivery);
    }
    this.pump();
  }

  /** Resolves when nothing is queued, in flight or waiting to be recorded. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0 || this.finished.length > 0 || this.flushing) {
      if (this.flushing) await this.flushing;
      else await new Promise<void>((resolve) => (this.idle = resolve));
    }
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.inFlight += 1;
      void this.options.senders.send(delivery.content, delivery.idempotency_key, this.options.sendContext()).then((outcome) => {
        this.inFlight -= 1;
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
          result = await recordAttempts(this.options.db, batch, { ...this.options.recordOptions(), now: this.options.now() });
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
      else if (this.queue.length === 0 && this.inFlight === 0) {
        this.idle?.();
        this.idle = undefined;
      }
    }
  }
}
