/**
 * Tracking routes. Public (no token; the site's public key and origin instead):
 *   GET /t/baton.js?key=…   the snippet
 *   POST /t/events          page views and custom events (202 once committed)
 *   POST /t/identify        name the visitor by e-mail or tracked-link token → {visitor}
 * API: GET /api/v1/sites (read), GET /api/v1/visitors/:id (read), POST /api/v1/tracking/link-tokens (ingest).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { parseBody } from '../http/parse.js';
import type { ScopeGuard } from '../http/auth.js';
import type { ModuleContext } from '../modules/module.js';
import type { Policy } from '../policy/schema.js';
import type { NewActivity } from './activity-store.js';
import { identifyByEmail } from './identify.js';
import { LINK_PARAM, linkSecret, signLinkToken, verifyLinkToken } from './link-token.js';
import { eventBatchSchema, identifySchema, type PublicEvent } from './payloads.js';
import { allowOrigin, answerPreflight, isBot, jsonBody, originOf, siteForKey } from './public-intake.js';
import type { TrackingServices } from './services.js';
import { renderSnippet, snippetConfig, snippetTag } from './snippet.js';
import { siteIndex, type Site } from './sites.js';
import { touchFromPage } from './touch.js';
import { visitorView } from './visitor-store.js';

/** Bodies from the snippet are small: 50 events of a URL, a title and a few properties. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;

export function trackingRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard, services: TrackingServices): void {
  const { deps } = ctx;
  const policy = () => deps.policy().policy;
  const ownOrigin = () => new URL(ctx.config.publicUrl).origin;

  app.get('/t/baton.js', async (request, reply) => {
    const key = (request.query as { key?: unknown }).key;
    const site = typeof key === 'string' ? siteIndex(policy()).byKey.get(key) : undefined;
    if (!site) throw new BatonError('not_found', 'Add ?key=<the public key of a site under tracking.sites> to the snippet URL.');
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(renderSnippet(snippetConfig(site, ctx.config.publicUrl)));
  });

  /** A public request's body, once its key, origin and consent have passed. */
  const admit = <S extends z.ZodType<{ key: string; consent?: boolean | undefined }>>(schema: S, request: FastifyRequest, reply: FastifyReply) => {
    const current = policy();
    const origin = originOf(request);
    const body = parseBody(schema, jsonBody(request.body));
    const site = siteForKey(current, body.key, origin);
    allowOrigin(reply, origin);
    requireConsent(site, body.consent);
    return { current, body, site };
  };

  for (const route of ['/t/events', '/t/identify']) {
    app.options(route, async (request, reply) => answerPreflight(policy(), request, reply, ownOrigin()));
  }

  app.post('/t/events', { bodyLimit: PUBLIC_BODY_LIMIT }, async (request, reply) => {
    const { current, body, site } = admit(eventBatchSchema, request, reply);
    if (isBot(request)) return reply.status(202).send({ accepted: 0, ignored: body.events.length, reason: 'bot' });
    services.limits.events(current, reply, request.ip, body.visitor, body.events.length);
    const reserved = reservedTypes(current);
    const now = deps.clock.now().getTime();
    const rejected: { index: number; message: string }[] = [];
    const rows: NewActivity[] = [];
    body.events.forEach((event, index) => {
      if (reserved.has(event.type)) {
        rejected.push({ index, message: `"${event.type}" comes only from Baton forms or the API, not from the page` });
        return;
      }
      rows.push(toActivity(body.visitor, site.id, event, new Date(now - event.ago)));
    });
    if (rows.length > 0) await services.writer.write(rows);
    return reply.status(202).send({ accepted: rows.length, rejected });
  });

  app.post('/t/identify', { bodyLimit: 8 * 1024 }, async (request, reply) => {
    const { current, body, site } = admit(identifySchema, request, reply);
    if (isBot(request)) return reply.status(202).send({ visitor: body.visitor });
    services.limits.events(current, reply, request.ip, body.visitor, 1);
    let email: string;
    if ('token' in body) {
      const verified = verifyLinkToken(await linkSecret(deps.db, deps.clock.now()), body.token);
      if (!verified) throw new BatonError('forbidden', 'This e-mail link token is not one Baton signed.');
      email = verified;
    } else {
      if (!site.identify) throw new BatonError('forbidden', `Site "${site.id}" does not allow baton.identify (tracking.sites.${site.id}.identify is false).`);
      email = body.email;
    }
    const { visitor } = await identifyByEmail(deps, services.stitcher, { visitorId: body.visitor, site: site.id, email, actor: `tracking:${site.id}` });
    return { visitor };
  });

  app.get('/api/v1/sites', { preHandler: requireScope('read') }, async () => ({
    sites: [...siteIndex(policy()).byId.values()].map((site) => siteView(site, ctx.config.publicUrl, policy())),
  }));

  app.get('/api/v1/visitors/:id', { preHandler: requireScope('read') }, async (request) => {
    const { id } = request.params as { id: string };
    if (!z.uuid().safeParse(id).success) throw new BatonError('invalid_request', `"${id}" is not a visitor id (a UUID).`);
    const view = await visitorView(deps.db, id);
    if (!view) throw new BatonError('not_found', `No visitor with id ${id}.`);
    return view;
  });

  app.post('/api/v1/tracking/link-tokens', { preHandler: requireScope('ingest') }, async (request) => {
    const body = parseBody(z.strictObject({ email: z.email() }), request.body);
    const email = body.email.trim().toLowerCase();
    const token = signLinkToken(await linkSecret(deps.db, deps.clock.now()), email);
    return { email, param: LINK_PARAM, token, example: `https://www.example.com/landing?${LINK_PARAM}=${token}` };
  });
}

function requireConsent(site: Site, consent: boolean | undefined): void {
  if (site.consent === 'required' && consent !== true) {
    throw new BatonError('forbidden', `Site "${site.id}" requires consent: nothing is recorded until the page calls baton.consent(true).`);
  }
}

const reservedByPolicy = new WeakMap<Policy, Set<string>>();

/** Activity types a page may not claim for itself: high-intent actions and form submissions. */
function reservedTypes(policy: Policy): Set<string> {
  let reserved = reservedByPolicy.get(policy);
  if (!reserved) {
    reserved = new Set([...policy.mql.high_intent, 'form_submitted', ...Object.values(policy.forms).map((f) => f.activity)]);
    reservedByPolicy.set(policy, reserved);
  }
  return reserved;
}

function toActivity(visitorId: string, site: string, event: PublicEvent, occurredAt: Date): NewActivity {
  const properties = { ...event.properties, ...(event.referrer ? { referrer: event.referrer } : {}) };
  return {
    visitor_id: visitorId,
    site,
    type: event.type,
    occurred_at: occurredAt,
    ...(event.url ? { url: event.url } : {}),
    ...(event.title ? { title: event.title } : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
    ...(event.type === 'page_viewed' ? { touch: touchFromPage(event.url, event.referrer) } : {}),
  };
}

function siteView(site: Site, publicUrl: string, policy: Policy) {
  return {
    id: site.id,
    name: site.name ?? site.id,
    key: site.key,
    origins: site.origins,
    consent: site.consent,
    identify: site.identify,
    snippet: snippetTag(site, publicUrl),
    forms: Object.entries(policy.forms)
      .filter(([, form]) => !form.site || form.site === site.id)
      .map(([id]) => id),
  };
}
