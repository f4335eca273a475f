/**
 * Form routes. Public (no token; the form's site origins instead):
 *   GET /f/forms.js               the embed script
 *   GET /f/:id                    the hosted page
 *   GET /f/:id/render             the questions for this visitor now (and a view for analytics)
 *   POST /f/:id/progress          how far the visitor got (analytics)
 *   POST /f/:id/submit            a submission → the normal intake
 * API (read): GET /api/v1/forms, /api/v1/forms/:id, /api/v1/forms/:id/analytics.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { parseBody } from '../http/parse.js';
import type { ModuleContext } from '../modules/module.js';
import type { Policy } from '../policy/schema.js';
import { allowOrigin, answerPreflight, isBot, jsonBody, originOf } from '../tracking/public-intake.js';
import { visitorId } from '../tracking/payloads.js';
import type { TrackingServices } from '../tracking/services.js';
import { compact } from '../tracking/snippet.js';
import { siteIndex } from '../tracking/sites.js';
import { recordView, saveProgress } from './form-store.js';
import { hostedPage } from './hosted-page.js';
import { formSite } from './origin.js';
import { planFields } from './plan.js';
import { browserForm } from './render.js';
import { dropSubmission, submissionSchema, submitForm } from './submit.js';
import { visitorLead } from './visitor-profile.js';

const SCRIPT = compact(readFileSync(path.join(import.meta.dirname, 'client', 'forms.js'), 'utf8'));

const progressSchema = z.strictObject({
  view_id: z.uuid(),
  touched: z.array(z.string().max(100)).max(60),
  filled: z.array(z.string().max(100)).max(60),
  last: z.string().max(100).nullable(),
  done: z.boolean().optional(),
});

export function publicFormRoutes(app: FastifyInstance, ctx: ModuleContext, services: TrackingServices): void {
  const { deps } = ctx;
  const policy = () => deps.policy().policy;
  const ownOrigin = () => new URL(ctx.config.publicUrl).origin;
  const formOf = (current: Policy, id: string) => {
    const form = Object.hasOwn(current.forms, id) ? current.forms[id] : undefined;
    if (!form) throw new BatonError('not_found', `No form "${id}"; forms are listed under forms in the policy.`);
    return form;
  };

  app.get('/f/forms.js', async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(SCRIPT),
  );

  app.get('/f/:formId', async (request, reply) => {
    const { formId } = request.params as { formId: string };
    return reply.type('text/html; charset=utf-8').send(hostedPage(formId, formOf(policy(), formId)));
  });

  for (const route of ['/f/:formId/render', '/f/:formId/progress', '/f/:formId/submit']) {
    app.options(route, async (request, reply) => answerPreflight(policy(), request, reply, ownOrigin()));
  }

  app.get('/f/:formId/render', async (request, reply) => {
    const current = policy();
    const { formId } = request.params as { formId: string };
    const form = formOf(current, formId);
    const origin = originOf(request);
    const site = formSite(current, formId, form, origin, ownOrigin());
    allowOrigin(reply, origin);
    const query = request.query as { visitor?: unknown };
    const visitor = visitorId.safeParse(query.visitor).success ? (query.visitor as string) : undefined;
    services.limits.events(current, reply, request.ip, visitor, 1);
    const person = await visitorLead(deps.db, visitor);
    const planned = planFields(form, person.known);
    const viewId = randomUUID();
    if (!isBot(request)) {
      await recordView(deps.db, { id: viewId, form_id: formId, visitor_id: visitor ?? null, fields: planned.map((p) => p.field.name), at: deps.clock.now() });
    }
    const consentNeeded = siteIndex(current).byId.get(site)?.consent === 'required';
    return reply.header('cache-control', 'no-store').send({
      ...browserForm(formId, form, planned, person.known),
      view_id: viewId,
      submission_id: randomUUID(),
      // The page may keep a visitor id after a submission when its site does not ask for consent first.
      track: !consentNeeded,
    });
  });

  app.post('/f/:formId/progress', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const current = policy();
    const { formId } = request.params as { formId: string };
    const form = formOf(current, formId);
    const origin = originOf(request);
    formSite(current, formId, form, origin, ownOrigin());
    allowOrigin(reply, origin);
    const body = parseBody(progressSchema, jsonBody(request.body));
    services.limits.events(current, reply, request.ip, undefined, 1);
    await saveProgress(deps.db, { ...body, form_id: formId }, deps.clock.now());
    return reply.status(204).send();
  });

  app.post('/f/:formId/submit', { bodyLimit: 32 * 1024 }, async (request, reply) => {
    const current = policy();
    const { formId } = request.params as { formId: string };
    const form = formOf(current, formId);
    const origin = originOf(request);
    if (!origin) throw new BatonError('forbidden', 'Form submissions come from a web page (with an Origin header); systems send leads with POST /api/v1/leads and a token.');
    const site = formSite(current, formId, form, origin, ownOrigin());
    allowOrigin(reply, origin);
    const body = parseBody(submissionSchema, jsonBody(request.body));
    const submit = { deps, stitcher: services.stitcher, formId, form, site };
    if (isBot(request)) return dropSubmission(submit, body, 'bot');
    if (body.website) return dropSubmission(submit, body, 'spam');
    services.limits.formSubmission(current, reply, request.ip);
    const { message, visitor } = await submitForm(submit, body);
    return { message, ...(visitor ? { visitor } : {}) };
  });
}
