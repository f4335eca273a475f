import type { RoutingStep } from '../../policy/schema.js';
import type { ConditionSubject } from '../conditions/condition.js';
import { evaluateCondition } from '../conditions/evaluate.js';

/** True when the step has no `when`, or its `when` holds for the lead. */
export function stepApplies(step: RoutingStep, subject: ConditionSubject): boolean {
  const when = 'when' in step ? step.when : undefined;
  return when === undefined || evaluateCondition(when, subject);
}
