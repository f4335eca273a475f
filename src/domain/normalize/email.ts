import { domainToASCII } from 'node:url';
import disposableDomains from 'disposable-email-domains/index.json' with { type: 'json' };
import disposableWildcards from 'disposable-email-domains/wildcard.json' with { type: 'json' };
import freeProviders from 'email-providers/all.json' with { type: 'json' };
import { parse } from 'tldts';
import type { EmailFacts } from '../lead/profile.js';
import { asciiHost } from './domain.js';

/** The policy's `domains` section: lists people maintain on top of the packaged ones. */
export interface DomainLists {
  /** Registrable domains of competitors; their people are flagged `competitor`. */
  competitors: readonly string[];
  /** Suffixes of schools' domains, e.g. "edu", "ac.uk", "mit.edu". */
  student_suffixes: readonly string[];
  /** Free providers missing from the packaged list. */
  free_extra: readonly string[];
  /** Domains wrongly in the packaged free list; they count as professional. */
  professional_extra: readonly string[];
}

export type EmailResult = { ok: true; email: string } | { ok: false; error: string };

// Loaded once: 8,760 free providers (email-providers/all.json), 121,570 disposable domains and
// 399 domains whose every subdomain is disposable (disposable-email-domains 1.0.62).
const FREE = new Set<string>(freeProviders);
const DISPOSABLE = new Set<string>(disposableDomains);
const DISPOSABLE_WILDCARD = new Set<string>(disposableWildcards);

// RFC 5322 atext plus any letter, digit or mark (RFC 6531 internationalized local parts).
const LOCAL_PART = /^[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}\p{M}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Trims, lower-cases and drops a `mailto:` prefix. Unicode local parts are kept (in NFC);
 * internationalized domains are stored in punycode ("ana@münchen.de" → "ana@xn--mnchen-3ya.de").
 * Quoted local parts and IP-address domains are refused: no lead form produces them.
 */
export function normalizeEmail(raw: string): EmailResult {
  const fail = (): EmailResult => ({
    ok: false,
    error: `expected an e-mail address like ana@acme.com, got ${JSON.stringify(clip(raw.trim()))}`,
  });
  let text = raw.trim().normalize('NFC').toLowerCase();
  if (text.startsWith('mailto:')) text = text.slice('mailto:'.length).split('?', 1)[0] ?? '';
  const at = text.lastIndexOf('@');
  if (at <= 0) return fail();
  const local = text.slice(0, at);
  const domain = domainToASCII(text.slice(at + 1));
  if (!LOCAL_PART.test(local) || new TextEncoder().encode(local).length > 64) return fail();
  if (domain.length > 253 || !isHostName(domain)) return fail();
  const email = `${local}@${domain}`;
  return email.length > 254 ? fail() : { ok: true, email };
}

function isHostName(domain: string): boolean {
  const labels = domain.split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LEVEL.test(top);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

interface CompiledLists {
  competitors: Set<string>;
  studentSuffixes: Set<string>;
  freeExtra: Set<string>;
  professionalExtra: Set<string>;
}

// The policy's lists are compiled once per parsed policy object, not once per lead.
const compiled = new WeakMap<DomainLists, CompiledLists>();

function compile(lists: DomainLists): CompiledLists {
  let result = compiled.get(lists);
  if (result === undefined) {
    const hosts = (entries: readonly string[]): string[] =>
      entries.map(asciiHost).filter((host): host is string => host !== undefined);
    result = {
      competitors: new Set(hosts(lists.competitors).map((host) => parse(host).domain ?? host)),
      studentSuffixes: new Set(hosts(lists.student_suffixes)),
      freeExtra: new Set(hosts(lists.free_extra)),
      professionalExtra: new Set(hosts(lists.professional_extra)),
    };
    compiled.set(lists, result);
  }
  return result;
}

/**
 * What the address says about the person. Subdomains count as their parent: a list entry
 * "acme.com" also covers "mail.acme.com". `professional_email` needs a registrable domain,
 * so an address at an IP or "localhost" is not professional. `professional_extra` only
 * overrides the free list; a disposable domain stays disposable.
 */
export function emailFacts(email: string, lists: DomainLists): EmailFacts {
  const own = compile(lists);
  const domain = asciiHost(email.slice(email.lastIndexOf('@') + 1)) ?? '';
  const registrable = parse(domain).domain ?? '';
  const parents = parentDomains(domain, registrable);
  const inAny = (set: ReadonlySet<string>): boolean => parents.some((name) => set.has(name));

  const free = (inAny(FREE) || inAny(own.freeExtra)) && !inAny(own.professionalExtra);
  const disposable = inAny(DISPOSABLE) || inAny(DISPOSABLE_WILDCARD);
  const student = labelSuffixes(domain).some((suffix) => own.studentSuffixes.has(suffix));
  return {
    domain,
    registrable_domain: registrable,
    free_email: free,
    disposable_email: disposable,
    student_email: student,
    professional_email: registrable !== '' && !free && !disposable && !student,
    competitor: registrable !== '' && own.competitors.has(registrable),
  };
}

/** "a.b.acme.co.uk" → ["a.b.acme.co.uk", "b.acme.co.uk", "acme.co.uk"]. */
function parentDomains(domain: string, registrable: string): string[] {
  if (registrable === '') return domain === '' ? [] : [domain];
  const names = [domain];
  let name = domain;
  while (name !== registrable && name.includes('.')) {
    name = name.slice(name.indexOf('.') + 1);
    names.push(name);
  }
  return names;
}

/** "cs.mit.edu" → ["cs.mit.edu", "mit.edu", "edu"]. */
function labelSuffixes(domain: string): string[] {
  const labels = domain === '' ? [] : domain.split('.');
  return labels.map((_, index) => labels.slice(index).join('.'));
}
