/**
 * Group commit for page views: requests add their events to a shared batch and wait for it to
 * commit. A batch is written as soon as a writer is free: with nothing in flight that is at
 * once (one commit of latency, no timer), and under load the events that arrive while
 * `maxInFlight` batches are being written form the next batch, so the batch size grows with
 * the load and no request waits longer than the writes ahead of it. The snippet's request is
 * answered only after its events are committed, so an acknowledged event survives a crash.
 *
 * Activity of visitors already known to be a lead is then stitched onto the lead in the
 * background (the answer does not wait for scoring).
 */
import type { Logger } from 'pino';
import type { IntakeDeps } from '../intake/context.js';
import { writeActivity, type NewActivity } from './activity-store.js';
import type { Stitcher } from './stitching.js';

export interface WriterOptions {
  /** Batches written at the same time, each on its own connection (Default: 2; BATON_TRACKING_WRITERS). */
  maxInFlight: number;
  /** Most events in one batch (Default: 1000; BATON_TRACKING_BATCH). */
  maxBatch: number;
}

interface Waiting {
  rows: NewActivity[];
  resolve(): void;
  reject(error: unknown): void;
}

export class ActivityWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
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
      this.queue.push({ rows, resolve, reject });
      // Requests parsed in the same turn of the event loop share a batch.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Waits for every write in flight and every stitch they started. */
  async close(): Promise<void> {
    this.pump();
    while (this.writes.size > 0 || this.queue.length > 0) {
      await Promise.allSettled([...this.writes]);
      this.pump();
    }
  }

  /** Starts batches while writers are free. */
  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch: Waiting[] = [];
      let size = 0;
      while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.rows.length <= this.options.maxBatch)) {
        const next = this.queue.shift()!;
        batch.push(next);
        size += next.rows.length;
      }
      this.inFlight++;
      const write = this.commit(batch).finally(() => {
        this.inFlight--;
        this.writes.delete(write);
        this.pump();
      });
      this.writes.add(write);
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const rows = batch.flatMap((w) => w.rows);
    try {
      const known = await withRetry(() => writeActivity(this.deps.db, rows, this.deps.clock.now()));
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

/** One statement needs no transaction, but a deadlock or serialization failure is still worth a retry. */
async function withRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}
