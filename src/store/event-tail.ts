/**
 * Follows the lead event log in commit order, once: each named reader (webhooks, metric read
 * models) keeps a cursor in `event_cursors` and handles the events after it in the same
 * transaction that moves the cursor, so a handler that writes to the database sees every event
 * exactly once, even with several Baton processes (one at a time per reader: an advisory lock).
 * A handler with effects outside the database should enqueue them (the outbox) rather than send.
 *
 * Only events of transactions older than every running transaction are read (see
 * migrations/001b-event-order.ts), so a slow transaction delays the readers but is never skipped.
 */
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Signals } from '../intake/signals.js';
import type { Database } from './database.js';
import type { Tx } from './transaction.js';

export interface TailEvent {
  id: string;
  lead_id: string;
  seq: number;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: string;
  policy_version: number;
  data: Record<string, unknown>;
}

export type TailHandler = (tx: Tx, events: readonly TailEvent[]) => Promise<void>;

/**
 * The event types a reader handles, or undefined for all of them; a function is asked in the
 * batch's transaction (webhooks: what the endpoints subscribe to right now).
 */
export type TailTypes = readonly string[] | ((tx: Tx) => Promise<readonly string[] | undefined>);

interface TailRow extends Omit<TailEvent, 'occurred_at' | 'recorded_at'> {
  tx: string;
  wanted: boolean;
  occurred_ms: number | null;
  recorded_ms: number | null;
}

/**
 * Handles the next batch after the reader's cursor; returns how many events it passed over, the
 * ones of other types included (a full batch means there may be more).
 */
export async function tailOnce(
  db: Kysely<Database>,
  name: string,
  handler: TailHandler,
  batchSize: number,
  now: Date,
  types?: TailTypes,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    // One process per reader at a time: a transaction-level advisory lock, not a row lock on the
    // cursor. A row lock gives the transaction an id at once, and every reader's view stops at
    // the oldest running transaction id: a reader that locked its row at the start held the
    // other readers back for its whole batch (metrics behind webhooks, and webhooks behind
    // metrics; bench/speed-to-lead.md). Now the id comes with the batch's first write.
    const locked = await sql<{ ok: boolean; tx: string | null; last_id: string | null }>`
      select l.ok, c.tx::text as tx, c.last_id::text as last_id
      from (select pg_try_advisory_xact_lock(${readerLockKey(name)}) as ok) l
      left join event_cursors c on l.ok and c.name = ${name}
    `.execute(tx);
    const head = locked.rows[0];
    if (!head?.ok) return 0; // another process is reading for this reader right now
    const cursor = { tx: head.tx ?? '0', last_id: head.last_id ?? '0' };
    if (head.tx === null) await tx.insertInto('event_cursors').values({ name, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const wanted = typeof types === 'function' ? await types(tx) : types;
    // Events of other types come back as their position only: the cursor passes them, and neither
    // side spends time on their data (a metrics reader skips every activity_recorded). Times come
    // as epoch milliseconds: a number parses far faster than PostgreSQL's timestamp text.
    const rows = await sql<TailRow>`
      select e.id::text as id, e.tx::text as tx, e.type, w.wanted,
        case when w.wanted then e.lead_id end as lead_id, case when w.wanted then e.seq end as seq,
        case when w.wanted then (extract(epoch from e.occurred_at) * 1000)::float8 end as occurred_ms,
        case when w.wanted then (extract(epoch from e.recorded_at) * 1000)::float8 end as recorded_ms,
        case when w.wanted then e.actor end as actor, case when w.wanted then e.policy_version end as policy_version,
        case when w.wanted then e.data end as data
      from lead_events e
      cross join lateral (select ${wanted ?? null}::text[] is null or e.type = any(${wanted ?? null}::text[]) as wanted) w
      where (e.tx, e.id) > (${cursor.tx}::xid8, ${cursor.last_id}::bigint)
        and e.tx < pg_snapshot_xmin(pg_current_snapshot())
      order by e.tx, e.id
      limit ${batchSize}
    `.execute(tx);
    if (rows.rows.length === 0) return 0;
    const events: TailEvent[] = [];
    for (const { tx: _tx, wanted: isWanted, occurred_ms, recorded_ms, ...event } of rows.rows) {
      if (isWanted) events.push({ ...event, occurred_at: new Date(occurred_ms!), recorded_at: new Date(recorded_ms!) });
    }
    if (events.length > 0) await handler(tx, events);
    const last = rows.rows[rows.rows.length - 1]!;
    await tx.updateTable('event_cursors').set({ tx: last.tx, last_id: last.id, updated_at: now }).where('name', '=', name).execute();
    return rows.rows.length;
  });
}

const readerLockKey = (name: string) => sql`hashtext('baton.event_cursor'), hashtext(${name})`;

/**
 * Takes the reader's lock in `tx`, waiting for a batch in progress to commit; until `tx` ends no
 * batch runs for this reader. For work on a reader's cursor and what it feeds (a reset, a wait).
 */
export async function lockReader(tx: Tx, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${readerLockKey(name)})`.execute(tx);
}

export interface EventTailOptions {
  db: Kysely<Database>;
  /** The reader's name: its cursor. */
  name: string;
  handler: TailHandler;
  /** The event types it handles (Default: all). */
  types?: TailTypes;
  signals?: Signals;
  now?: () => Date;
  batchSize?: number;
  /** Longest wait between looks when no signal comes (other processes' writes) (Default: 1 s). */
  idleMs?: number;
  /**
   * Shortest time between two looks (Default: 0). Intake signals after every commit; a reader
   * that need not be instant reads what came in meanwhile as one batch, not one round per lead.
   */
  minGapMs?: number;
  logger?: Logger | false;
}

/** Runs a reader until stopped: drains on each signal, and looks again every idleMs. */
export function startEventTail(options: EventTailOptions): { stop(): Promise<void>; drain(): Promise<void> } {
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 1_000;
  const minGapMs = options.minGapMs ?? 0;
  const now = options.now ?? (() => new Date());
  let stopped = false;
  let wake: (() => void) | undefined;
  let running: Promise<void> = Promise.resolve();
  let failures = 0;

  const drain = async (): Promise<void> => {
    while (!stopped && (await tailOnce(options.db, options.name, options.handler, batchSize, now(), options.types)) === batchSize) {
      // a full batch: there may be more
    }
  };
  const onSignal = () => wake?.();
  options.signals?.on('leads', onSignal);

  const loop = async () => {
    let lastStart = 0;
    while (!stopped) {
      const gap = lastStart + minGapMs - performance.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      lastStart = performance.now();
      try {
        await drain();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (options.logger) options.logger.error({ err: error, reader: options.name }, 'event reader failed; retrying');
      }
      if (stopped) break;
      const wait = failures > 0 ? Math.min(30_000, 500 * 2 ** failures) : idleMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };
  running = loop();

  return {
    drain: async () => {
      await drain();
    },
    stop: async () => {
      stopped = true;
      options.signals?.off('leads', onSignal);
      wake?.();
      await running;
    },
  };
}
