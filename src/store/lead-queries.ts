/** Read side for leads: the detail view with its timeline, and filtered, cursor-paginated lists. */
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { iso, leadEvents, leadFromRow } from './lead-store.js';

export interface LeadListFilters {
  stage?: string;
  owner?: string;
  queue?: string;
  since?: Date;
  limit: number;
  cursor?: string;
}

export async function getLeadView(db: Kysely<Database>, id: string) {
  const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const lead = leadFromRow(row);
  return {
    id: lead.id,
    email: lead.profile.email,
    stage: lead.stage,
    priority: lead.priority,
    owner: lead.owner ?? null,
    queue: lead.queue ?? null,
    profile: lead.profile,
    email_facts: lead.facts,
    score: lead.score,
    account: lead.account ?? null,
    assignment: lead.assignment ?? null,
    qualification: lead.qualification ?? null,
    brief: lead.brief ?? null,
    activity: lead.activity,
    policy_version: lead.policy_version,
    created_at: lead.created_at,
    updated_at: lead.updated_at,
    qualified_at: lead.qualified_at ?? null,
    assigned_at: lead.assigned_at ?? null,
    timeline: await leadEvents(db, id),
  };
}

export async function listLeads(db: Kysely<Database>, filters: LeadListFilters) {
  let query = db
    .selectFrom('leads')
    .select(['id', 'email', 'stage', 'priority', 'owner', 'queue', 'fit_score', 'engagement_score', 'total_score', 'profile', 'created_at', 'updated_at', 'assigned_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filters.limit + 1);
  if (filters.stage) query = query.where('stage', '=', filters.stage);
  if (filters.owner) query = query.where('owner', '=', filters.owner);
  if (filters.queue) query = query.where('queue', '=', filters.queue);
  if (filters.since) query = query.where('created_at', '>=', filters.since);
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : undefined;
  if (cursor) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  return {
    leads: page.map((r) => {
      const profile = r.profile as { first_name?: string; last_name?: string; title?: string; company?: { name?: string } };
      return {
        id: r.id,
        email: r.email,
        name: [profile.first_name, profile.last_name].filter(Boolean).join(' ') || null,
        title: profile.title ?? null,
        company: profile.company?.name ?? null,
        stage: r.stage,
        priority: r.priority,
        owner: r.owner,
        queue: r.queue,
        score: { fit: r.fit_score, engagement: r.engagement_score, total: r.total_score },
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
        assigned_at: r.assigned_at ? iso(r.assigned_at) : null,
      };
    }),
    next_cursor: rows.length > filters.limit && last ? encodeCursor(iso(last.created_at), last.id) : null,
  };
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return { createdAt: new Date(createdAt), id };
}
