/**
 * When a lead becomes a marketing-qualified lead (MQL):
 *  - at once, with high priority, on a high-intent activity (`mql.high_intent`), whatever its fit;
 *  - otherwise when engagement ≥ `mql.engagement_at_least`, total ≥ `mql.total_at_least` (if set)
 *    and every `fit` criterion holds.
 * Only a lead in a stage the policy lets move to `mql` (by default known or nurture) can qualify,
 * and a disqualified lead never re-qualifies on its own, even if the policy allows that move
 * for people to make by hand.
 */
import type { ConditionSubject } from '../conditions/condition.js';
import type { Activity } from '../lead/activity.js';
import type { Stage } from '../lead/stage.js';
import type { LeadScore } from '../scoring/score-item.js';
import type { Policy } from '../../policy/schema.js';
import { checkFitCriteria } from './fit-criteria.js';
import { canTransition } from './transitions.js';

export type QualificationResult =
  | { qualifies: true; via: 'high_intent' | 'score_and_fit'; priority: 'high' | 'normal'; reason: string }
  | { qualifies: false; reason: string; missing: string[] };

export interface QualificationInput {
  stage: Stage;
  subject: ConditionSubject;
  /** The score as displayed (integers); thresholds compare these figures. */
  score: LeadScore;
  /** The activity being handled now, if any; only it can trigger the high-intent bypass. */
  activity?: Activity;
}

export function qualify(policy: Policy, input: QualificationInput): QualificationResult {
  const { stage, subject, score, activity } = input;
  if (stage === 'disqualified') {
    return { qualifies: false, reason: 'A disqualified lead does not re-qualify', missing: [] };
  }
  if (!canTransition(policy, stage, 'mql')) {
    const reason = stage === 'mql' ? 'Already an MQL' : `A lead in ${stage} cannot become an MQL`;
    return { qualifies: false, reason, missing: [] };
  }
  const { mql } = policy;
  if (activity && mql.high_intent.includes(activity.type)) {
    return { qualifies: true, via: 'high_intent', priority: 'high', reason: `${describeActivity(activity.type)} (high intent)` };
  }

  const missing: string[] = [];
  const met: string[] = [];
  if (score.engagement >= mql.engagement_at_least) met.push(`Engagement ${score.engagement} ≥ ${mql.engagement_at_least}`);
  else missing.push(`engagement ${score.engagement} of ${mql.engagement_at_least}`);
  if (mql.total_at_least !== undefined) {
    if (score.total >= mql.total_at_least) met.push(`total ${score.total} ≥ ${mql.total_at_least}`);
    else missing.push(`total score ${score.total} of ${mql.total_at_least}`);
  }
  const fit = checkFitCriteria(policy, subject);
  for (const criterion of fit.criteria) if (!criterion.met) missing.push(`${criterion.label} not met`);

  if (missing.length > 0) {
    return { qualifies: false, reason: `Not yet an MQL: ${missing.join('; ')}`, missing };
  }
  const n = fit.criteria.length;
  const fitText = n === 0 ? '' : n === 1 ? 'the fit criterion met' : `all ${n} fit criteria met`;
  if (fitText) met.push(fitText);
  return { qualifies: true, via: 'score_and_fit', priority: 'normal', reason: andList(met) };
}

const ACTIVITY_SENTENCES: Record<string, string> = {
  demo_requested: 'Requested a demo',
  trial_started: 'Started a trial',
  pricing_form_submitted: 'Submitted the pricing form',
  contact_sales_submitted: 'Asked to talk to sales',
  meeting_booked: 'Booked a meeting',
  quote_requested: 'Requested a quote',
};

/** "Requested a demo" for demo_requested; "Webinar signup" for an activity we have no sentence for. */
export function describeActivity(type: string): string {
  const known = ACTIVITY_SENTENCES[type];
  if (known) return known;
  const words = type.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function andList(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
