/**
 * The hand-off's HTTP routes: rep actions, clocks, escalations, reps, and the one-click link pages.
 * Shapes in /work/HELPERS.md ("Hand-off") and docs/handoff.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { ScopeGuard } from '../http/auth.js';
import { parseBody } from '../http/parse.js';
import type { Principal } from '../http/principal.js';
import type { ModuleContext } from '../modules/module.js';
import { inTransaction } from '../store/transaction.js';
import { teamOf, visibleOwners } from '../web/visibility.js';
import { applyRepAction, type RepAction } from './actions.js';
import { linkPageRoutes } from './link-routes.js';
import { leadClocks, listEscalations, listRunningClocks } from './queries.js';
import { listReps, updateRep } from './reps.js';

const clocksQuery = z.strictObject({
  status: z.enum(['open', 'breached']).optional(),
  rep: z.string().min(1).optional(),
  manager: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
const escalationsQuery = z.strictObject({
  since: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-11-01T00:00:00Z' }).optional(),
  manager: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
const repsQuery = z.strictObject({ manager: z.string().min(1).optional() });
const capValue = z.number().int().positive('a positive whole number, or null to clear the override').nullable().optional();
const repPatch = z.strictObject({ away: z.boolean().optional(), caps: z.strictObject({ open: capValue, per_day: capValue }).optional() });

function query<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  const parsed = schema.safeParse(request.query);
  if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', fieldIssues(parsed.error, 'query'));
  return parsed.data;
}

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new BatonError('unauthenticated', 'Send an API token in the header "Authorization: Bearer <token>".');
  return request.principal;
}

/** The reps whose leads this caller may see, narrowed to a manager's team when ?manager= is given. */
function ownersFor(ctx: ModuleContext, principal: Principal, manager: string | undefined): 'all' | readonly string[] {
  const policy = ctx.deps.policy().policy;
  const visible = visibleOwners(principal, policy);
  if (!manager) return visible;
  const team = teamOf(manager, policy);
  return visible === 'all' ? team : team.filter((rep) => visible.includes(rep));
}

export function handoffRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard): void {
  const { deps } = ctx;

  app.post('/api/v1/leads/:id/actions', { preHandler: requireScope('act') }, async (request) => {
    const { id } = request.params as { id: string };
    if (request.body === undefined || request.body === null || typeof request.body !== 'object') throw new BatonError('invalid_request', 'Send a JSON object as the body.');
    return applyRepAction(deps, id, request.body as RepAction, principalOf(request));
  });

  app.get('/api/v1/leads/:id/clocks', { preHandler: requireScope('read') }, async (request) => {
    const { id } = request.params as { id: string };
    if (!z.uuid().safeParse(id).success) throw new BatonError('invalid_request', `"${id}" is not a lead id (a UUID).`);
    const lead = await deps.db.selectFrom('leads').select(['owner']).where('id', '=', id).executeTakeFirst();
    if (!lead) throw new BatonError('not_found', `No lead with id ${id}.`);
    const visible = visibleOwners(principalOf(request), deps.policy().policy);
    if (visible !== 'all' && !(lead.owner && visible.includes(lead.owner))) throw new BatonError('forbidden', 'This lead is not yours or your team’s.');
    return { clocks: await leadClocks(deps.db, id) };
  });

  app.get('/api/v1/clocks', { preHandler: requireScope('read') }, async (request) => {
    const q = query(clocksQuery, request);
    const owners = ownersFor(ctx, principalOf(request), q.manager);
    return { clocks: await listRunningClocks(deps.db, { owners, limit: q.limit, ...(q.status ? { status: q.status } : {}), ...(q.rep ? { rep: q.rep } : {}) }) };
  });

  app.get('/api/v1/escalations', { preHandler: requireScope('read') }, async (request) => {
    const q = query(escalationsQuery, request);
    const reps = ownersFor(ctx, principalOf(request), q.manager);
    return { escalations: await listEscalations(deps.db, { reps, limit: q.limit, ...(q.since ? { since: new Date(q.since) } : {}) }) };
  });

  app.get('/api/v1/reps', { preHandler: requireScope('read') }, async (request) => {
    const q = query(repsQuery, request);
    const owners = ownersFor(ctx, principalOf(request), q.manager);
    const reps = await listReps(deps.db, deps.policy().policy, deps.clock.now(), owners === 'all' ? undefined : owners);
    return { reps };
  });

  app.patch('/api/v1/reps/:id', { preHandler: requireScope('act') }, async (request) => {
    const { id } = request.params as { id: string };
    const policy = deps.policy().policy;
    if (!policy.reps[id]) throw new BatonError('not_found', `No rep "${id}" in the policy.`);
    const principal = principalOf(request);
    const isAdmin = principal.role === 'admin' || principal.scopes.includes('admin');
    if (!isAdmin && !(principal.role === 'manager' && principal.manager && policy.reps[id]!.manager === principal.manager)) {
      throw new BatonError('forbidden', `Only ${policy.reps[id]!.name}'s manager or an admin can change their availability and caps.`);
    }
    const change = parseBody(repPatch, request.body);
    const now = deps.clock.now();
    return inTransaction(deps.db, async (tx) => {
      await updateRep(tx, id, change as Parameters<typeof updateRep>[2], principal.actor, now);
      const [view] = await listReps(tx, policy, now, [id]);
      return view;
    });
  });

  linkPageRoutes(app, ctx);
}
