/** Fit points: who the lead is. Each rule whose `when` holds adds its points (or takes them). */
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
  const { groupCount, fit } = prepareScoring(policy);
  const working: WorkingItem[] = [];
  for (const rule of fit.rules) {
    if (!rule.when(subject)) continue;
    working.push({
      rule, kind: 'fit', value: rule.points, raw: rule.points,
      capped: undefined, cap: undefined, count: undefined, decayed: false,
    });
  }
  const total = applyCaps(working, groupCount, fit.cap);
  return { total, items: finishItems(working) };
}
