/**
 * GET /api/v1/inbox?rep=: the open leads (MQL through opportunity) of the reps the caller may see,
 * hottest first (high priority, then score), each with what a row of the inbox shows. The page
 * adds each lead's SLA countdown from the hand-off API's clocks and re-sorts by urgency.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { OPEN_STAGES } from '../domain/lead/stage.js';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { ScopeGuard } from '../http/auth.js';
import type { IntakeDeps } from '../intake/context.js';
import { iso } from '../store/lead-store.js';
import { visibleOwners } from './visibility.js';

const query = z.strictObject({
  rep: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export function inboxRoute(app: FastifyInstance, deps: IntakeDeps, requireScope: ScopeGuard): void {
  app.get('/api/v1/inbox', { preHandler: requireScope('read') }, async (request) => {
    const parsed = query.safeParse(request.query);
    if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', fieldIssues(parsed.error, 'query'));
    const visible = visibleOwners(request.principal, deps.policy().policy);
    const { rep, limit } = parsed.data;
    const owners = rep ? (visible === 'all' || visible.includes(rep) ? [rep] : []) : visible;
    if (owners !== 'all' && owners.length === 0) return { leads: [] };
    let q = deps.db
      .selectFrom('leads')
      .select(['id', 'email', 'stage', 'priority', 'owner', 'fit_score', 'engagement_score', 'total_score', 'assigned_at', 'created_at', 'updated_at'])
      // Only the three profile fields a row shows, not the whole profile document.
      .select([
        sql<string | null>`nullif(concat_ws(' ', profile->>'first_name', profile->>'last_name'), '')`.as('name'),
        sql<string | null>`profile->>'title'`.as('title'),
        sql<string | null>`profile->'company'->>'name'`.as('company'),
      ])
      .where('stage', 'in', [...OPEN_STAGES])
      .orderBy('priority', 'asc') // 'high' sorts before 'normal'
      .orderBy('total_score', 'desc')
      .orderBy('assigned_at', 'asc')
      .limit(limit);
    q = owners === 'all' ? q.where('owner', 'is not', null) : q.where('owner', 'in', [...owners]);
    const rows = await q.execute();
    return {
      leads: rows.map(({ fit_score, engagement_score, total_score, assigned_at, created_at, updated_at, ...row }) => ({
        ...row,
        score: { fit: fit_score, engagement: engagement_score, total: total_score },
        assigned_at: assigned_at ? iso(assigned_at) : null,
        created_at: iso(created_at),
        updated_at: iso(updated_at),
      })),
    };
  });
}
