/**
 * What Baton knows about a person. Field names are the ones users write in the API, in CSV
 * columns and in policy conditions (`company.size`, `answers.budget`), so they are snake_case.
 */
export interface Company {
  name?: string;
  /** Registrable domain, e.g. "acme.co.uk". */
  domain?: string;
  size?: number;
  industry?: string;
  /** ISO 3166-1 alpha-2, e.g. "US". */
  country?: string;
  region?: string;
  state?: string;
  annual_revenue?: number;
  website?: string;
}

export interface Touch {
  at: string;
  channel?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  referrer?: string;
  landing_page?: string;
}

export interface Attribution {
  first_touch?: Touch;
  latest_touch?: Touch;
}

export interface LeadProfile {
  /** Normalized: trimmed, lower case. */
  email: string;
  first_name?: string;
  last_name?: string;
  title?: string;
  /** E.164, e.g. "+14155550123". */
  phone?: string;
  /** The person's own country (ISO alpha-2) when it differs from the company's. */
  country?: string;
  company: Company;
  /** Free-form qualification answers: budget, timeline, use case… */
  answers: Record<string, string | number | boolean>;
  attribution: Attribution;
}

/** What the e-mail says about the person, worked out by normalization. */
export interface EmailFacts {
  /** Full domain of the address, e.g. "mail.acme.co.uk". */
  domain: string;
  /** Registrable domain, e.g. "acme.co.uk". */
  registrable_domain: string;
  free_email: boolean;
  disposable_email: boolean;
  student_email: boolean;
  professional_email: boolean;
  competitor: boolean;
}
