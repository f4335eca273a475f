/** Which pages may show and send a form: its site's origins (any site's, if it names none) and Baton's own hosted page. */
import { BatonError } from '../errors/baton-error.js';
import type { Policy } from '../policy/schema.js';
import type { FormPolicy } from '../policy/sections/forms.js';
import { siteIndex } from '../tracking/sites.js';

/** The site id to record a submission under; throws 403 for an origin the form may not be used from. */
export function formSite(policy: Policy, formId: string, form: FormPolicy, origin: string | undefined, ownOrigin: string): string {
  const index = siteIndex(policy);
  const named = form.site ? index.byId.get(form.site) : undefined;
  if (origin === undefined || origin === ownOrigin) return named?.id ?? 'hosted';
  const candidates = form.site ? (named ? [named] : []) : [...index.byId.values()];
  const site = candidates.find((s) => s.allows(origin));
  if (!site) {
    const where = form.site ? `tracking.sites.${form.site}.origins` : 'the origins of a site under tracking.sites';
    throw new BatonError('forbidden', `Form "${formId}" may not be used from ${origin}; add it to ${where} in the policy.`);
  }
  return site.id;
}
