/** A lead's whole score: fit (who they are) plus engagement (what they did, decayed to `now`). */
import type { ConditionSubject } from '../conditions/condition.js';
import type { Policy } from '../../policy/schema.js';
import { mergeByWeight } from './caps.js';
import { engagementAt, type EngagementState } from './engagement.js';
import { scoreFit } from './fit.js';
import type { LeadScore } from './score-item.js';

/**
 * Runs on every intake, so everything that depends only on the policy is prepared once per
 * policy object (prepared.ts). `fit` and `engagement` are rounded to integers and `total` is
 * their sum, so the three figures a rep sees always add up; thresholds compare these figures.
 */
export function scoreLead(
  policy: Policy,
  subject: ConditionSubject,
  engagement: EngagementState | undefined,
  now: Date,
): LeadScore {
  const fit = scoreFit(policy, subject);
  const eng = engagementAt(policy, engagement, now);
  const fitPoints = Math.round(fit.total) || 0;
  const engagementPoints = Math.round(eng.total) || 0;
  return { fit: fitPoints, engagement: engagementPoints, total: fitPoints + engagementPoints, items: mergeByWeight(fit.items, eng.items) };
}
