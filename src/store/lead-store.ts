/** Reads and writes the lead's current-state row and appends its events. */
import { sql, type Kysely } from 'kysely';
import type { LeadEventType, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import { json, type Database, type LeadRow, type NewLeadRow } from './database.js';
import type { Tx } from './transaction.js';

/**
 * Locks a person's lead row (by e-mail). Every writer holds the lead before any routing row
 * (leads → pools → reps), so two writers never wait on each other. Two first submissions of a
 * new person race to insert; the loser hits the unique e-mail index and its transaction is
 * retried (see inTransaction), finding the winner's row the second time.
 */
export async function lockLeadByEmail(tx: Tx, email: string): Promise<LeadState | undefined> {
  const row = await tx.selectFrom('leads').selectAll().where('email', '=', email).forUpdate().executeTakeFirst();
  return row ? leadFromRow(row) : undefined;
}

export async function lockLeadsByIds(tx: Tx, ids: string[]): Promise<Map<string, LeadState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('leads').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  return new Map(rows.map((row) => [row.id, leadFromRow(row)]));
}

/**
 * Writes many existing leads at once (an activity batch): one UPDATE … FROM (VALUES …) with only
 * the columns activity can change, so PostgreSQL does not re-parse the unchanged profile, facts
 * and account match of every lead, then one insert for all their events.
 */
export async function saveLeads(tx: Tx, items: { lead: LeadState; events: NewLeadEvent[] }[]): Promise<void> {
  const changed = items.filter((i) => i.events.length > 0);
  if (changed.length === 0) return;
  // 18 parameters a row: 1,000 rows stay well under PostgreSQL's 65,535.
  for (let i = 0; i < changed.length; i += 1_000) {
    const values = changed.slice(i, i + 1_000).map(({ lead, events }) => {
      const r = leadToRow(lead, lead.event_seq + events.length);
      return sql`(${r.id}::uuid, ${r.stage}::text, ${r.priority}::text, ${r.fit_score}::int, ${r.engagement_score}::int,
        ${r.total_score}::int, ${r.score}::jsonb, ${r.engagement}::jsonb, ${r.activity_summary}::jsonb, ${r.owner}::text,
        ${r.queue}::text, ${r.assignment}::jsonb, ${r.brief}::jsonb, ${r.policy_version}::int, ${r.event_seq}::int,
        ${r.updated_at}::timestamptz, ${r.qualified_at}::timestamptz, ${r.assigned_at}::timestamptz)`;
    });
    await sql`
      update leads set stage = v.stage, priority = v.priority, fit_score = v.fit_score, engagement_score = v.engagement_score,
        total_score = v.total_score, score = v.score, engagement = v.engagement, activity_summary = v.activity_summary,
        owner = v.owner, queue = v.queue, assignment = v.assignment, brief = v.brief, policy_version = v.policy_version,
        event_seq = v.event_seq, updated_at = v.updated_at, qualified_at = v.qualified_at, assigned_at = v.assigned_at
      from (values ${sql.join(values)}) as v(id, stage, priority, fit_score, engagement_score, total_score, score, engagement,
        activity_summary, owner, queue, assignment, brief, policy_version, event_seq, updated_at, qualified_at, assigned_at)
      where leads.id = v.id`.execute(tx);
  }
  await appendEvents(tx, changed);
  for (const { lead, events } of changed) lead.event_seq += events.length;
}

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

export async function appendEvents(tx: Tx, batches: { lead: LeadState; events: NewLeadEvent[] }[]): Promise<void> {
  const recordedAt = new Date();
  const rows = batches.flatMap(({ lead, events }) => eventRows(lead, events, recordedAt));
  // A multi-row insert stays under PostgreSQL's 65,535 bind parameters in chunks of 5,000 rows.
  for (let i = 0; i < rows.length; i += 5_000) await tx.insertInto('lead_events').values(rows.slice(i, i + 5_000)).execute();
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

export function leadFromRow(row: LeadRow): LeadState {
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

export function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}
