/**
 * Writes one decision (the lead row, its events, the outbox, the routing change) as a single
 * prepared statement of data-modifying CTEs, queued to go out with the transaction's next
 * statement or its commit. Round trips, not SQL work, bound intake throughput: profiling the
 * intake benchmark showed 23–28 % of the server's CPU in socket writes at 5–13 queries per lead.
 *
 * The variable parts (events, outbox rows, routing rows) travel as JSON arrays, so the statement
 * text is the same for every lead and PostgreSQL plans it once per connection.
 */
import type { PoolState, RepLoad } from '../domain/routing/index.js';
import type { Effect, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import { eventsFromJson, eventsJson, leadToRow } from './lead-store.js';
import { outboxFromJson, outboxJson } from './outbox-store.js';
import { poolStatesFromJson, poolStatesJson, repLoadsFromJson, repLoadsJson } from './routing-store.js';
import { defer, type Tx } from './transaction.js';

export interface DecisionWrite {
  before: LeadState | undefined;
  lead: LeadState;
  events: NewLeadEvent[];
  effects: Effect[];
  routing?: { poolState?: PoolState; repLoad?: RepLoad };
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

/** The events, outbox rows, pool states and rep loads as JSON arrays at $n…$n+3, and the time at $n+4. */
function sideWrites(n: number): string {
  const now = `$${n + 4}::timestamptz`;
  return `with event_write as (${eventsFromJson(`$${n}`, now)}),
    outbox_write as (${outboxFromJson(`$${n + 1}`, now)}),
    pool_write as (${poolStatesFromJson(`$${n + 2}`, now)}),
    rep_write as (${repLoadsFromJson(`$${n + 3}`, now)})`;
}

const INSERT_DECISION = {
  name: 'baton_write_new_lead',
  sql: `${sideWrites(LEAD_COLUMNS.length + 1)}
    insert into leads (${LEAD_COLUMNS.join(', ')}) values (${LEAD_COLUMNS.map((c, i) => param(c, i + 1)).join(', ')})`,
};

const UPDATE_DECISION = {
  name: 'baton_write_lead',
  sql: `${sideWrites(UPDATED_COLUMNS.length + 2)}
    update leads set ${UPDATED_COLUMNS.map((c, i) => `${c} = ${param(c, i + 2)}`).join(', ')} where id = $1`,
};

export async function writeDecision(tx: Tx, write: DecisionWrite): Promise<void> {
  const { before, lead, events, effects, routing, now } = write;
  const row = leadToRow(lead, lead.event_seq + events.length);
  const leadValues = before ? [row.id, ...UPDATED_COLUMNS.map((c) => row[c] ?? null)] : LEAD_COLUMNS.map((c) => row[c] ?? null);
  const parameters = [
    ...leadValues,
    eventsJson([{ lead, events }]),
    outboxJson([{ leadId: lead.id, effects }]),
    poolStatesJson(routing?.poolState),
    repLoadsJson(routing?.repLoad),
    now.toISOString(),
  ];
  await defer(tx, { ...(before ? UPDATE_DECISION : INSERT_DECISION), parameters });
  lead.event_seq += events.length;
}
