/**
 * Group and section caps, shared by fit and engagement.
 *
 * Caps limit POSITIVE points only; negative points always count in full, so a penalty (a
 * competitor's domain, a segment we do not serve) is never capped away by a full group.
 * When positive points exceed a cap they are scaled down in proportion, so every rule that
 * matched keeps a share and the shown items still add up to the score. Group caps apply
 * first, then the section cap (`scoring.fit.cap`, `scoring.engagement.cap`). A group's cap
 * applies within each section: a group naming both fit and engagement rules is capped in each.
 */
import { round1, type ScoreItem } from './score-item.js';

/** An item while its points are still exact (unrounded). */
export interface WorkingItem {
  item: ScoreItem;
  value: number;
  /** Before any cap; equals `value` unless a rule cap already cut it. */
  raw: number;
  groupCap: number | undefined;
}

/** Caps `working` in place and returns the exact section total. */
export function applyCaps(working: WorkingItem[], sectionCap: number | undefined): number {
  let groups: Map<string, number> | undefined;
  for (const w of working) {
    if (w.groupCap === undefined || w.value <= 0) continue;
    groups ??= new Map();
    const group = w.item.group!;
    groups.set(group, (groups.get(group) ?? 0) + w.value);
  }
  if (groups) {
    for (const w of working) {
      if (w.groupCap === undefined || w.value <= 0) continue;
      const sum = groups.get(w.item.group!)!;
      if (sum > w.groupCap) cut(w, w.groupCap / sum, 'group', w.groupCap);
    }
  }
  if (sectionCap !== undefined) {
    let positive = 0;
    for (const w of working) if (w.value > 0) positive += w.value;
    if (positive > sectionCap) {
      const factor = sectionCap / positive;
      for (const w of working) if (w.value > 0) cut(w, factor, 'section', sectionCap);
    }
  }
  let total = 0;
  for (const w of working) total += w.value;
  return total;
}

function cut(w: WorkingItem, factor: number, by: 'group' | 'section', cap: number): void {
  w.value *= factor;
  w.item.capped = by;
  w.item.cap = cap;
}

/** Rounds the working items into finished ones, dropping those worth nothing once rounded. */
export function finishItems(working: WorkingItem[]): ScoreItem[] {
  const items: ScoreItem[] = [];
  for (const w of working) {
    const item = w.item;
    item.points = round1(w.value);
    if (item.points === 0) continue;
    if (item.capped) item.raw = round1(w.raw);
    items.push(item);
  }
  return items.sort(byWeight);
}

export function byWeight(a: ScoreItem, b: ScoreItem): number {
  return Math.abs(b.points) - Math.abs(a.points);
}
