/**
 * A form submission through the normal intake: the answers checked against the questions this
 * visitor was shown, then `submitLead` (dedupe, match, score, qualify, route; a high-intent
 * activity hands off at once), then the visitor is linked to the lead and their anonymous
 * activity stitched onto it. The submission id (made when the form was rendered) is the
 * idempotency key, so a double click or a retried request creates one lead event.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { IntakeDeps } from '../intake/context.js';
import { leadRequestSchema, type LeadRequest } from '../intake/requests.js';
import { submitLead } from '../intake/submit-lead.js';
import { HIDDEN_FIELDS, type FormPolicy } from '../policy/sections/forms.js';
import { sourceOf } from '../tracking/identify.js';
import { visitorId } from '../tracking/payloads.js';
import type { Stitcher } from '../tracking/stitching.js';
import { recordSubmission } from './form-store.js';
import { answersToLead } from './lead-request.js';
import { planFields } from './plan.js';
import { validateSubmission } from './validate.js';
import { visitorLead } from './visitor-profile.js';

export const submissionSchema = z.strictObject({
  submission_id: z.uuid(),
  view_id: z.uuid().optional(),
  visitor: visitorId.optional(),
  values: z.record(z.string().max(100), z.unknown()).refine((v) => Object.keys(v).length <= 50, 'at most 50 answers'),
  consent: z.boolean().optional(),
  hidden: z.partialRecord(z.enum(HIDDEN_FIELDS), z.string().max(2_000)).optional(),
  page: z.string().max(2_000).optional(),
  /** The honeypot: a field people never see. */
  website: z.string().max(2_000).optional(),
  /** The page may keep a visitor id (no Do Not Track, no consent needed or given): one is made if it has none. */
  remember: z.boolean().optional(),
});
export type Submission = z.output<typeof submissionSchema>;

export interface SubmitContext {
  deps: IntakeDeps;
  stitcher: Stitcher;
  formId: string;
  form: FormPolicy;
  /** The tracking site the form was sent from (Baton's own hosted page: the form's site or "hosted"). */
  site: string;
}

export type SubmitOutcome = { message: string; visitor?: string; lead_id?: string };

/** Spam (honeypot filled) and bots are answered like everyone else, but nothing reaches the leads. */
export async function dropSubmission(ctx: SubmitContext, body: Submission, outcome: 'spam' | 'bot'): Promise<SubmitOutcome> {
  await recordSubmission(ctx.deps.db, {
    id: body.submission_id,
    form_id: ctx.formId,
    view_id: body.view_id ?? null,
    visitor_id: null,
    lead_id: null,
    outcome,
    answers: {},
    consented: false,
    consent_text: null,
    at: ctx.deps.clock.now(),
  });
  return { message: ctx.form.success_message };
}

export async function submitForm(ctx: SubmitContext, body: Submission): Promise<SubmitOutcome> {
  const { deps, form, formId } = ctx;
  const person = await visitorLead(deps.db, body.visitor);
  const checked = validateSubmission(form, planFields(form, person.known), person.known, body.values, body.consent === true);
  if (!checked.ok) throw new BatonError('validation_failed', 'Some answers need attention: see details.', checked.errors);
  const email = (checked.values.email as string | undefined) ?? person.email;
  if (!email) throw new BatonError('validation_failed', 'Some answers need attention: see details.', [{ path: 'email', message: 'please enter your e-mail address' }]);

  const consented = body.consent === true && form.consent !== undefined;
  // Only the source fields the form asks the page for.
  const hidden = Object.fromEntries(Object.entries(body.hidden ?? {}).filter(([key]) => (form.hidden as string[]).includes(key)));
  const request: LeadRequest = {
    ...answersToLead(checked.values, email),
    ...(await sourceFor(deps, body.visitor, hidden, person.leadId)),
    event: {
      type: form.activity,
      form_id: formId,
      ...(body.page ? { url: body.page } : {}),
      properties: {
        ...hidden,
        ...(form.consent ? { consent: consented, ...(consented ? { consent_text: form.consent.text } : {}) } : {}),
      },
    },
  };
  const parsed = leadRequestSchema.safeParse(request);
  if (!parsed.success) throw new BatonError('validation_failed', 'Some answers need attention: see details.', fieldIssues(parsed.error));

  const submitted = await submitLead(deps, parsed.data, { actor: `form:${formId}`, idempotencyKey: body.submission_id, scope: `forms:${formId}` });
  const leadId = submitted.body.id;
  const keep = body.visitor ?? (body.remember ? randomUUID() : undefined);
  const visitor = keep ? await ctx.stitcher.identify(keep, ctx.site, leadId) : undefined;
  await recordSubmission(deps.db, {
    id: body.submission_id,
    form_id: formId,
    view_id: body.view_id ?? null,
    visitor_id: keep ?? null,
    lead_id: leadId,
    outcome: 'accepted',
    answers: checked.values,
    consented,
    consent_text: consented ? form.consent!.text : null,
    at: deps.clock.now(),
  });
  return { message: form.success_message, lead_id: leadId, ...(visitor ? { visitor } : {}) };
}

/**
 * Where the lead came from: a new person's first touch is the visitor's first page view (dated
 * then), else the UTM parameters of the page the form is on; a known person's is this page.
 */
async function sourceFor(
  deps: IntakeDeps,
  visitor: string | undefined,
  hidden: Record<string, string>,
  knownLead: string | undefined,
): Promise<Pick<LeadRequest, 'source'>> {
  if (!knownLead && visitor) {
    const first = await sourceOf(deps, visitor);
    if (first.source) return first;
  }
  return Object.keys(hidden).length > 0 ? { source: { ...hidden, at: deps.clock.now().toISOString() } } : {};
}
