/**
 * The object a policy condition reads. Paths are the user-facing field names:
 *   email, first_name, title, country, phone,
 *   company.name|domain|size|industry|country|region|state|annual_revenue,
 *   answers.<any>, source.<utm field of the first touch>, latest.<utm field of the latest touch>,
 *   email_domain, free_email, disposable_email, student_email, professional_email, competitor,
 *   has_account, is_customer, account.name, account.segment,
 *   score.fit, score.engagement, score.total.
 * Bare predicates such as `professional_email` are simply boolean fields.
 */
import type { ConditionSubject } from '../conditions/condition.js';
import type { Activity } from './activity.js';
import type { EmailFacts, LeadProfile } from './profile.js';

export interface AccountMatch {
  account_id: string;
  name: string;
  owner?: string;
  is_customer: boolean;
  segment?: string;
  method: 'domain' | 'company_domain' | 'name';
  /** 0..1: 1.0 for the e-mail's own domain, lower for weaker evidence. */
  confidence: number;
}

export interface ScoreTotals {
  fit: number;
  engagement: number;
  total: number;
}

export function leadSubject(
  profile: LeadProfile,
  facts: EmailFacts,
  account: AccountMatch | undefined,
  score?: ScoreTotals,
): ConditionSubject {
  const first = profile.attribution.first_touch;
  const latest = profile.attribution.latest_touch;
  return {
    email: profile.email,
    first_name: profile.first_name,
    last_name: profile.last_name,
    title: profile.title,
    phone: profile.phone,
    country: profile.country ?? profile.company.country,
    company: profile.company,
    answers: profile.answers,
    source: first ? { channel: first.channel, ...first } : {},
    latest: latest ?? {},
    email_domain: facts.registrable_domain,
    free_email: facts.free_email,
    disposable_email: facts.disposable_email,
    student_email: facts.student_email,
    professional_email: facts.professional_email,
    competitor: facts.competitor,
    has_account: account !== undefined,
    is_customer: account?.is_customer ?? false,
    account: account ? { name: account.name, segment: account.segment, owner: account.owner } : {},
    score: score ?? { fit: 0, engagement: 0, total: 0 },
  };
}

/** The object an engagement rule's `when` reads: `event.type`, `event.url`, `event.properties.x`… */
export function activitySubject(activity: Activity): ConditionSubject {
  return { event: { ...activity, path: pathOf(activity.url) } };
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}
