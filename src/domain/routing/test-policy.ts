/**
 * A small policy for the routing tests, parsed through the real schema so defaults apply.
 * New York reps work 09:00-17:00 Mon-Fri; Yuki works 09:00-18:00 in Tokyo.
 */
import { policySchema, type Policy, type PolicyInput } from '../../policy/schema.js';
import type { RoutingSnapshot } from './types.js';

const rep = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  email: `${name.toLowerCase()}@example.com`,
  ...extra,
});

export const BASE: PolicyInput = {
  version: 1,
  calendars: {
    'us-east': { timezone: 'America/New_York', hours: { 'mon-fri': '09:00-17:00' } },
    tokyo: { timezone: 'Asia/Tokyo', hours: { 'mon-fri': '09:00-18:00' } },
  },
  mql: { engagement_at_least: 40 },
  scoring: {},
  reps: {
    ana: rep('Ana'),
    ben: rep('Ben'),
    cy: rep('Cy'),
    dee: rep('Dee'),
    eli: rep('Eli'),
    dana: rep('Dana'),
    yuki: rep('Yuki', { calendar: 'tokyo' }),
  },
  pools: {
    'enterprise-na': { members: [{ rep: 'ana', weight: 2 }, 'ben'], caps: { open: 40, per_day: 8 } },
    smb: { members: ['cy', 'dee', 'eli'] },
  },
  routing: {
    order: [
      'account_owner',
      { name: 'Enterprise NA', when: 'company.size >= 1000 and company.country in [US, CA]', pool: 'enterprise-na' },
      { pool: 'smb' },
    ],
    fallback: 'revops-queue',
  },
  sla: { calendar: 'us-east', first_touch: { high_intent: '1h', standard: '4bh' }, accept_or_reject: '4bh' },
  reasons: { reject: ['bad_data'] },
};

export function testPolicy(patch: Partial<PolicyInput> = {}): Policy {
  return policySchema.parse({ ...BASE, ...patch });
}

/** Tuesday 9 June 2026, 10:00 in New York (23:00 in Tokyo). */
export const NY_MORNING = new Date('2026-06-09T10:00:00-04:00');

export const ENTERPRISE_LEAD = { company: { size: 5000, country: 'US' }, is_customer: false };
export const SMB_LEAD = { company: { size: 50, country: 'US' }, is_customer: false };

export function emptySnapshot(): RoutingSnapshot {
  return { pools: {}, reps: {} };
}
