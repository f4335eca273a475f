/**
 * Writes one decision (the lead row, its events, the outbox, the routing change) as a single
 * statement of data-modifying CTEs, queued to go out with the transaction's next statement or its
 * commit (see batching-postgres.ts). The variable parts (events, outbox rows, routing rows) travel
 * as JSON arrays, so the text depends only on which parts a decision has, and PostgreSQL prepares
 * each shape once per connection instead of parsing and planning every lead's statement.
 */
import type { PoolState, RepLoad } from '../domain/routing/index.js';
import type { Effect, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import { eventsFromJson, eventsJson, leadToRow } from './lead-store.js';
import { outboxFromJson, outboxJson } from './outbox-store.js';
import { poolStatesFromJson, poolStatesJson, repLoadsFromJson, repLoadsJson } from './routing-store.js';
import { defer, type Statement, type Tx } from './transaction.js';

export interface DecisionWrite {
  before: LeadState | undefined;
  lead: LeadState;
  events: NewLeadEvent[];
  effects: Effect[];
  /** The routing change, with the versions the rows get (routing-cache.ts). */
  routing?: { poolState?: PoolState; repLoad?: RepLoad; versions?: { pool?: number; rep?: number } };
  now: Date;
}

/** The lead row's columns, in parameter order. */
const LEAD_COLUMNS = [
  'id',
  'email',
  'profile',
  'facts',
  'stage',
  'priority',
  'fit_score',
  'engagement_score',
  'total_score',
  'score',
  'engagement',
  'activity_summary',
  'owner',
  'queue',
  'account_id',
  'account_match',
  'assignment',
  'brief',
  'source',
  'policy_version',
  'event_seq',
  'created_at',
  'updated_at',
  'qualified_at',
  'assigned_at',
] as const;
type LeadColumn = (typeof LEAD_COLUMNS)[number];
/** An update writes every column but the key and the creation time. */
const UPDATED_COLUMNS = LEAD_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at');

const JSONB = new Set<LeadColumn>(['profile', 'facts', 'score', 'engagement', 'activity_summary', 'account_match', 'assignment', 'brief']);
const param = (column: LeadColumn, n: number) => `$${n}${JSONB.has(column) ? '::jsonb' : ''}`;

interface SidePart {
  name: string;
  /** The part's statement, given its JSON parameter and the time parameter. */
  sql: (rows: string, now: string) => string;
  json: string;
}

/**
 * The statement for one shape of decision: the lead's insert or update, with only the side writes
 * it has as CTEs (each reads one JSON parameter), so a lead that routes nobody does not plan the
 * routing upserts (the embedded database plans every statement anew). Named per shape.
 */
function decisionStatement(update: boolean, leadValues: unknown[], parts: SidePart[], now: string): Statement {
  let n = leadValues.length;
  const at = `$${n + parts.length + 1}::timestamptz`;
  const ctes = parts.map((part) => `${part.name} as (${part.sql(`$${++n}`, at)})`);
  const write = update
    ? `update leads set ${UPDATED_COLUMNS.map((c, i) => `${c} = ${param(c, i + 2)}`).join(', ')} where id = $1`
    : `insert into leads (${LEAD_COLUMNS.join(', ')}) values (${LEAD_COLUMNS.map((c, i) => param(c, i + 1)).join(', ')})`;
  return {
    name: `baton_${update ? 'update' : 'insert'}_lead_with_${parts.map((p) => p.name).join('_') || 'nothing'}`,
    sql: `${ctes.length > 0 ? `with ${ctes.join(',\n')}\n` : ''}${write}`,
    parameters: [...leadValues, ...parts.map((p) => p.json), now],
  };
}

export async function writeDecision(tx: Tx, write: DecisionWrite): Promise<void> {
  const { before, lead, events, effects, routing, now } = write;
  const row = leadToRow(lead, lead.event_seq + events.length);
  const parts: SidePart[] = [];
  if (events.length > 0) parts.push({ name: 'events', sql: eventsFromJson, json: eventsJson([{ lead, events }]) });
  if (effects.length > 0) parts.push({ name: 'outbox', sql: outboxFromJson, json: outboxJson([{ leadId: lead.id, effects }]) });
  if (routing?.poolState) parts.push({ name: 'pool', sql: poolStatesFromJson, json: poolStatesJson(routing.poolState, routing.versions?.pool) });
  if (routing?.repLoad) parts.push({ name: 'rep', sql: repLoadsFromJson, json: repLoadsJson(routing.repLoad, routing.versions?.rep) });
  const leadValues = before ? [row.id, ...UPDATED_COLUMNS.map((c) => row[c] ?? null)] : LEAD_COLUMNS.map((c) => row[c] ?? null);
  await defer(tx, decisionStatement(before !== undefined, leadValues, parts, now.toISOString()));
  lead.event_seq += events.length;
}
