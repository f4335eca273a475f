/**
 * Keeps the metrics read model (src/metrics/tables.ts) up to date by following the lead event
 * log with the foundation's event tail: each batch is folded through `applyEvent` and written in
 * the transaction that moves the cursor, so every event counts exactly once even with several
 * Baton processes. Why a read model and not queries over lead_events: see docs/metrics.md.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Logger } from 'pino';
import { repCalendar } from '../../domain/routing/eligibility.js';
import { businessMsBetween } from '../../domain/calendar/index.js';
import type { Signals } from '../../intake/signals.js';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { lockReader, startEventTail, tailOnce, type TailHandler } from '../../store/event-tail.js';
import type { Tx } from '../../store/transaction.js';
import { applyEvent, blankLead, PROJECTED_EVENT_TYPES, newLeadProjection, withStageTimes, type LeadProjection, type ProjectionEnv } from './projection.js';
import { writeClocks, writeHandoffs } from './rollup-writes.js';

/** The cursor's name; a new version of the fold gets a new name, and the tables are rebuilt. */
export const READ_MODEL = 'metrics.read-model.v2';
const TABLES = ['metrics_leads', 'metrics_handoffs', 'metrics_clocks', 'metrics_daily_leads', 'metrics_rollup', 'metrics_rollup_hist'] as const;
/** Events per transaction when catching up (Default 2,000: ~2,000 rows written per table at most). */
const BATCH = 2_000;
/** Rows per insert statement: PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

export function projectionEnv(policy: Policy): ProjectionEnv {
  return {
    teamOf: (rep) => policy.reps[rep]?.team ?? null,
    businessMs: (rep, from, to) => businessMsBetween(repCalendar(policy, rep), from, to),
  };
}

export function projectorHandler(policy: () => Policy): TailHandler {
  return async (tx, events) => {
    const env = projectionEnv(policy());
    const leads = await loadProjections(tx, [...new Set(events.map((e) => e.lead_id))]);
    for (const event of events) {
      let p = leads.get(event.lead_id);
      if (!p) {
        p = newLeadProjection(blankLead(event.lead_id, event.occurred_at));
        p.touched.lead = true;
        leads.set(event.lead_id, p);
      }
      applyEvent(p, event, env);
    }
    await writeProjections(tx, [...leads.values()]);
  };
}

async function loadProjections(tx: Tx, ids: string[]): Promise<Map<string, LeadProjection>> {
  const result = new Map<string, LeadProjection>();
  if (ids.length === 0) return result;
  const [leads, handoffs, clocks] = await Promise.all([
    tx.selectFrom('metrics_leads').selectAll().where('lead_id', 'in', ids).execute(),
    tx
      .selectFrom('metrics_handoffs as h')
      .innerJoin('metrics_leads as l', (j) => j.onRef('l.lead_id', '=', 'h.lead_id').onRef('l.episodes', '=', 'h.episode'))
      .selectAll('h')
      .where('l.lead_id', 'in', ids)
      .execute(),
    tx.selectFrom('metrics_clocks').selectAll().where('lead_id', 'in', ids).where('stopped_at', 'is', null).execute(),
  ]);
  const handoffOf = new Map(handoffs.map((h) => [h.lead_id, h]));
  const clocksOf = new Map<string, typeof clocks>();
  for (const c of clocks) clocksOf.set(c.lead_id, [...(clocksOf.get(c.lead_id) ?? []), c]);
  for (const lead of leads) result.set(lead.lead_id, newLeadProjection(lead, handoffOf.get(lead.lead_id), clocksOf.get(lead.lead_id)));
  return result;
}

async function writeProjections(tx: Tx, projections: LeadProjection[]): Promise<void> {
  const leads = projections.filter((p) => p.touched.lead).map((p) => p.lead);
  const handoffs = projections.flatMap((p) => [...p.touched.handoffs].map((e) => withStageTimes(p.handoffs.get(e)!)));
  const clocks = projections.flatMap((p) => [...p.touched.clocks].map((k) => p.clocks.get(k)!));
  const created = new Map<string, { day: string; source: string; created: number }>();
  for (const p of projections) {
    if (!p.created) continue;
    const key = `${p.created.day}|${p.created.source}`;
    const row = created.get(key) ?? { ...p.created, created: 0 };
    row.created += 1;
    created.set(key, row);
  }
  await upsert(tx, 'metrics_leads', leads, ['lead_id']);
  await writeHandoffs(tx, handoffs);
  await writeClocks(tx, clocks);
  await upsert(tx, 'metrics_daily_leads', [...created.values()], ['day', 'source'], (column) => sql`${sql.ref(`metrics_daily_leads.${column}`)} + excluded.${sql.ref(column)}`);
}

/** insert … on conflict (keys) do update: every other column takes the new value (or `merge`'s). */
async function upsert<T extends object>(
  tx: Tx,
  table: (typeof TABLES)[number],
  rows: readonly T[],
  keys: readonly string[],
  merge?: (column: string) => RawBuilder<unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const others = columns.filter((c) => !keys.includes(c));
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = chunk.map((row) => sql`(${sql.join(columns.map((c) => (row as Record<string, unknown>)[c]))})`);
    const set = others.map((c) => sql`${sql.ref(c)} = ${merge ? merge(c) : sql`excluded.${sql.ref(c)}`}`);
    await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      values ${sql.join(values)}
      on conflict (${sql.join(keys.map((k) => sql.ref(k)))}) do update set ${sql.join(set)}
    `.execute(tx);
  }
}

/**
 * Claims the read model for this version of the fold: the first process to see the version
 * creates its cursor and empties the tables in one transaction (others wait on the reader's lock).
 */
export async function ensureReadModel(db: Kysely<Database>, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockReader(tx, READ_MODEL);
    const claimed = await tx
      .insertInto('event_cursors')
      .values({ name: READ_MODEL, updated_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('name')
      .executeTakeFirst();
    if (claimed) for (const table of TABLES) await sql`delete from ${sql.table(table)}`.execute(tx);
  });
}

/** Empties the read model and its cursor; the next catch-up replays the whole log. */
export async function resetReadModel(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockReader(tx, READ_MODEL); // no batch of the projector runs across the reset
    await tx.deleteFrom('event_cursors').where('name', '=', READ_MODEL).execute();
    for (const table of TABLES) await sql`delete from ${sql.table(table)}`.execute(tx);
  });
}

export interface CatchUpOptions {
  now?: () => Date;
  /** Stop after this many batches (an API request should not replay a whole log) (Default: no limit). */
  maxBatches?: number;
  batchSize?: number;
  onBatch?: (events: number) => void;
}

/**
 * Brings the read model up to the end of the committed log, here and now: what an API request
 * does before it reads, so numbers are exact right after a write. When a worker holds the cursor,
 * waits for its batch to commit and goes on from there. Returns false when it stopped early.
 */
export async function catchUp(db: Kysely<Database>, policy: () => Policy, options: CatchUpOptions = {}): Promise<boolean> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? BATCH;
  const handler = projectorHandler(policy);
  const cursor = await db.selectFrom('event_cursors').select('name').where('name', '=', READ_MODEL).executeTakeFirst();
  if (!cursor) await ensureReadModel(db, now());
  let batches = 0;
  for (let round = 0; round < 2; round++) {
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) return false;
      const handled = await tailOnce(db, READ_MODEL, handler, batchSize, now(), PROJECTED_EVENT_TYPES);
      batches += 1;
      if (handled > 0) options.onBatch?.(handled);
      if (handled < batchSize) break;
    }
    // A zero may mean another reader holds the cursor: wait for its batch to commit, then look again.
    if (round === 0) await db.transaction().execute((tx) => lockReader(tx, READ_MODEL));
  }
  return true;
}

/** Events of the types it reads after the read model's cursor (for progress bars). */
export async function eventsBehind(db: Kysely<Database>): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from lead_events e, event_cursors c
    where c.name = ${READ_MODEL} and (e.tx, e.id) > (c.tx, c.last_id) and e.type = any(${PROJECTED_EVENT_TYPES}::text[])
  `.execute(db);
  return row.rows[0]?.n ?? 0;
}

export interface ProjectorWorker {
  stop(): Promise<void>;
  drain(): Promise<void>;
}

/** The background reader: follows the log as intake and the hand-off commit events. */
export async function startProjector(options: {
  db: Kysely<Database>;
  policy: () => Policy;
  signals?: Signals;
  logger?: Logger | false;
  now?: () => Date;
}): Promise<ProjectorWorker> {
  await ensureReadModel(options.db, (options.now ?? (() => new Date()))());
  return startEventTail({
    db: options.db,
    name: READ_MODEL,
    handler: projectorHandler(options.policy),
    types: PROJECTED_EVENT_TYPES,
    batchSize: BATCH,
    // Reports need not be up to the millisecond: under load, read the log in batches of a tenth of a second.
    minGapMs: 100,
    ...(options.signals ? { signals: options.signals } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}
