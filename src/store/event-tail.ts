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

/** A row of the tail's statement: an event of the reader's types (none: id null), and where the view ends. */
interface TailRow extends Omit<TailEvent, 'id' | 'occurred_at' | 'recorded_at'> {
  id: string | null;
  tx: string;
  occurred_ms: number;
  recorded_ms: number;
  /** The oldest running transaction: every event before it is committed or gone. */
  horizon: string;
  /** Whether any event after the cursor lies before the horizon. */
  pending: boolean;
  /** Whether committed events lie at or past the horizon, waiting for an older transaction. */
  held_back: boolean;
}

/**
 * Handles the next batch of the reader's types after its cursor; returns how many events it
 * handled (a full batch means there may be more).
 */
export async function tailOnce(
  db: Kysely<Database>,
  name: string,
  handler: TailHandler,
  batchSize: number,
  now: Date,
  types?: TailTypes,
): Promise<number> {
  return (await tailBatch(db, name, handler, batchSize, now, types)).handled;
}

/**
 * As tailOnce; also says whether committed events wait beyond the view's end (an older
 * transaction still runs), so a running reader looks again soon rather than at its next signal.
 */
async function tailBatch(
  db: Kysely<Database>,
  name: string,
  handler: TailHandler,
  batchSize: number,
  now: Date,
  types?: TailTypes,
): Promise<{ handled: number; heldBack: boolean }> {
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
    if (!head?.ok) return { handled: 0, heldBack: false }; // another process is reading for this reader right now
    const cursor = { tx: head.tx ?? '0', last_id: head.last_id ?? '0' };
    if (head.tx === null) await tx.insertInto('event_cursors').values({ name, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const wanted = typeof types === 'function' ? await types(tx) : types;
    const after = sql`(e.tx, e.id) > (${cursor.tx}::xid8, ${cursor.last_id}::bigint)`;
    // One statement, so one snapshot: the events of the reader's types, and where the view ends
    // (the oldest running transaction). Events of other types are not read at all: when the batch
    // is not full, the cursor moves to the view's end, past them (a metrics reader skips every
    // activity_recorded; a webhook reader with no endpoint, everything). Times come as epoch
    // milliseconds: a number parses far faster than PostgreSQL's timestamp text.
    const result = await sql<TailRow>`
      with h as materialized (
        -- Anything new in view: the first event after the cursor (one index probe) is before the end.
        select v.horizon, coalesce((select e.tx from lead_events e where ${after} order by e.tx, e.id limit 1) < v.horizon, false) as pending,
          exists (select 1 from lead_events e where e.tx >= v.horizon) as held_back
        from (select pg_snapshot_xmin(pg_current_snapshot()) as horizon) v),
      picked as (
        select e.* from lead_events e
        where ${after} and e.tx < (select horizon from h)
          -- array_position, not "type = any(…)", which could send the planner to the
          -- (type, occurred_at) index and every event of those types in the log.
          and (${wanted ?? null}::text[] is null or array_position(${wanted ?? null}::text[], e.type) is not null)
        order by e.tx, e.id
        limit ${batchSize})
      select h.horizon::text as horizon, h.pending, h.held_back, p.id::text as id, p.tx::text as tx, p.type, p.lead_id, p.seq,
        (extract(epoch from p.occurred_at) * 1000)::float8 as occurred_ms, (extract(epoch from p.recorded_at) * 1000)::float8 as recorded_ms,
        p.actor, p.policy_version, p.data
      from h left join picked p on true
      order by p.tx, p.id
    `.execute(tx);
    const end = result.rows[0]!;
    const heldBack = end.held_back;
    if (!end.pending) return { handled: 0, heldBack }; // nothing new: no write, so no transaction id that holds others back
    const picked = result.rows.filter((row) => row.id !== null);
    const events = picked.map(({ id, tx: _tx, occurred_ms, recorded_ms, horizon: _h, pending: _p, held_back: _b, ...event }) => ({
      ...event,
      id: id!,
      occurred_at: new Date(occurred_ms),
      recorded_at: new Date(recorded_ms),
    }));
    if (events.length > 0) await handler(tx, events);
    // A full batch may stop short of the view's end; otherwise every event before it was seen.
    const last = picked[picked.length - 1];
    const next = picked.length === batchSize && last ? { tx: last.tx, last_id: last.id! } : { tx: end.horizon, last_id: '0' };
    await tx.updateTable('event_cursors').set({ ...next, updated_at: now }).where('name', '=', name).execute();
    return { handled: picked.length, heldBack };
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

/** How soon a reader looks again when committed events wait for an older transaction. */
const HELD_BACK_RETRY_MS = 50;

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

  /** Reads until the view's end; true when committed events still wait beyond it. */
  const drain = async (): Promise<boolean> => {
    for (;;) {
      const { handled, heldBack } = await tailBatch(options.db, options.name, options.handler, batchSize, now(), options.types);
      if (stopped || handled < batchSize) return heldBack; // a full batch: there may be more
    }
  };
  const onSignal = () => wake?.();
  options.signals?.on('leads', onSignal);

  const loop = async () => {
    let lastStart = 0;
    let heldBack = false;
    while (!stopped) {
      const gap = lastStart + minGapMs - performance.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      lastStart = performance.now();
      try {
        heldBack = await drain();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (options.logger) options.logger.error({ err: error, reader: options.name }, 'event reader failed; retrying');
      }
      if (stopped) break;
      // Events that committed behind an older, still running transaction: their signal has come
      // and gone, so look again soon.
      const wait = failures > 0 ? Math.min(30_000, 500 * 2 ** failures) : heldBack ? HELD_BACK_RETRY_MS : idleMs;
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
