/** The policy's `fit` list: who sales wants at all. Every criterion must hold for an MQL by score. */
import { evaluateCondition } from '../conditions/evaluate.js';
import type { ConditionSubject } from '../conditions/condition.js';
import type { Policy } from '../../policy/schema.js';

export interface FitCriteriaResult {
  /** True when every criterion holds (and when the policy lists none). */
  met: boolean;
  /** In policy order; `label` is the criterion's label, or its condition as written. */
  criteria: { label: string; met: boolean }[];
}

export function checkFitCriteria(policy: Policy, subject: ConditionSubject): FitCriteriaResult {
  let met = true;
  const criteria = policy.fit.map((criterion) => {
    const holds = evaluateCondition(criterion.when, subject);
    if (!holds) met = false;
    return { label: criterion.label, met: holds };
  });
  return { met, criteria };
}
