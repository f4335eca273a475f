/**
 * Group and section caps, shared by fit and engagement.
 *
 * Caps limit POSITIVE points only; negative points always count in full, so a penalty (a
 * competitor's domain, a segment we do not serve) is never capped away by a full group.
 * When positive points exceed a cap they are scaled down in proportion, so every rule that
 * matched keeps a share and the shown items still add up to the score. Group caps apply
 * first, then the section cap (`scoring.fit.cap`, `scoring.engagement.cap`). A group's cap
 * applies within each section: a group naming both fit and engagement rules is capped in each.
 * A rule naming a group that `scoring.groups` does not list is simply uncapped.
 */
import type { GroupRef } from './prepared.js';
import { round1, type ScoreItem } from './score-item.js';

/** A matched rule while its points are still exact (unrounded). */
export interface WorkingItem {
  rule: GroupRef & { key: string; reason: string };
  kind: ScoreItem['kind'];
  value: number;
  /** Before any cap; equals `value` unless a rule cap already cut it. */
  raw: number;
  capped: ScoreItem['capped'];
  cap: number | undefined;
  count: number | undefined;
  decayed: boolean;
}

/** Caps `working` in place and returns the exact section total. */
export function applyCaps(working: WorkingItem[], groupCount: number, sectionCap: number | undefined): number {
  let sums: number[] | undefined;
  for (const w of working) {
    if (w.rule.groupIndex < 0 || w.value <= 0) continue;
    sums ??= new Array<number>(groupCount).fill(0);
    sums[w.rule.groupIndex]! += w.value;
  }
  if (sums) {
    for (const w of working) {
      if (w.rule.groupIndex < 0 || w.value <= 0) continue;
      const sum = sums[w.rule.groupIndex]!;
      const cap = w.rule.groupCap!;
      if (sum > cap) cut(w, cap / sum, 'group', cap);
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
  w.capped = by;
  w.cap = cap;
}

/** The finished items, rounded, without those worth nothing once rounded, largest first. */
export function finishItems(working: WorkingItem[]): ScoreItem[] {
  const items: ScoreItem[] = [];
  for (const w of working) {
    const points = round1(w.value);
    if (points === 0) continue;
    const item: ScoreItem = { kind: w.kind, rule: w.rule.key, reason: w.rule.reason, points };
    if (w.capped) {
      item.raw = round1(w.raw);
      item.capped = w.capped;
      item.cap = w.cap;
    }
    if (w.rule.group !== undefined) item.group = w.rule.group;
    if (w.count !== undefined) item.count = w.count;
    if (w.decayed) item.decayed = true;
    items.push(item);
  }
  return items.length > 1 ? items.sort(byWeight) : items;
}

export function byWeight(a: ScoreItem, b: ScoreItem): number {
  return Math.abs(b.points) - Math.abs(a.points);
}

/** Merges two lists already sorted by `byWeight`; on a tie the first list's item comes first. */
export function mergeByWeight(a: ScoreItem[], b: ScoreItem[]): ScoreItem[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: ScoreItem[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(byWeight(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}
