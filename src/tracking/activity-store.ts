/**
 * Write side of visitor tracking: visitors and their activity in bulk, links to leads, the rows
 * still to stitch. Bulk inserts pass one array per column (`unnest`) rather than one parameter
 * per value, so a 1,000-row batch is 10 parameters instead of 10,000.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import type { TouchFields } from './touch.js';

export interface NewActivity {
  visitor_id: string;
  site: string;
  type: string;
  occurred_at: Date;
  url?: string;
  title?: string;
  properties?: Record<string, string | number | boolean>;
  /** UTM parameters, referrer and landing page, kept as the visitor's first touch if this is their first event. */
  touch?: TouchFields;
}

export interface WrittenActivity {
  id: string;
  visitor_id: string;
  lead_id: string;
}

/**
 * Records a batch in one statement (so one round trip and one commit): creates or refreshes its
 * visitors, inserts the activity, and returns the rows that belong to a known lead (to stitch
 * onto it). Visitors are written in id order, so two batches sharing visitors wait for each
 * other instead of deadlocking.
 */
export async function writeActivity(db: Kysely<Database>, rows: readonly NewActivity[], receivedAt: Date): Promise<WrittenActivity[]> {
  const visitors = new Map<string, { site: string; first: Date; last: Date; touch: TouchFields | undefined }>();
  for (const row of rows) {
    const seen = visitors.get(row.visitor_id);
    if (!seen) visitors.set(row.visitor_id, { site: row.site, first: row.occurred_at, last: row.occurred_at, touch: row.touch });
    else {
      if (row.occurred_at < seen.first) [seen.first, seen.touch] = [row.occurred_at, row.touch ?? seen.touch];
      if (row.occurred_at > seen.last) seen.last = row.occurred_at;
    }
  }
  const ids = [...visitors.keys()].sort();
  const visitor = (id: string) => visitors.get(id)!;
  const inserted = await sql<{ id: string; visitor_id: string; lead_id: string | null }>`
    with v as (
      insert into tracking_visitors (id, site, first_seen_at, last_seen_at, first_touch)
      select n.id::uuid, n.site, n.first_seen_at::timestamptz, n.last_seen_at::timestamptz, n.first_touch::jsonb
      from unnest(${ids}::text[], ${ids.map((id) => visitor(id).site)}::text[],
                  ${ids.map((id) => visitor(id).first.toISOString())}::text[], ${ids.map((id) => visitor(id).last.toISOString())}::text[],
                  ${ids.map((id) => touchJson(visitor(id).touch))}::text[])
        as n (id, site, first_seen_at, last_seen_at, first_touch)
      order by n.id
      on conflict (id) do update set
        last_seen_at = greatest(tracking_visitors.last_seen_at, excluded.last_seen_at),
        first_touch = coalesce(tracking_visitors.first_touch, excluded.first_touch)
      returning id, lead_id
    )
    insert into tracking_activity (visitor_id, site, type, occurred_at, received_at, url, title, properties, lead_id)
    select v.id, a.site, a.type, a.occurred_at::timestamptz, ${receivedAt.toISOString()}::timestamptz, a.url, a.title, a.properties::jsonb, v.lead_id
    from unnest(${rows.map((r) => r.visitor_id)}::text[], ${rows.map((r) => r.site)}::text[], ${rows.map((r) => r.type)}::text[],
                ${rows.map((r) => r.occurred_at.toISOString())}::text[], ${rows.map((r) => r.url ?? null)}::text[],
                ${rows.map((r) => r.title ?? null)}::text[], ${rows.map((r) => (r.properties ? JSON.stringify(r.properties) : null))}::text[])
      as a (visitor_id, site, type, occurred_at, url, title, properties)
    join v on v.id = a.visitor_id::uuid
    returning id, visitor_id, lead_id`.execute(db);
  return inserted.rows.flatMap((r) => (r.lead_id ? [{ id: String(r.id), visitor_id: r.visitor_id, lead_id: r.lead_id }] : []));
}

function touchJson(touch: TouchFields | undefined): string | null {
  return touch && Object.keys(touch).length > 0 ? JSON.stringify(touch) : null;
}

export interface PendingStitch {
  id: string;
  visitor_id: string;
  site: string;
  type: string;
  occurred_at: Date;
  url: string | null;
  title: string | null;
  properties: Record<string, string | number | boolean> | null;
}

/** Activity of every visitor linked to the lead that is not on the lead's timeline yet, oldest first. */
export async function unstitchedActivity(db: Kysely<Database>, leadId: string, limit: number): Promise<PendingStitch[]> {
  const rows = await db
    .selectFrom('tracking_activity as a')
    .innerJoin('tracking_visitors as v', 'v.id', 'a.visitor_id')
    .select(['a.id', 'a.visitor_id', 'a.site', 'a.type', 'a.occurred_at', 'a.url', 'a.title', 'a.properties'])
    .where('v.lead_id', '=', leadId)
    .where('a.stitched_at', 'is', null)
    .orderBy('a.occurred_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: String(r.id), occurred_at: new Date(r.occurred_at) }));
}

export async function markStitched(db: Kysely<Database>, ids: readonly string[], leadId: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('tracking_activity').set({ stitched_at: at, lead_id: leadId }).where('id', 'in', ids).execute();
}

/** Leads with activity still to stitch (a crash or a failed stitch between the insert and the lead's events). */
export async function leadsWithUnstitched(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('tracking_activity as a')
    .innerJoin('tracking_visitors as v', 'v.id', 'a.visitor_id')
    .select('v.lead_id')
    .distinct()
    .where('a.stitched_at', 'is', null)
    .where('v.lead_id', 'is not', null)
    .limit(limit)
    .execute();
  return rows.flatMap((r) => (r.lead_id ? [r.lead_id] : []));
}

/** Deletes activity of visitors who never identified, older than the cutoff; returns how many rows. */
export async function deleteAnonymousActivity(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('tracking_activity')
    .where('stitched_at', 'is', null)
    .where('occurred_at', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tracking_visitors as v').select('v.id').whereRef('v.id', '=', 'tracking_activity.visitor_id').where('v.lead_id', 'is not', null))))
    .executeTakeFirst();
  await db
    .deleteFrom('tracking_visitors')
    .where('lead_id', 'is', null)
    .where('last_seen_at', '<', before)
    .execute();
  return Number(result.numDeletedRows);
}
