/** Fit points: who the lead is. Each rule whose `when` holds adds its points (or takes them). */
import { evaluateCondition } from '../conditions/evaluate.js';
import type { ConditionSubject } from '../conditions/condition.js';
import type { Policy } from '../../policy/schema.js';
import { applyCaps, finishItems, type WorkingItem } from './caps.js';
import { prepareScoring } from './prepared.js';
import type { ScoreItem } from './score-item.js';

/**
 * Scores `subject` against `scoring.fit`. Group caps and then `scoring.fit.cap` limit the
 * positive points; negative points always count (see caps.ts). `total` is exact (unrounded);
 * items are rounded to 1 decimal and sorted by |points|, largest first.
 */
export function scoreFit(policy: Policy, subject: ConditionSubject): { total: number; items: ScoreItem[] } {
  const { rules, cap } = prepareScoring(policy).fit;
  const working: WorkingItem[] = [];
  for (const rule of rules) {
    if (!evaluateCondition(rule.when, subject)) continue;
    const item: ScoreItem = { kind: 'fit', rule: rule.key, reason: rule.reason, points: rule.points };
    if (rule.group !== undefined) item.group = rule.group;
    working.push({ item, value: rule.points, raw: rule.points, groupCap: rule.groupCap });
  }
  const total = applyCaps(working, cap);
  return { total, items: finishItems(working) };
}
