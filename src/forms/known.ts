/**
 * What Baton already knows about a visitor, in the field names forms use (`company.size`,
 * `answers.budget`), read from their lead's profile. An anonymous visitor knows nothing yet.
 */
import type { ConditionSubject } from '../domain/conditions/condition.js';
import type { LeadProfile } from '../domain/lead/profile.js';

export interface Known {
  /** True when the lead has a value for this form field name. */
  has(name: string): boolean;
  /** The profile as a condition subject, for `show_if` on known answers. */
  subject: ConditionSubject;
  identified: boolean;
}

export const NOTHING_KNOWN: Known = { has: () => false, subject: {}, identified: false };

export function knownFrom(profile: LeadProfile | undefined): Known {
  if (!profile) return NOTHING_KNOWN;
  const subject: ConditionSubject = { ...profile, company: profile.company, answers: profile.answers };
  return {
    has: (name) => present(valueAt(subject, name)),
    subject,
    identified: true,
  };
}

/** Reads `company.size` style paths (one level of nesting is all forms use). */
export function valueAt(subject: ConditionSubject, name: string): unknown {
  const dot = name.indexOf('.');
  if (dot < 0) return subject[name];
  const parent = subject[name.slice(0, dot)];
  return parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[name.slice(dot + 1)] : undefined;
}

export function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** `{ "company.size": 40, "answers.role": "manager" }` → `{ company: { size: 40 }, answers: { role: "manager" } }`. */
export function nest(values: Readonly<Record<string, unknown>>, onto: ConditionSubject = {}): ConditionSubject {
  const out: Record<string, unknown> = { ...onto };
  for (const [name, value] of Object.entries(values)) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      out[name] = value;
      continue;
    }
    const head = name.slice(0, dot);
    const parent = out[head];
    out[head] = { ...(parent !== null && typeof parent === 'object' ? parent : {}), [name.slice(dot + 1)]: value };
  }
  return out;
}
