/**
 * /api/v1/leads: send a lead in, read one with its brief and timeline, list them. Reads are
 * limited to what the caller may see (src/web/visibility.ts): a rep their own leads, a manager
 * their team's, admin and integration tokens all. A lead the caller may not see is answered
 * exactly like a lead that does not exist (404), so ids cannot be probed.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../../errors/baton-error.js';
import { fieldIssues } from '../../errors/zod-issues.js';
import type { IntakeDeps } from '../../intake/context.js';
import { leadRequestSchema } from '../../intake/requests.js';
import { submitLead } from '../../intake/submit-lead.js';
import { decodeCursor, encodeCursor, getLeadView, listLeads, type LeadListFilters } from '../../store/lead-queries.js';
import type { Database } from '../../store/database.js';
import { canSeeOwner, visibleOwners, type Visibility } from '../../web/visibility.js';
import type { Kysely } from 'kysely';
import { actorOf, type ScopeGuard } from '../auth.js';
import { parseBody } from '../parse.js';

const listQuery = z.strictObject({
  stage: z.string().optional(),
  owner: z.string().optional(),
  queue: z.string().optional(),
  since: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-11-01T00:00:00Z' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
});

const idempotencyKey = z.string().min(1).max(200);

export function leadRoutes(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  app.post('/api/v1/leads', { preHandler: requireScope('ingest') }, async (request, reply) => {
    const body = parseBody(leadRequestSchema, request.body);
    const keyHeader = request.headers['idempotency-key'];
    const key = keyHeader === undefined ? undefined : idempotencyKey.safeParse(keyHeader);
    if (key && !key.success) throw new BatonError('invalid_request', 'The Idempotency-Key header must be 1 to 200 characters.');
    const result = await submitLead(deps, body, {
      actor: actorOf(request),
      ...(key?.data ? { idempotencyKey: key.data } : {}),
      scope: `leads:${request.token?.id ?? ''}`,
    });
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/v1/leads/:id', { preHandler: requireScope('read') }, async (request) => {
    const { id } = request.params as { id: string };
    if (!z.uuid().safeParse(id).success) throw new BatonError('invalid_request', `"${id}" is not a lead id (a UUID).`);
    const lead = await getLeadView(deps.db, id);
    if (!lead || !canSeeOwner(visibleOwners(request.principal, deps.policy().policy), lead.owner)) throw new BatonError('not_found', `No lead with id ${id}.`);
    return lead;
  });

  app.get('/api/v1/leads', { preHandler: requireScope('read') }, async (request) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', fieldIssues(parsed.error, 'query'));
    const q = parsed.data;
    if (q.cursor && !decodeCursor(q.cursor)) throw new BatonError('invalid_request', 'The cursor is not one this API returned; start again without it.');
    return listVisibleLeads(deps.db, visibleOwners(request.principal, deps.policy().policy), {
      limit: q.limit,
      ...(q.stage ? { stage: q.stage } : {}),
      ...(q.owner ? { owner: q.owner } : {}),
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.since ? { since: new Date(q.since) } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
  });
}

type LeadPage = Awaited<ReturnType<typeof listLeads>>;

/**
 * A page of the leads owned by the reps in `visible`: one list per owner (a team is a handful of
 * reps, and each list uses the owner index), merged newest first. The cursor is a position in
 * (created_at, id), so it means the same in every owner's list.
 */
export async function listVisibleLeads(db: Kysely<Database>, visible: Visibility, filters: LeadListFilters): Promise<LeadPage> {
  if (visible === 'all') return listLeads(db, filters);
  const owners = filters.owner ? visible.filter((o) => o === filters.owner) : visible;
  const pages = await Promise.all(owners.map((owner) => listLeads(db, { ...filters, owner })));
  const merged = pages
    .flatMap((p) => p.leads)
    .sort((a, b) => (a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1));
  const leads = merged.slice(0, filters.limit);
  const last = leads[leads.length - 1];
  const more = merged.length > filters.limit || pages.some((p) => p.next_cursor !== null);
  return { leads, next_cursor: more && last ? encodeCursor(last.created_at, last.id) : null };
}
