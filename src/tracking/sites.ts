/** The sites of the running policy, looked up by public key with their origin matchers. */
import type { Policy } from '../policy/schema.js';
import type { SitePolicy } from '../policy/sections/tracking.js';
import { originMatcher, type OriginMatcher } from './origins.js';

export interface Site extends SitePolicy {
  id: string;
  allows: OriginMatcher;
}

export interface SiteIndex {
  byKey: Map<string, Site>;
  byId: Map<string, Site>;
  /** True when any site allows the origin (answers a CORS preflight, which carries no key). */
  anyAllows: OriginMatcher;
}

const indexes = new WeakMap<Policy, SiteIndex>();

/** Built once per policy object, so a reloaded policy takes effect on the next request. */
export function siteIndex(policy: Policy): SiteIndex {
  let index = indexes.get(policy);
  if (!index) {
    const sites = Object.entries(policy.tracking.sites).map(([id, site]): Site => ({ ...site, id, allows: originMatcher(site.origins) }));
    index = {
      byKey: new Map(sites.map((s) => [s.key, s])),
      byId: new Map(sites.map((s) => [s.id, s])),
      anyAllows: (origin) => sites.some((s) => s.allows(origin)),
    };
    indexes.set(policy, index);
  }
  return index;
}
