/** The forms API (scope read): the forms of the policy, one form, and its analytics. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { ScopeGuard } from '../http/auth.js';
import type { ModuleContext } from '../modules/module.js';
import type { Policy } from '../policy/schema.js';
import type { FormPolicy } from '../policy/sections/forms.js';
import { formAnalytics, formCounts } from './analytics.js';

const DAY = 86_400_000;
const periodQuery = z.strictObject({
  from: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-11-01T00:00:00Z' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-12-01T00:00:00Z' }).optional(),
});

export function formApiRoutes(app: FastifyInstance, ctx: ModuleContext, requireScope: ScopeGuard): void {
  const { deps } = ctx;
  const policy = () => deps.policy().policy;

  app.get('/api/v1/forms', { preHandler: requireScope('read') }, async (request) => {
    const { from, to } = period(request.query, deps.clock.now());
    const current = policy();
    const forms = await Promise.all(
      Object.entries(current.forms).map(async ([id, form]) => {
        const counts = await formCounts(deps.db, id, from, to);
        const figures = formAnalytics(counts, []);
        return {
          ...summary(id, form, current, ctx.config.publicUrl),
          views: figures.views,
          submissions: figures.submissions,
          conversion_rate: figures.conversion_rate,
        };
      }),
    );
    return { period: { from: from.toISOString(), to: to.toISOString() }, forms };
  });

  app.get('/api/v1/forms/:id', { preHandler: requireScope('read') }, async (request) => {
    const { id } = request.params as { id: string };
    const current = policy();
    const form = formOr404(current, id);
    return {
      ...summary(id, form, current, ctx.config.publicUrl),
      intro: form.intro ?? null,
      fields: form.fields.map(({ show_if, ...field }) => ({ ...field, show_if: show_if?.source ?? null })),
      hidden: form.hidden,
      consent: form.consent ?? null,
      submit_label: form.submit_label,
      success_message: form.success_message,
    };
  });

  app.get('/api/v1/forms/:id/analytics', { preHandler: requireScope('read') }, async (request) => {
    const { id } = request.params as { id: string };
    const form = formOr404(policy(), id);
    const { from, to } = period(request.query, deps.clock.now());
    const counts = await formCounts(deps.db, id, from, to);
    return { form: id, period: { from: from.toISOString(), to: to.toISOString() }, ...formAnalytics(counts, form.fields.map((f) => f.name)) };
  });
}

function formOr404(policy: Policy, id: string): FormPolicy {
  const form = Object.hasOwn(policy.forms, id) ? policy.forms[id] : undefined;
  if (!form) throw new BatonError('not_found', `No form "${id}"; forms are listed under forms in the policy.`);
  return form;
}

/** The last 30 days unless the query says otherwise. */
function period(query: unknown, now: Date): { from: Date; to: Date } {
  const parsed = periodQuery.safeParse(query ?? {});
  if (!parsed.success) throw new BatonError('invalid_request', 'Fix the query parameters listed in details.', fieldIssues(parsed.error, 'query'));
  const to = parsed.data.to ? new Date(parsed.data.to) : new Date(now.getTime() + 1);
  const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - 30 * DAY);
  if (from >= to) throw new BatonError('invalid_request', '"from" must be before "to".');
  return { from, to };
}

function summary(id: string, form: FormPolicy, policy: Policy, publicUrl: string) {
  return {
    id,
    title: form.title,
    site: form.site ?? null,
    activity: form.activity,
    high_intent: policy.mql.high_intent.includes(form.activity),
    max_fields: form.max_fields ?? null,
    questions: form.fields.length,
    hosted_url: `${publicUrl}/f/${id}`,
    embed: `<div data-baton-form="${id}"></div>\n<script async src="${publicUrl}/f/forms.js"></script>`,
  };
}
