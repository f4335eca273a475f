/**
 * Group commit for page views: requests add their events to a shared batch and wait; the batch
 * is written in one transaction (two statements) when it holds `maxBatch` events or `maxDelayMs`
 * after its first event, whichever comes first. The snippet's request is answered only after
 * its events are committed, so an acknowledged event survives a crash; the price is up to
 * `maxDelayMs` of extra latency per request, which a beacon never waits for anyway.
 *
 * Activity of visitors already known to be a lead is then stitched onto the lead in the
 * background (the answer does not wait for scoring).
 */
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import { inTransaction } from '../store/transaction.js';
import { writeActivity, type NewActivity } from './activity-store.js';
import type { Stitcher } from './stitching.js';

export interface WriterOptions {
  /** Longest an event waits for its batch to fill (Default: 20 ms; BATON_TRACKING_FLUSH_MS). */
  maxDelayMs: number;
  /** Events that make a batch write at once (Default: 1000). */
  maxBatch: number;
}

interface Waiting {
  rows: NewActivity[];
  resolve(): void;
  reject(error: unknown): void;
}

export class ActivityWriter {
  private batch: Waiting[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly deps: IntakeDeps,
    private readonly stitcher: Stitcher,
    private readonly options: WriterOptions,
    private readonly logger: Logger | false,
  ) {}

  /** Resolves once the rows are committed. */
  write(rows: NewActivity[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ rows, resolve, reject });
      this.size += rows.length;
      if (this.size >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  /** Writes what is waiting now (the timer's job; also on close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.size = 0;
    const write = this.commit(batch).finally(() => this.writes.delete(write));
    this.writes.add(write);
  }

  /** Writes what is waiting and waits for every write in flight. */
  async close(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.writes]);
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const rows = batch.flatMap((w) => w.rows);
    try {
      const known = await inTransaction(this.deps.db, (tx) => writeActivity(tx, rows, this.deps.clock.now()));
      for (const w of batch) w.resolve();
      for (const leadId of new Set(known.map((k) => k.lead_id))) {
        const stitch = this.stitcher.stitch(leadId).then(
          () => undefined,
          (error: unknown) => {
            // The sweeper retries: the rows stay unstitched.
            if (this.logger) this.logger.error({ err: error, leadId }, 'stitching visitor activity failed');
          },
        );
        // close() waits for stitches too, so none runs after the database has closed.
        this.writes.add(stitch);
        void stitch.finally(() => this.writes.delete(stitch));
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
