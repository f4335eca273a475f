/**
 * The plain sentence that tells a rep why a lead came to them (or went to a queue), e.g.
 * "Matched rule 'Enterprise NA' (company.size >= 1000) → pool enterprise-na; Ana's turn by
 * weighted round robin (weight 2); skipped Ben: out of office".
 */
import type { Policy, Pool, RoutingStep } from '../../policy/schema.js';
import type { Skip, SkipReason } from './types.js';

export function repName(policy: Policy, rep: string): string {
  return policy.reps[rep]?.name ?? rep;
}

/** "Matched rule 'Enterprise NA' (company.size >= 1000) → pool enterprise-na", "Rule 3 → Ana". */
export function ruleText(policy: Policy, step: Exclude<RoutingStep, { kind: 'account_owner' }>, index: number): string {
  const label = step.name ? `'${step.name}'` : String(index + 1);
  const target = step.kind === 'pool' ? `pool ${step.pool}` : repName(policy, step.rep);
  return step.when ? `Matched rule ${label} (${step.when.source}) → ${target}` : `Rule ${label} → ${target}`;
}

export function pickText(policy: Policy, pool: Pool, rep: string, weight: number, openLeads: number): string {
  const name = repName(policy, rep);
  if (pool.strategy === 'lowest_load') {
    const leads = `${openLeads} open lead${openLeads === 1 ? '' : 's'}`;
    return `${name} had the lightest load (${leads}${weight === 1 ? '' : `, weight ${weight}`})`;
  }
  return `${name}'s turn by weighted round robin (weight ${weight})`;
}

const REASONS: Record<SkipReason, string> = {
  away: 'away',
  out_of_office: 'out of office',
  outside_working_hours: 'outside working hours',
  open_cap: 'at the open-lead cap',
  daily_cap: 'at the daily cap',
  inactive: 'not an active rep',
};

export function reasonText(reason: SkipReason): string {
  return REASONS[reason];
}

/** "skipped Ben: out of office, Cy: at the open-lead cap", or "" when nobody was skipped. */
export function skippedText(policy: Policy, skipped: readonly Skip[]): string {
  if (skipped.length === 0) return '';
  return `skipped ${skipped.map((s) => `${repName(policy, s.rep)}: ${reasonText(s.reason)}`).join(', ')}`;
}

/** Clauses joined into one sentence, with the skipped reps last. */
export function sentence(policy: Policy, clauses: readonly string[], skipped: readonly Skip[]): string {
  return [...clauses, skippedText(policy, skipped)].filter((clause) => clause !== '').join('; ');
}
