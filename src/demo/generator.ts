/**
 * A deterministic stream of sample leads and activity for the demo: the same seed gives the same
 * people, so a demo (or a test of it) is reproducible.
 */
import type { LeadRequest } from '../intake/requests.js';
import { ANSWERS, COMPANIES, FIRST_NAMES, FREE_EMAIL_DOMAINS, LAST_NAMES, PAGES, SOURCES, TITLES } from './sample-data.js';

/** mulberry32: a tiny, well-distributed 32-bit PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export interface SampleLead {
  lead: LeadRequest;
  /** Activity after the lead is known: page views, downloads, a webinar. */
  activity: { type: string; url?: string; title?: string }[];
}

export function sampleLead(random: () => number, serial: number, now: Date): SampleLead {
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const company = pick(random, COMPANIES);
  const free = random() < 0.15;
  const local = `${first}.${last}`.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const email = `${local}.${serial}@${free ? pick(random, FREE_EMAIL_DOMAINS) : company.domain}`;
  const source = pick(random, SOURCES);
  const roll = random();
  const event = roll < 0.12 ? { type: 'demo_requested', form_id: 'demo' } : roll < 0.2 ? { type: 'trial_started' } : { type: 'form_submitted', form_id: 'content' };
  const activityCount = Math.floor(random() * 6);
  const activity = Array.from({ length: activityCount }, () => {
    const r = random();
    if (r < 0.6) return { type: 'page_viewed', ...pick(random, PAGES) };
    if (r < 0.8) return { type: 'content_downloaded', title: 'The speed-to-lead playbook' };
    if (r < 0.9) return { type: 'webinar_attended', title: 'Hand-offs that stick' };
    return { type: 'email_clicked', title: 'November newsletter' };
  });
  return {
    lead: {
      email,
      first_name: first,
      last_name: last,
      title: pick(random, TITLES),
      phone: random() < 0.6 ? `+1 415 555 ${String(1000 + (serial % 9000)).padStart(4, '0')}` : undefined,
      company: { name: company.name, domain: company.domain, size: company.size, industry: company.industry, country: company.country, ...(company.state ? { state: company.state } : {}) },
      answers: random() < 0.5 ? { budget: pick(random, ANSWERS.budget), timeline: pick(random, ANSWERS.timeline) } : {},
      source: { ...source, landing_page: pick(random, PAGES).url, at: now.toISOString() },
      event: { ...event, occurred_at: now.toISOString() },
    },
    activity,
  };
}
