/** Reads and writes the lead's current-state row and appends its events. */
import type { Kysely } from 'kysely';
import type { LeadEventType, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import { json, type Database, type LeadRow, type NewLeadRow } from './database.js';
import type { LeadCache } from './lead-cache.js';
import { defer, query, type Statement, type Tx } from './transaction.js';

/** The columns a LeadState is read from; times as ISO strings, formatted by the server (no Date round trip). */
const LEAD_STATE = [
  'id',
  'email',
  'profile',
  'facts',
  'stage',
  'priority',
  'score',
  'engagement',
  'activity_summary',
  'owner',
  'queue',
  'account_match',
  'assignment',
  'brief',
  'event_seq',
  'policy_version',
  ...['created_at', 'updated_at', 'qualified_at', 'assigned_at'].map((c) => `to_char(${c} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${c}`),
].join(', ');

type LeadStateRow = Omit<LeadRow, 'created_at' | 'updated_at' | 'qualified_at' | 'assigned_at'> & {
  created_at: string;
  updated_at: string;
  qualified_at: string | null;
  assigned_at: string | null;
};

/**
 * Locks the leads of these e-mails (the people of a group of lead submissions), in id order: the
 * global lock order, as activity batches take it. Every writer holds its leads before any
 * routing row (leads → pools → reps). A person with no lead yet is absent; two first
 * submissions of a new person race to insert, and the loser hits the unique e-mail index and is
 * tried again (see inTransaction and submit-lead.ts), finding the winner's row the second time.
 */
export async function lockLeadsByEmails(tx: Tx, emails: string[]): Promise<Map<string, LeadState>> {
  const rows = await query<LeadStateRow>(tx, {
    name: 'baton_lock_leads_by_email',
    sql: `select ${LEAD_STATE} from leads where email = any($1::text[]) order by id for update`,
    parameters: [emails],
  });
  return new Map(rows.map((row) => [row.email, leadFromRow(row)]));
}

export async function lockLeadsByIds(tx: Tx, ids: string[]): Promise<Map<string, LeadState>> {
  if (ids.length === 0) return new Map();
  const rows = await query<LeadStateRow>(tx, {
    name: 'baton_lock_leads_by_id',
    sql: `select ${LEAD_STATE} from leads where id = any($1::uuid[]) order by id for update`,
    parameters: [ids],
  });
  return new Map(rows.map((row) => [row.id, leadFromRow(row)]));
}

/** `$1` e-mails, `$2` ids: the leads' id, e-mail and row version, locked in id order. */
export const LOCK_LEAD_VERSIONS: Omit<Statement, 'parameters'> = {
  name: 'baton_lock_lead_versions_by_email_or_id',
  // xmin is a 32-bit transaction id; pg_current_xact_id() counts wraparounds above those bits.
  sql: `select id, email, xmin::text as version, (pg_current_xact_id()::text::bigint % 4294967296)::text as xid
    from leads where email = any($1::text[]) or id = any($2::uuid[]) order by id for update`,
};

/**
 * Locks the leads with these e-mails or ids, in id order (the global lock order); also maps e-mail
 * → id. Only id, e-mail and row version travel with the lock: a lead this process holds at that
 * version (lead-cache.ts) is taken from the copy, and the others are read in a second round trip,
 * as one JSON array (for a batch of 1,000 leads one string to decode and parse instead of 20
 * fields a row). `xid` is this transaction's id: the version the rows it writes will have.
 */
export async function lockLeadsByEmailsOrIds(
  tx: Tx,
  emails: string[],
  ids: string[],
  cache?: LeadCache,
): Promise<{ leads: Map<string, LeadState>; idByEmail: Map<string, string>; xid: string | undefined }> {
  const leads = new Map<string, LeadState>();
  const idByEmail = new Map<string, string>();
  if (emails.length === 0 && ids.length === 0) return { leads, idByEmail, xid: undefined };
  const locked = await query<{ id: string; email: string; version: string; xid: string }>(tx, { ...LOCK_LEAD_VERSIONS, parameters: [emails, ids] });
  const missing: string[] = [];
  for (const row of locked) {
    idByEmail.set(row.email, row.id);
    const copy = cache?.get(row.id, row.version);
    if (copy) leads.set(row.id, copy);
    else missing.push(row.id);
  }
  if (missing.length > 0) {
    const [result] = await query<{ rows: LeadStateRow[] | null }>(tx, {
      name: 'baton_read_locked_leads',
      sql: `select json_agg(l) as rows from (select ${LEAD_STATE} from leads where id = any($1::uuid[])) l`,
      parameters: [missing],
    });
    for (const row of result?.rows ?? []) leads.set(row.id, leadFromRow(row));
  }
  return { leads, idByEmail, xid: locked[0]?.xid };
}

/** Which of these client event ids are already in the log. */
export async function seenEventIds(tx: Tx, eventIds: string[]): Promise<string[]> {
  const rows = await query<{ client_event_id: string }>(tx, {
    name: 'baton_seen_event_ids',
    sql: 'select client_event_id from lead_events where client_event_id = any($1::text[])',
    parameters: [eventIds],
  });
  return rows.map((r) => r.client_event_id);
}

/** What the lead row holds besides its profile, facts and account: the part decisions change. */
function stateRecord(lead: LeadState, eventSeq: number) {
  return {
    ...activityRecord(lead, eventSeq),
    stage: lead.stage,
    owner: lead.owner ?? null,
    queue: lead.queue ?? null,
    assignment: lead.assignment ?? null,
    brief: lead.brief ?? null,
    qualified_at: lead.qualified_at ?? null,
    assigned_at: lead.assigned_at ?? null,
  };
}

/** The columns activity alone changes (score, engagement, summary), and the bookkeeping ones. */
function activityRecord(lead: LeadState, eventSeq: number) {
  return {
    id: lead.id,
    priority: lead.priority,
    fit_score: lead.score.fit,
    engagement_score: lead.score.engagement,
    total_score: lead.score.total,
    score: lead.score,
    engagement: lead.engagement ?? null,
    activity_summary: { ...lead.activity, qualification: lead.qualification },
    policy_version: lead.policy_version,
    event_seq: eventSeq,
    updated_at: lead.updated_at,
  };
}

// The rows travel as one JSON parameter (jsonb_to_recordset): one string to build and one to
// parse instead of 18 parameters a row, and the statement text stays the same, so it is prepared
// once. A JSON null becomes SQL NULL there; nullable jsonb columns keep storing a JSON null.
const ACTIVITY_SET = `priority = v.priority, fit_score = v.fit_score, engagement_score = v.engagement_score, total_score = v.total_score,
  score = v.score, engagement = coalesce(v.engagement, 'null'), activity_summary = v.activity_summary, policy_version = v.policy_version,
  event_seq = v.event_seq, updated_at = v.updated_at`;
const ACTIVITY_RECORD = `id uuid, priority text, fit_score int, engagement_score int, total_score int, score jsonb, engagement jsonb,
  activity_summary jsonb, policy_version int, event_seq int, updated_at timestamptz`;

const SAVE_STATES: Omit<Statement, 'parameters'> = {
  name: 'baton_save_lead_states',
  sql: `update leads set ${ACTIVITY_SET}, stage = v.stage, owner = v.owner, queue = v.queue, assignment = coalesce(v.assignment, 'null'),
      brief = coalesce(v.brief, 'null'), qualified_at = v.qualified_at, assigned_at = v.assigned_at
    from jsonb_to_recordset($1::jsonb) as v(${ACTIVITY_RECORD}, stage text, owner text, queue text, assignment jsonb, brief jsonb,
      qualified_at timestamptz, assigned_at timestamptz)
    where leads.id = v.id`,
};

/** `$1`: activity records as JSON (`activityRecord`); rewrites only the columns activity changes. */
export const SAVE_ACTIVITY: Omit<Statement, 'parameters'> = {
  name: 'baton_save_lead_activity',
  sql: `update leads set ${ACTIVITY_SET} from jsonb_to_recordset($1::jsonb) as v(${ACTIVITY_RECORD}) where leads.id = v.id`,
};

/**
 * Writes many existing leads at once (hand-off work): one UPDATE from the rows as JSON, with only
 * the columns decisions change, then one insert for all their events.
 */
export async function saveLeads(tx: Tx, items: { lead: LeadState; events: NewLeadEvent[] }[]): Promise<void> {
  const changed = items.filter((i) => i.events.length > 0);
  if (changed.length === 0) return;
  const states = changed.map(({ lead, events }) => stateRecord(lead, lead.event_seq + events.length));
  await query(tx, { ...SAVE_STATES, parameters: [JSON.stringify(states)] });
  await query(tx, eventInsert(changed, new Date()));
  for (const { lead, events } of changed) lead.event_seq += events.length;
}

/**
 * Writes an activity batch's leads and events after the batch's next statement or at commit
 * (`defer`): leads whose stage, owner, queue, assignment and brief are the ones read (the same
 * objects: decide() copies the lead shallowly) rewrite only the activity columns. Returns those
 * leads, as written: nothing else in the batch writes their rows (the hand-off's hooks act on
 * leads that qualify or are assigned), so they may be kept in the lead cache after commit.
 */
export async function deferActivityWrites(
  tx: Tx,
  items: { before: LeadState; lead: LeadState; events: NewLeadEvent[] }[],
  recordedAt: Date,
): Promise<LeadState[]> {
  const changed = items.filter((i) => i.events.length > 0);
  if (changed.length === 0) return [];
  const activityOnly: LeadState[] = [];
  const slim: ReturnType<typeof activityRecord>[] = [];
  const full: ReturnType<typeof stateRecord>[] = [];
  for (const { before, lead, events } of changed) {
    const seq = lead.event_seq + events.length;
    if (sameHandoff(before, lead)) {
      slim.push(activityRecord(lead, seq));
      activityOnly.push(lead);
    } else full.push(stateRecord(lead, seq));
  }
  if (slim.length > 0) await defer(tx, { ...SAVE_ACTIVITY, parameters: [JSON.stringify(slim)] });
  if (full.length > 0) await defer(tx, { ...SAVE_STATES, parameters: [JSON.stringify(full)] });
  await defer(tx, eventInsert(changed, recordedAt));
  for (const { lead, events } of changed) lead.event_seq += events.length;
  return activityOnly;
}

function sameHandoff(before: LeadState, after: LeadState): boolean {
  return (
    before.stage === after.stage &&
    before.owner === after.owner &&
    before.queue === after.queue &&
    before.assignment === after.assignment &&
    before.brief === after.brief &&
    before.qualified_at === after.qualified_at &&
    before.assigned_at === after.assigned_at
  );
}

/** Event rows for Kysely inserts (the hand-off's own statements). */
export function eventRows(lead: LeadState, events: NewLeadEvent[], recordedAt: Date) {
  return events.map((event, i) => ({
    lead_id: lead.id,
    seq: lead.event_seq + i + 1,
    type: event.type,
    occurred_at: event.occurred_at,
    recorded_at: recordedAt,
    actor: event.actor,
    policy_version: lead.policy_version,
    client_event_id: event.client_event_id ?? null,
    data: json(event.data),
  }));
}

/** Event rows as JSON for `EVENTS_FROM_JSON` (recorded_at is a parameter of its own). */
export function eventsJson(batches: readonly { lead: LeadState; events: readonly NewLeadEvent[] }[]): string {
  const rows: unknown[] = [];
  for (const { lead, events } of batches) {
    events.forEach((event, i) =>
      rows.push({
        lead_id: lead.id,
        seq: lead.event_seq + i + 1,
        type: event.type,
        occurred_at: event.occurred_at,
        actor: event.actor,
        policy_version: lead.policy_version,
        client_event_id: event.client_event_id ?? null,
        data: event.data,
      }),
    );
  }
  return JSON.stringify(rows);
}

/** Inserts the events of `$n` (JSON from eventsJson), recorded at `$m`, in order. */
export function eventsFromJson(rows: string, recordedAt: string): string {
  return `insert into lead_events (lead_id, seq, type, occurred_at, recorded_at, actor, policy_version, client_event_id, data)
    select lead_id, seq, type, occurred_at, ${recordedAt}, actor, policy_version, client_event_id, data
    from jsonb_to_recordset(${rows}::jsonb) as e(lead_id uuid, seq int, type text, occurred_at timestamptz, actor text,
      policy_version int, client_event_id text, data jsonb)`;
}

function eventInsert(batches: { lead: LeadState; events: NewLeadEvent[] }[], recordedAt: Date): Statement {
  return { name: 'baton_insert_events', sql: eventsFromJson('$1', '$2::timestamptz'), parameters: [eventsJson(batches), recordedAt.toISOString()] };
}

export async function appendEvents(tx: Tx, batches: { lead: LeadState; events: NewLeadEvent[] }[]): Promise<void> {
  if (batches.every((b) => b.events.length === 0)) return;
  await query(tx, eventInsert(batches, new Date()));
}

export function leadToRow(lead: LeadState, eventSeq: number): NewLeadRow {
  return {
    id: lead.id,
    email: lead.profile.email,
    profile: json(lead.profile),
    facts: json(lead.facts),
    stage: lead.stage,
    priority: lead.priority,
    fit_score: lead.score.fit,
    engagement_score: lead.score.engagement,
    total_score: lead.score.total,
    score: json(lead.score),
    engagement: json(lead.engagement ?? null),
    activity_summary: json({ ...lead.activity, qualification: lead.qualification }),
    owner: lead.owner ?? null,
    queue: lead.queue ?? null,
    account_id: lead.account?.account_id ?? null,
    account_match: json(lead.account ?? null),
    assignment: json(lead.assignment ?? null),
    brief: json(lead.brief ?? null),
    source: lead.profile.attribution.first_touch?.utm_source ?? lead.profile.attribution.first_touch?.channel ?? null,
    policy_version: lead.policy_version,
    event_seq: eventSeq,
    created_at: lead.created_at,
    updated_at: lead.updated_at,
    qualified_at: lead.qualified_at ?? null,
    assigned_at: lead.assigned_at ?? null,
  };
}

export function leadFromRow(row: LeadRow | LeadStateRow): LeadState {
  const { qualification, ...activity } = row.activity_summary as LeadState['activity'] & { qualification?: LeadState['qualification'] };
  return {
    id: row.id,
    profile: row.profile as LeadState['profile'],
    facts: row.facts as LeadState['facts'],
    stage: row.stage as LeadState['stage'],
    priority: row.priority as LeadState['priority'],
    score: row.score as LeadState['score'],
    ...(row.engagement ? { engagement: row.engagement as NonNullable<LeadState['engagement']> } : {}),
    activity,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.queue ? { queue: row.queue } : {}),
    ...(row.account_match ? { account: row.account_match as NonNullable<LeadState['account']> } : {}),
    ...(row.assignment ? { assignment: row.assignment as NonNullable<LeadState['assignment']> } : {}),
    ...(qualification ? { qualification } : {}),
    ...(row.brief ? { brief: row.brief as NonNullable<LeadState['brief']> } : {}),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    ...(row.qualified_at ? { qualified_at: iso(row.qualified_at) } : {}),
    ...(row.assigned_at ? { assigned_at: iso(row.assigned_at) } : {}),
    event_seq: row.event_seq,
    policy_version: row.policy_version,
  };
}

export interface LeadEventView {
  seq: number;
  type: LeadEventType;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  policy_version: number;
  data: unknown;
}

export async function leadEvents(db: Kysely<Database>, leadId: string): Promise<LeadEventView[]> {
  const rows = await db.selectFrom('lead_events').selectAll().where('lead_id', '=', leadId).orderBy('seq').execute();
  return rows.map((r) => ({
    seq: r.seq,
    type: r.type as LeadEventType,
    occurred_at: iso(r.occurred_at),
    recorded_at: iso(r.recorded_at),
    actor: r.actor,
    policy_version: r.policy_version,
    data: r.data,
  }));
}

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function iso(value: Date | string): string {
  if (value instanceof Date) return value.toISOString();
  return CANONICAL_ISO.test(value) ? value : new Date(value).toISOString();
}
