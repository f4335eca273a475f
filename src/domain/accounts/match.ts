import type { Company, EmailFacts } from '../lead/profile.js';
import type { AccountMatch } from '../lead/subject.js';
import { normalizeCompanyName } from '../normalize/company-name.js';
import { registrableDomain } from '../normalize/domain.js';

/** An account as the database hands it to matching. */
export interface AccountCandidate {
  id: string;
  name: string;
  /** `normalizeCompanyName(name)`, stored so it can be indexed; computed here when empty. */
  normalized_name: string;
  /**
   * Registrable domain, e.g. "acme.co.uk"; store it as `registrableDomain()` gives it (IDNs in
   * punycode) so the lookup keys find it. Compared here after the same normalization.
   */
  domain?: string;
  owner?: string;
  is_customer: boolean;
  segment?: string;
}

export interface LeadForMatching {
  facts: EmailFacts;
  company: Company;
}

export interface AccountLookupKeys {
  domains: string[];
  normalizedNames: string[];
}

// The person's own mailbox domain is the strongest evidence; a domain they typed or a website
// they gave can be a parent company or a typo; a name alone can be a namesake.
const CONFIDENCE = { domain: 1, company_domain: 0.9, name: 0.75 } as const;

/**
 * The keys that can match a lead, so the database can fetch every candidate in one indexed
 * query (`domain = ANY($1) OR normalized_name = ANY($2)`) before `matchAccount` decides.
 */
export function accountLookupKeys(lead: LeadForMatching): AccountLookupKeys {
  const domains = [emailDomain(lead), companyDomain(lead)].filter((domain) => domain !== undefined);
  const name = lead.company.name === undefined ? '' : normalizeCompanyName(lead.company.name);
  return { domains: [...new Set(domains)], normalizedNames: name === '' ? [] : [name] };
}

/**
 * The account a lead belongs to: by the registrable domain of a professional e-mail, else by
 * the company domain, else by company name when exactly one account has that name (two
 * "Acme"s match neither). Free and disposable mail domains never match by domain. When
 * several accounts share a domain, a customer wins, then the lowest id, so the answer is stable.
 */
export function matchAccount(lead: LeadForMatching, candidates: readonly AccountCandidate[]): AccountMatch | undefined {
  const email = emailDomain(lead);
  const byEmail = email === undefined ? undefined : withDomain(candidates, email);
  if (byEmail !== undefined) return toMatch(byEmail, 'domain');

  const company = companyDomain(lead);
  const byCompany = company === undefined ? undefined : withDomain(candidates, company);
  if (byCompany !== undefined) return toMatch(byCompany, 'company_domain');

  const name = lead.company.name === undefined ? '' : normalizeCompanyName(lead.company.name);
  if (name === '') return undefined;
  const named = new Map<string, AccountCandidate>();
  for (const candidate of candidates) {
    if ((candidate.normalized_name || normalizeCompanyName(candidate.name)) === name) named.set(candidate.id, candidate);
  }
  const [only, ...others] = named.values();
  return only !== undefined && others.length === 0 ? toMatch(only, 'name') : undefined;
}

function emailDomain(lead: LeadForMatching): string | undefined {
  const { professional_email, registrable_domain } = lead.facts;
  return professional_email && registrable_domain !== '' ? registrable_domain : undefined;
}

/** A company domain that is the person's own free or disposable mailbox says nothing about an employer. */
function companyDomain(lead: LeadForMatching): string | undefined {
  const domain = lead.company.domain === undefined ? undefined : registrableDomain(lead.company.domain);
  const { free_email, disposable_email, registrable_domain } = lead.facts;
  return domain === registrable_domain && (free_email || disposable_email) ? undefined : domain;
}

function withDomain(candidates: readonly AccountCandidate[], domain: string): AccountCandidate | undefined {
  const found = candidates.filter((candidate) => candidate.domain !== undefined && registrableDomain(candidate.domain) === domain);
  return found.sort((a, b) => Number(b.is_customer) - Number(a.is_customer) || compare(a.id, b.id))[0];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toMatch(account: AccountCandidate, method: AccountMatch['method']): AccountMatch {
  return {
    account_id: account.id,
    name: account.name,
    ...(account.owner !== undefined && { owner: account.owner }),
    is_customer: account.is_customer,
    ...(account.segment !== undefined && { segment: account.segment }),
    method,
    confidence: CONFIDENCE[method],
  };
}
