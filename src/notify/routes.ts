/**
 * The notification API: integration health, deliveries (dead letters and retries), rep
 * preferences, webhook endpoints and the Slack interactive endpoint.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import type { ScopeGuard } from '../http/auth.js';
import { parseBody } from '../http/parse.js';
import type { ModuleContext } from '../modules/module.js';
import { CHANNELS, quietHoursSchema } from '../policy/sections/notifications.js';
import { getDelivery, listDeliveries, retryDelivery } from './delivery-store.js';
import { integrationHealth } from './health-store.js';
import { resolvePerson } from './people.js';
import { apiEndpoints, createEndpoint, disableEndpoint, savePreference, storedPreferences } from './preference-store.js';
import type { ChannelSettings } from './settings.js';
import { slackInteractiveRoute } from './slack-interactive.js';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;

const deliveriesQuery = z.object({
  status: z.enum(STATUSES).optional(),
  lead_id: z.uuid().optional(),
  channel: z.enum(['email', 'slack', 'sms', 'webhook']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const preferenceBody = z.strictObject({
  channels: z.array(z.enum(CHANNELS)).refine((l) => new Set(l).size === l.length, 'each channel once'),
  quiet_hours: quietHoursSchema.nullable().optional(),
  slack_user: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack member id such as U024BE7LH').nullable().optional(),
});

const endpointBody = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://crm.example.com/hooks/baton' }),
  events: z.array(z.string().regex(/^(\*|lead\.[a-z_]+)$/, 'an event type such as "lead.assigned", or "*"')).min(1).default(['*']),
  description: z.string().max(200).optional(),
});

export function notifyRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard, settings: () => ChannelSettings): void {
  const { db, clock } = ctx.deps;
  const query = <S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> => {
    const parsed = schema.safeParse(request.query);
    if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return parsed.data;
  };

  app.get('/api/v1/health/integrations', { preHandler: requireScope('read') }, async () => {
    const s = settings();
    const configured = [...(s.email ? ['email'] : []), ...(s.slack ? ['slack'] : []), ...(s.sms ? ['sms'] : []), ...[...s.webhooks, ...(await apiEndpoints(db))].map((e) => `webhook:${e.id}`)];
    return integrationHealth(db, configured, s.disabled);
  });

  app.get('/api/v1/deliveries', { preHandler: requireScope('admin') }, async (request) => {
    const q = query(deliveriesQuery, request);
    return { deliveries: await listDeliveries(db, { limit: q.limit, ...(q.status ? { status: q.status } : {}), ...(q.lead_id ? { leadId: q.lead_id } : {}), ...(q.channel ? { channel: q.channel } : {}) }) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/deliveries/:id', { preHandler: requireScope('admin') }, async (request) => {
    const delivery = await getDelivery(db, request.params.id);
    if (!delivery) throw new BatonError('not_found', `No delivery ${request.params.id}. GET /api/v1/deliveries lists them.`);
    return delivery;
  });

  app.post<{ Params: { id: string } }>('/api/v1/deliveries/:id/retry', { preHandler: requireScope('admin') }, async (request) => {
    const outcome = await retryDelivery(db, request.params.id, clock.now());
    if (outcome === 'not_found') throw new BatonError('not_found', `No delivery ${request.params.id}. GET /api/v1/deliveries?status=dead lists dead letters.`);
    if (outcome !== 'queued') throw new BatonError('conflict', `Delivery ${request.params.id} is ${outcome}; only dead, failed or pending deliveries can be retried.`);
    return (await getDelivery(db, request.params.id))!;
  });

  app.get<{ Params: { id: string } }>('/api/v1/reps/:id/notifications', { preHandler: requireScope('act') }, async (request) => {
    mayManage(ctx, request, request.params.id);
    return preferenceView(ctx, request.params.id);
  });

  app.put<{ Params: { id: string } }>('/api/v1/reps/:id/notifications', { preHandler: requireScope('act') }, async (request) => {
    mayManage(ctx, request, request.params.id);
    const body = parseBody(preferenceBody, request.body);
    const current = await preferenceView(ctx, request.params.id);
    await savePreference(
      db,
      request.params.id,
      {
        channels: body.channels,
        quiet_hours: body.quiet_hours === undefined ? current.quiet_hours : body.quiet_hours,
        slack_user: body.slack_user === undefined ? current.slack_user : body.slack_user,
      },
      request.principal?.actor ?? 'anonymous',
      clock.now(),
    );
    return preferenceView(ctx, request.params.id);
  });

  app.get('/api/v1/webhooks', { preHandler: requireScope('admin') }, async () => ({
    endpoints: [
      ...settings().webhooks.map((e) => ({ id: e.id, url: e.url, events: e.events, source: 'policy' })),
      ...Object.entries(settings().disabled)
        .filter(([key]) => key.startsWith('webhook:'))
        .map(([key, why]) => ({ id: key.slice('webhook:'.length), url: null, events: [], source: 'policy', disabled: why })),
      ...(await apiEndpoints(db)).map((e) => ({ id: e.id, url: e.url, events: e.events, source: 'api' })),
    ],
  }));

  app.post('/api/v1/webhooks', { preHandler: requireScope('admin') }, async (request, reply) => {
    const body = parseBody(endpointBody, request.body);
    const created = await createEndpoint(db, body, clock.now());
    // The secret is shown once: the receiver verifies signatures with it.
    return reply.code(201).send({ id: created.id, url: body.url, events: body.events, secret: created.secret, source: 'api' });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/webhooks/:id', { preHandler: requireScope('admin') }, async (request, reply) => {
    if (!(await disableEndpoint(db, request.params.id, clock.now()))) {
      throw new BatonError('not_found', `No endpoint ${request.params.id} added through the API (endpoints in the policy are removed by editing it).`);
    }
    return reply.code(204).send();
  });

  slackInteractiveRoute(app, ctx, settings);
}

/** A rep manages their own preferences; their manager and admins may too. */
function mayManage(ctx: ModuleContext, request: FastifyRequest, rep: string): void {
  const policy = ctx.deps.policy().policy;
  if (!policy.reps[rep]) throw new BatonError('not_found', `No rep "${rep}" in the policy. Reps: ${Object.keys(policy.reps).join(', ')}.`);
  const p = request.principal;
  if (!p) throw new BatonError('unauthenticated', 'Sign in or send an API token.');
  if (p.role === 'admin' || p.scopes.includes('admin')) return;
  if (p.role === 'rep' && p.rep === rep) return;
  if (p.role === 'manager' && p.manager !== undefined && policy.reps[rep]!.manager === p.manager) return;
  throw new BatonError('forbidden', `Only ${rep}, their manager or an admin may see or change ${rep}'s notification settings.`);
}

async function preferenceView(ctx: ModuleContext, rep: string) {
  const policy = ctx.deps.policy().policy;
  const person = resolvePerson(policy, rep, await storedPreferences(ctx.deps.db, [rep]))!;
  return {
    rep,
    channels: person.channels,
    quiet_hours: person.quietHours ?? null,
    slack_user: person.slackUser ?? null,
    timezone: person.timezone,
    urgent_overrides_quiet_hours: policy.notifications.defaults.urgent_overrides_quiet_hours,
    source: person.source,
  };
}
