import type { Company, EmailFacts, LeadProfile, Touch } from '../lead/profile.js';
import { normalizeCountry } from './country.js';
import { registrableDomain } from './domain.js';
import { type DomainLists, emailFacts, normalizeEmail } from './email.js';
import { type FieldValue, describeValue, readQuantity, readText, readTime } from './field-values.js';
import { normalizePhone } from './phone.js';

export { mergeProfiles } from './merge-profiles.js';

/** A value as an API body or a CSV cell gives it: numbers may arrive as text and vice versa. */
export type RawValue = string | number | boolean | null | undefined;

export interface RawTouchFields {
  at?: RawValue;
  channel?: RawValue;
  utm_source?: RawValue;
  utm_medium?: RawValue;
  utm_campaign?: RawValue;
  utm_term?: RawValue;
  utm_content?: RawValue;
  referrer?: RawValue;
  landing_page?: RawValue;
}

export interface RawLeadFields {
  email?: RawValue;
  first_name?: RawValue;
  last_name?: RawValue;
  title?: RawValue;
  phone?: RawValue;
  country?: RawValue;
  company?: { [K in keyof Company | 'website']?: RawValue } | null;
  answers?: Record<string, RawValue | readonly RawValue[]> | null;
  attribution?: { first_touch?: RawTouchFields | null; latest_touch?: RawTouchFields | null } | null;
}

export interface NormalizeLeadOptions {
  /** ISO time used as `at` for a touch that has none (Default: none, so such a touch is an error). */
  receivedAt?: string;
}

export type LeadFieldsResult =
  | { ok: true; profile: LeadProfile; facts: EmailFacts; warnings: string[] }
  | { ok: false; errors: { path: string; message: string }[] };

const TOUCH_TEXT = ['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'landing_page'] as const;

/**
 * Turns intake fields into a profile. Refused only for a missing or invalid e-mail or a value
 * of the wrong kind (a size that is not a number). What can be dropped without misleading
 * anyone is dropped with a warning: a phone that does not parse, a country that is not
 * recognized (kept out so `country` is always an ISO code), a company domain that is not one.
 * `company.domain` comes from the explicit domain, else the website, else a professional e-mail.
 */
export function normalizeLeadFields(input: RawLeadFields, lists: DomainLists, options: NormalizeLeadOptions = {}): LeadFieldsResult {
  const errors: { path: string; message: string }[] = [];
  const warnings: string[] = [];
  const read = <T>(path: string, result: FieldValue<T>): T | undefined => {
    if (result.ok) return result.value;
    errors.push({ path, message: result.error });
    return undefined;
  };
  const text = (path: string, value: unknown): string | undefined => read(path, readText(value));
  const object = (path: string, value: unknown): Record<string, unknown> => {
    if (value === undefined || value === null) return {};
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    errors.push({ path, message: `expected an object, got ${describeValue(value)}` });
    return {};
  };
  const country = (path: string, value: unknown): string | undefined => {
    const given = text(path, value);
    const code = given === undefined ? undefined : normalizeCountry(given);
    if (given !== undefined && code === undefined) {
      warnings.push(`${path}: ${JSON.stringify(given)} is not a country we recognize; use a code like GB or a name like "United Kingdom". It was left out.`);
    }
    return code;
  };
  const touch = (path: string, value: unknown): Touch | undefined => {
    const raw = object(path, value);
    const fields = Object.fromEntries(TOUCH_TEXT.map((key) => [key, text(`${path}.${key}`, raw[key])]));
    const time = readTime(raw.at);
    if (!time.ok) {
      errors.push({ path: `${path}.at`, message: time.error });
      return undefined;
    }
    if (time.value === undefined && Object.values(fields).every((field) => field === undefined)) return undefined;
    const at = time.value ?? options.receivedAt;
    if (at === undefined) {
      errors.push({ path: `${path}.at`, message: 'required: when the touch happened, e.g. 2024-05-01T09:30:00Z' });
      return undefined;
    }
    return compact({ ...fields, at });
  };

  const emailText = text('email', input.email);
  const email = emailText === undefined ? undefined : normalizeEmail(emailText);
  if (email === undefined) errors.push({ path: 'email', message: 'required: the person’s e-mail address, e.g. ana@acme.com' });
  else if (!email.ok) errors.push({ path: 'email', message: email.error });
  const facts = email?.ok ? emailFacts(email.email, lists) : undefined;

  const rawCompany = object('company', input.company);
  const website = text('company.website', rawCompany.website);
  const company: Company = {
    name: text('company.name', rawCompany.name),
    domain: companyDomain(text('company.domain', rawCompany.domain), website, facts, warnings),
    size: floor(read('company.size', readQuantity(rawCompany.size))),
    industry: text('company.industry', rawCompany.industry),
    country: country('company.country', rawCompany.country),
    region: text('company.region', rawCompany.region),
    state: text('company.state', rawCompany.state),
    annual_revenue: read('company.annual_revenue', readQuantity(rawCompany.annual_revenue)),
    website,
  };

  const person = {
    first_name: text('first_name', input.first_name),
    last_name: text('last_name', input.last_name),
    title: text('title', input.title),
    country: country('country', input.country),
  };
  const phoneText = text('phone', input.phone);
  const phone = phoneText === undefined ? undefined : normalizePhone(phoneText, person.country ?? company.country);
  if (phone !== undefined && !phone.ok) warnings.push(`phone: ${phone.error}. The lead was kept without it.`);

  const rawAttribution = object('attribution', input.attribution);
  const attribution = compact({
    first_touch: touch('attribution.first_touch', rawAttribution.first_touch),
    latest_touch: touch('attribution.latest_touch', rawAttribution.latest_touch),
  });
  const answers = readAnswers(object('answers', input.answers), warnings);

  if (errors.length > 0 || email === undefined || !email.ok || facts === undefined) return { ok: false, errors };
  const profile: LeadProfile = {
    ...compact({ email: email.email, ...person, phone: phone?.ok ? phone.e164 : undefined }),
    company: compact(company),
    answers,
    attribution,
  };
  return { ok: true, profile, facts, warnings };
}

function companyDomain(domain: string | undefined, website: string | undefined, facts: EmailFacts | undefined, warnings: string[]): string | undefined {
  const explicit = domain === undefined ? undefined : registrableDomain(domain);
  if (domain !== undefined && explicit === undefined) {
    warnings.push(`company.domain: ${JSON.stringify(domain)} is not a domain like acme.com; it was left out.`);
  }
  const fromWebsite = website === undefined ? undefined : registrableDomain(website);
  return explicit ?? fromWebsite ?? (facts?.professional_email ? facts.registrable_domain : undefined);
}

/** Lists (multi-select answers) are joined with ", "; other non-scalar answers are dropped. */
function readAnswers(raw: Record<string, unknown>, warnings: string[]): LeadProfile['answers'] {
  const answers: LeadProfile['answers'] = {};
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = rawKey.trim();
    if (key === '') continue;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      answers[key] = value;
      continue;
    }
    const items = Array.isArray(value) ? value : [value];
    const texts = items.map((item) => readText(item));
    if (texts.every((result) => result.ok)) {
      const joined = texts.flatMap((result) => (result.ok && result.value !== undefined ? [result.value] : [])).join(', ');
      if (joined !== '') answers[key] = joined;
    } else {
      warnings.push(`answers.${key}: expected text, a number or true/false, got ${describeValue(value)}; it was left out.`);
    }
  }
  return answers;
}

function floor(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.floor(value);
}

/** The object without its undefined properties, so stored profiles carry no empty keys. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
