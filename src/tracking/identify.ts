/** Naming a visitor by e-mail (baton.identify, a tracked e-mail link): find or create the lead, then stitch. */
import { normalizeEmail } from '../domain/normalize/email.js';
import { BatonError } from '../errors/baton-error.js';
import type { IntakeDeps } from '../intake/context.js';
import type { LeadRequest } from '../intake/requests.js';
import { submitLead } from '../intake/submit-lead.js';
import type { Stitcher } from './stitching.js';
import { visitorTouch } from './visitor-store.js';

/** The lead's id for an e-mail; a new lead (stage known, sourced from the visitor's first touch) if there is none. */
export async function leadForEmail(deps: IntakeDeps, email: string, visitorId: string | undefined, actor: string): Promise<string> {
  const normalized = normalizeEmail(email);
  if (!normalized.ok) throw new BatonError('validation_failed', 'That is not an e-mail address.', [{ path: 'email', message: normalized.error }]);
  const existing = await deps.db.selectFrom('leads').select('id').where('email', '=', normalized.email).executeTakeFirst();
  if (existing) return existing.id;
  const request: LeadRequest = { email: normalized.email, ...(visitorId ? await sourceOf(deps, visitorId) : {}) };
  return (await submitLead(deps, request, { actor })).body.id;
}

/** The visitor's first touch as a lead source, dated when it happened (so it stays the first touch). */
export async function sourceOf(deps: IntakeDeps, visitorId: string): Promise<Pick<LeadRequest, 'source'>> {
  const row = await visitorTouch(deps.db, visitorId);
  if (!row?.first_touch) return {};
  return { source: { ...row.first_touch, at: new Date(row.first_seen_at).toISOString() } };
}

export async function identifyByEmail(
  deps: IntakeDeps,
  stitcher: Stitcher,
  input: { visitorId: string; site: string; email: string; actor: string },
): Promise<{ visitor: string; leadId: string }> {
  const leadId = await leadForEmail(deps, input.email, input.visitorId, input.actor);
  const visitor = await stitcher.identify(input.visitorId, input.site, leadId);
  return { visitor, leadId };
}
