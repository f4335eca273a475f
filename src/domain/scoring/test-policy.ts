/**
 * Test support (imported only by *.test.ts): a valid policy built from the YAML a marketer
 * would write, so tests read like the policy file. Top-level keys given replace the base ones.
 */
import { parse } from 'yaml';
import { policySchema, type Policy } from '../../policy/schema.js';

const BASE = `
version: 1
calendars: { us: { timezone: America/New_York, hours: { mon-fri: "09:00-17:00" } } }
reps: { ana: { name: Ana, email: ana@example.com } }
pools: { smb: { members: [ana] } }
routing: { order: [{ pool: smb }], fallback: revops }
sla: { calendar: us, first_touch: { high_intent: 1h, standard: 4bh }, accept_or_reject: 4bh }
reasons: { reject: [bad_data] }
mql: { engagement_at_least: 40 }
scoring: {}
`;

export function testPolicy(yaml: string): Policy {
  return policySchema.parse({ ...parse(BASE), ...parse(yaml) });
}

/** An ISO time `days` after 2026-03-02T12:00:00Z. */
export function day(days: number): string {
  return new Date(Date.UTC(2026, 2, 2, 12) + days * 86_400_000).toISOString();
}
