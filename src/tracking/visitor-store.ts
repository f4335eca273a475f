/** Visitors and the leads they turned out to be. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { iso } from '../store/lead-store.js';
import type { Tx } from '../store/transaction.js';

/**
 * Links a visitor to a lead and merges the lead's visitors: every visitor of the lead points
 * (`merged_into`) at the one seen first, which is returned as the id the browser should keep.
 * A visitor who was another lead's (a shared computer) moves to this lead from now on; what
 * was already stitched onto the other lead stays there.
 */
export async function linkVisitor(tx: Tx, visitorId: string, site: string, leadId: string, now: Date): Promise<string> {
  // The lead's row first: two identifies of one person at once queue here instead of deadlocking on visitor rows.
  await tx.selectFrom('leads').select('id').where('id', '=', leadId).forUpdate().execute();
  await sql`
    insert into tracking_visitors (id, site, first_seen_at, last_seen_at, lead_id, identified_at)
    values (${visitorId}::uuid, ${site}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${leadId}::uuid, ${now.toISOString()}::timestamptz)
    on conflict (id) do update set lead_id = excluded.lead_id, identified_at = coalesce(tracking_visitors.identified_at, excluded.identified_at),
      last_seen_at = greatest(tracking_visitors.last_seen_at, excluded.last_seen_at)`.execute(tx);
  const visitors = await tx
    .selectFrom('tracking_visitors')
    .select(['id', 'first_seen_at'])
    .where('lead_id', '=', leadId)
    .execute();
  const first = [...visitors].sort((a, b) => new Date(a.first_seen_at).getTime() - new Date(b.first_seen_at).getTime() || a.id.localeCompare(b.id))[0]!;
  await sql`update tracking_visitors set merged_into = nullif(${first.id}::uuid, id) where lead_id = ${leadId}::uuid`.execute(tx);
  return first.id;
}

/** The lead a visitor (or the visitor it merged into) belongs to, if known. */
export async function leadOfVisitor(db: Kysely<Database>, visitorId: string): Promise<string | undefined> {
  const row = await db.selectFrom('tracking_visitors').select('lead_id').where('id', '=', visitorId).executeTakeFirst();
  return row?.lead_id ?? undefined;
}

export async function visitorTouch(db: Kysely<Database>, visitorId: string) {
  return db.selectFrom('tracking_visitors').select(['first_touch', 'first_seen_at']).where('id', '=', visitorId).executeTakeFirst();
}

/** GET /api/v1/visitors/:id: the visitor, the lead, the visitors merged with it and their activity. */
export async function visitorView(db: Kysely<Database>, visitorId: string, activityLimit = 200) {
  const visitor = await db.selectFrom('tracking_visitors').selectAll().where('id', '=', visitorId).executeTakeFirst();
  if (!visitor) return undefined;
  const canonical = visitor.merged_into ?? visitor.id;
  const family = visitor.lead_id
    ? await db.selectFrom('tracking_visitors').select(['id', 'first_seen_at', 'merged_into']).where('lead_id', '=', visitor.lead_id).orderBy('first_seen_at').execute()
    : [{ id: visitor.id, first_seen_at: visitor.first_seen_at, merged_into: visitor.merged_into }];
  const activity = await db
    .selectFrom('tracking_activity')
    .select(['id', 'visitor_id', 'type', 'occurred_at', 'url', 'title', 'properties', 'stitched_at'])
    .where('visitor_id', 'in', family.map((v) => v.id))
    .orderBy('occurred_at', 'desc')
    .limit(activityLimit)
    .execute();
  return {
    id: visitor.id,
    canonical_id: canonical,
    site: visitor.site,
    lead_id: visitor.lead_id,
    first_seen_at: iso(visitor.first_seen_at),
    last_seen_at: iso(visitor.last_seen_at),
    identified_at: visitor.identified_at ? iso(visitor.identified_at) : null,
    first_touch: visitor.first_touch,
    merged: family.filter((v) => v.id !== canonical).map((v) => v.id),
    activity: activity.map((a) => ({
      id: String(a.id),
      visitor_id: a.visitor_id,
      type: a.type,
      occurred_at: iso(a.occurred_at),
      url: a.url,
      title: a.title,
      properties: a.properties,
      stitched: a.stitched_at !== null,
    })),
  };
}
