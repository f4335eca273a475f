/** A score as the lines a rep reads on the lead brief. */
import type { LeadScore, ScoreItem } from './score-item.js';

/**
 * One line per item, largest first:
 *   "+20 mid-market size (fit)"
 *   "+13.2 pricing page visits ×3, decayed (engagement, capped at 30)"
 *   "+12 senior buyer (fit, 15 before the seniority group cap of 25)"
 *   "-30 segment we do not serve (fit)"
 */
export function explainScore(score: LeadScore): string[] {
  return score.items.map(explainItem);
}

export function explainItem(item: ScoreItem): string {
  let what = item.reason;
  if (item.count !== undefined && item.count > 1) what += ` ×${item.count}`;
  if (item.decayed) what += ', decayed';
  return `${signed(item.points)} ${what} (${item.kind}${capNote(item)})`;
}

function capNote(item: ScoreItem): string {
  if (!item.capped || item.cap === undefined) return '';
  if (item.capped === 'rule') return `, capped at ${item.cap}`;
  const before = item.raw === undefined ? '' : `${format(item.raw)} before `;
  const limit = item.capped === 'group' ? `the ${item.group} group cap` : `the ${item.kind} cap`;
  return `, ${before}${limit} of ${item.cap}`;
}

function signed(points: number): string {
  return points > 0 ? `+${format(points)}` : format(points);
}

/** Whole numbers without a decimal point, others with one. */
function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
