/** For the hand-off's unit tests: a policy parsed through the real schema, with reps in three zones. */
import { policySchema, type Policy, type PolicyInput } from '../../policy/schema.js';

const rep = (name: string, extra: Record<string, unknown> = {}) => ({ name, email: `${name.toLowerCase()}@example.com`, ...extra });

export const HANDOFF_POLICY: PolicyInput = {
  version: 1,
  calendars: {
    'us-east': { timezone: 'America/New_York', hours: { 'mon-fri': '09:00-17:00' }, holidays: ['2026-11-26'] },
    berlin: { timezone: 'Europe/Berlin', hours: { 'mon-fri': '09:00-17:00' } },
    tokyo: { timezone: 'Asia/Tokyo', hours: { 'mon-fri': '09:00-18:00' } },
  },
  mql: { engagement_at_least: 40 },
  scoring: {},
  reps: {
    ana: rep('Ana', { manager: 'mia' }),
    ben: rep('Ben', { calendar: 'berlin', manager: 'mia' }),
    yuki: rep('Yuki', { calendar: 'tokyo' }),
  },
  managers: { mia: { name: 'Mia', email: 'mia@example.com' } },
  pools: { main: { members: ['ana', 'ben', 'yuki'] } },
  routing: { order: [{ pool: 'main' }], fallback: 'revops-queue' },
  sla: { calendar: 'us-east', route: '5m', first_touch: { high_intent: '1h', standard: '4bh' }, accept_or_reject: '1bd', attempts_before_recycle: 3 },
  escalation: [
    { at: '75% of first_touch', do: 'remind_rep' },
    { at: 'first_touch', do: ['notify_rep', 'notify_manager'] },
    { at: 'first_touch + 1bh', do: 'reassign' },
    { at: 'route', do: ['notify_admins', 'to_fallback'] },
  ],
  reasons: {
    reject: ['no_intent', { code: 'competitor', to: 'disqualified' }],
    disposition: ['chose_competitor'],
  },
};

export function handoffPolicy(changes: Partial<PolicyInput> = {}): Policy {
  return policySchema.parse({ ...HANDOFF_POLICY, ...changes });
}
