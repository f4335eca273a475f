/**
 * The scorecard as policy fit rules: one rule per bin (or group of bins) with points, written in
 * the policy's condition language, so that the running policy gives a lead exactly the points the
 * scorecard does. Bins of one feature with the same points are merged (neighbouring ranges into
 * one range, categories into one `in [...]` list), and 0-point bins are left out.
 */
import type { Bin, Feature } from './features.js';
import type { Scorecard } from './scorecard.js';

export interface LearnedRule {
  when: string;
  points: number;
  reason: string;
}

const quote = (text: string) => JSON.stringify(text);

/** The condition for bins lo..hi of a numeric feature (consecutive ranges), or one categorical bin. */
function rangeCondition(feature: Feature, low: number | undefined, high: number | undefined): { when: string; label: string } {
  const f = feature.field;
  if (feature.integer) {
    const top = high === undefined ? undefined : high - 1;
    if (low === undefined && top === undefined) return { when: `${f} is set`, label: 'any value' };
    if (low === undefined) return { when: `${f} <= ${top}`, label: `≤ ${top}` };
    if (top === undefined) return { when: `${f} >= ${low}`, label: `≥ ${low}` };
    if (low === top) return { when: `${f} = ${low}`, label: `${low}` };
    return { when: `${f} between ${low} and ${top}`, label: `${low}–${top}` };
  }
  if (low === undefined && high === undefined) return { when: `${f} is set`, label: 'any value' };
  if (low === undefined) return { when: `${f} < ${high}`, label: `< ${high}` };
  if (high === undefined) return { when: `${f} >= ${low}`, label: `≥ ${low}` };
  return { when: `${f} >= ${low} and ${f} < ${high}`, label: `${low} to < ${high}` };
}

export function binCondition(feature: Feature, bin: Bin): { when: string; label: string } {
  switch (bin.kind) {
    case 'missing':
      return { when: `${feature.field} is missing`, label: 'missing' };
    case 'range':
      return rangeCondition(feature, bin.low, bin.high);
    case 'value':
      return { when: `${feature.field} = ${quote(bin.label)}`, label: bin.label };
    case 'other': {
      const kept = feature.bins.filter((b): b is Extract<Bin, { kind: 'value' }> => b.kind === 'value').map((b) => quote(b.label));
      return kept.length
        ? { when: `${feature.field} is set and ${feature.field} not in [${kept.join(', ')}]`, label: 'any other value' }
        : { when: `${feature.field} is set`, label: 'any value' };
    }
  }
}

/** Groups of bins with equal points: runs of neighbouring ranges, or categories with the same points. */
function groupBins(feature: Feature, points: readonly number[]): { bins: number[]; points: number }[] {
  const groups: { bins: number[]; points: number }[] = [];
  if (feature.kind === 'numeric') {
    for (let b = 0; b < feature.missingBin; b++) {
      const last = groups[groups.length - 1];
      if (last && last.points === points[b] && last.bins[last.bins.length - 1] === b - 1) last.bins.push(b);
      else groups.push({ bins: [b], points: points[b]! });
    }
    groups.push({ bins: [feature.missingBin], points: points[feature.missingBin]! });
  } else {
    const byPoints = new Map<number, number[]>();
    feature.bins.forEach((bin, b) => {
      if (bin.kind !== 'value') return groups.push({ bins: [b], points: points[b]! });
      const list = byPoints.get(points[b]!);
      if (list) list.push(b);
      else byPoints.set(points[b]!, [b]);
    });
    for (const [p, bins] of byPoints) groups.push({ bins, points: p });
  }
  return groups.filter((g) => g.points !== 0);
}

function groupCondition(feature: Feature, bins: number[]): { when: string; label: string } {
  if (bins.length === 1) return binCondition(feature, feature.bins[bins[0]!]!);
  if (feature.kind === 'numeric') {
    const first = feature.bins[bins[0]!] as Extract<Bin, { kind: 'range' }>;
    const last = feature.bins[bins[bins.length - 1]!] as Extract<Bin, { kind: 'range' }>;
    return rangeCondition(feature, first.low, last.high);
  }
  const labels = bins.map((b) => (feature.bins[b] as Extract<Bin, { kind: 'value' }>).label);
  return { when: `${feature.field} in [${labels.map(quote).join(', ')}]`, label: labels.join(', ') };
}

function name(feature: Feature): string {
  return feature.column;
}

export function learnedRules(card: Scorecard): LearnedRule[] {
  const rules: LearnedRule[] = [];
  for (const { feature, points } of card.features) {
    for (const group of groupBins(feature, points)) {
      const { when, label } = groupCondition(feature, group.bins);
      rules.push({ when, points: group.points, reason: `${name(feature)}: ${label}` });
    }
  }
  for (const { interaction, points } of card.interactions) {
    const { a, b } = interaction;
    const width = b.bins.length;
    for (let i = 0; i < a.bins.length; i++) {
      const left = binCondition(a, a.bins[i]!);
      const row = points.slice(i * width, (i + 1) * width);
      for (const group of groupBins(b, row)) {
        const right = groupCondition(b, group.bins);
        rules.push({ when: `${left.when} and ${right.when}`, points: group.points, reason: `${name(a)}: ${left.label} with ${name(b)}: ${right.label}` });
      }
    }
  }
  return rules;
}
