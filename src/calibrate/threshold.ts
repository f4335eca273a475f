/**
 * The MQL bar on the new scale: the lowest score whose leads would be accepted (converted) at the
 * target rate, or the lowest score that sends no more than the target number of leads. The rate
 * above a bar is the mean predicted chance of the leads at or above it (smoother than the
 * observed rate, which is reported beside it).
 */

export type ThresholdTarget = { kind: 'acceptance'; rate: number } | { kind: 'volume'; count: number };

export interface ThresholdSuggestion {
  target: ThresholdTarget;
  /** Absent when no bar meets the target. */
  threshold?: number;
  /** Rows at or above the bar, and their share of all rows. */
  mqls: number;
  share: number;
  predicted_rate: number;
  observed_rate: number;
  note?: string;
}

export function suggestThreshold(points: ArrayLike<number>, probabilities: ArrayLike<number>, y: ArrayLike<number>, target: ThresholdTarget): ThresholdSuggestion {
  const n = points.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => points[b]! - points[a]!);
  // Walk from the highest score down; at each distinct score, the bar "≥ that score" is one candidate.
  const candidates: { threshold: number; mqls: number; predicted: number; observed: number }[] = [];
  let predicted = 0;
  let observed = 0;
  for (let i = 0; i < n; ) {
    const value = points[order[i]!]!;
    while (i < n && points[order[i]!] === value) {
      predicted += probabilities[order[i]!]!;
      observed += y[order[i]!] ? 1 : 0;
      i++;
    }
    candidates.push({ threshold: value, mqls: i, predicted: predicted / i, observed: observed / i });
  }
  let chosen: (typeof candidates)[number] | undefined;
  if (target.kind === 'volume') {
    for (const c of candidates) if (c.mqls <= target.count) chosen = c;
  } else {
    // The lowest bar whose leads still meet the rate: as many MQLs as the target allows.
    for (const c of candidates) if (c.predicted >= target.rate) chosen = c;
  }
  if (!chosen) {
    const best = target.kind === 'acceptance' ? candidates.reduce((a, b) => (b.predicted > a.predicted ? b : a)) : candidates[0]!;
    return {
      target,
      mqls: 0,
      share: 0,
      predicted_rate: best.predicted,
      observed_rate: best.observed,
      note:
        target.kind === 'acceptance'
          ? `No bar reaches ${pct(target.rate)}: the best is ${pct(best.predicted)} for the ${best.mqls} leads at ${best.threshold} points or more. The MQL bar was left as it is.`
          : `Even the highest score has ${best.mqls} leads, more than ${target.count}. The MQL bar was left as it is.`,
    };
  }
  return { target, threshold: chosen.threshold, mqls: chosen.mqls, share: chosen.mqls / n, predicted_rate: chosen.predicted, observed_rate: chosen.observed };
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}
