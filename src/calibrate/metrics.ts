/**
 * How well a score ranks and predicts outcomes on held-out rows: ROC AUC (ties count half),
 * log loss and Brier score of the predicted probabilities, lift in the top 10 %, and a
 * calibration table of predicted against observed conversion per score band.
 */

export interface Evaluation {
  rows: number;
  positives: number;
  base_rate: number;
  roc_auc: number;
  /** Absent when the scorer gives no probabilities (points without a calibrated scale). */
  log_loss?: number;
  brier?: number;
  /** Conversion in the top 10 % of scores over the overall conversion. */
  lift_top_10: number;
}

/** Mann–Whitney U: the chance a random positive scores above a random negative (ties count ½). */
export function rocAuc(scores: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const midRank = (i + 1 + j) / 2; // 1-based average rank of the tie group
    for (let k = i; k < j; k++) {
      if (outcomes[order[k]!]) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(Math.max(probabilities[i]!, 1e-15), 1 - 1e-15);
    total -= outcomes[i] ? Math.log(p) : Math.log(1 - p);
  }
  return total / probabilities.length;
}

export function brierScore(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) total += (probabilities[i]! - (outcomes[i] ? 1 : 0)) ** 2;
  return total / probabilities.length;
}

/**
 * Conversion among the `share` highest-scored rows over the overall conversion. Rows tied at the
 * cut-off count in proportion, so the figure does not depend on how ties happen to be ordered.
 */
export function liftAtTop(scores: ArrayLike<number>, outcomes: ArrayLike<number>, share = 0.1): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const take = share * n;
  let taken = 0;
  let positives = 0;
  let i = 0;
  while (i < n && taken < take) {
    let j = i;
    let groupPositives = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) groupPositives += outcomes[order[j++]!] ? 1 : 0;
    const size = j - i;
    const used = Math.min(size, take - taken);
    positives += (groupPositives * used) / size;
    taken += used;
    i = j;
  }
  let total = 0;
  for (let k = 0; k < n; k++) total += outcomes[k] ? 1 : 0;
  if (total === 0 || taken === 0) return Number.NaN;
  return positives / taken / (total / n);
}

export function evaluate(scores: ArrayLike<number>, outcomes: ArrayLike<number>, probabilities?: ArrayLike<number>): Evaluation {
  let positives = 0;
  for (let i = 0; i < outcomes.length; i++) positives += outcomes[i] ? 1 : 0;
  return {
    rows: outcomes.length,
    positives,
    base_rate: positives / Math.max(outcomes.length, 1),
    roc_auc: rocAuc(scores, outcomes),
    ...(probabilities ? { log_loss: logLoss(probabilities, outcomes), brier: brierScore(probabilities, outcomes) } : {}),
    lift_top_10: liftAtTop(scores, outcomes, 0.1),
  };
}

export interface CalibrationBand {
  /** Score range of the band: low ≤ score ≤ high. */
  low: number;
  high: number;
  rows: number;
  positives: number;
  predicted: number;
  observed: number;
}

/**
 * Rows sorted by score and cut into `bands` groups of about equal size (ties kept together);
 * per band the mean predicted probability and the observed conversion.
 */
export function calibrationTable(scores: ArrayLike<number>, probabilities: ArrayLike<number>, outcomes: ArrayLike<number>, bands = 10): CalibrationBand[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const out: CalibrationBand[] = [];
  let i = 0;
  while (i < n) {
    let j = Math.min(n, Math.max(i + 1, Math.round(((out.length + 1) * n) / bands)));
    while (j < n && scores[order[j]!] === scores[order[j - 1]!]) j++;
    let positives = 0;
    let predicted = 0;
    for (let k = i; k < j; k++) {
      positives += outcomes[order[k]!] ? 1 : 0;
      predicted += probabilities[order[k]!]!;
    }
    out.push({ low: scores[order[i]!]!, high: scores[order[j - 1]!]!, rows: j - i, positives, predicted: predicted / (j - i), observed: positives / (j - i) });
    i = j;
  }
  return out;
}
