/**
 * Which pairs of features to cross. Main effects alone cannot say "May is good, and mid-May
 * better still"; a crossed pair can, and stays readable (one rule per cell: "month = may and
 * day between 11 and 15"). Pairs are ranked by how much held-back log loss a cell-by-cell
 * adjustment on top of the current model saves: each cell's adjustment is two Newton steps on the
 * fitting rows with a ridge, scored on the checking rows, so a pair that only memorises noise
 * gains nothing. O(pairs × rows): 105 pairs × 34,000 rows ≈ 0.1 s.
 */
import type { Feature } from './features.js';
import { sigmoid } from './logistic.js';

export interface Candidate {
  feature: Feature;
  bins: Int32Array;
}

export interface PairGain {
  a: number;
  b: number;
  /** Log loss saved on the checking rows (nats, summed). */
  gain: number;
}

function logLoss1(eta: number, y: number): number {
  return (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - y * eta;
}

export function rankPairs(
  candidates: Candidate[],
  y: Uint8Array,
  eta: Float64Array,
  fitRows: Int32Array,
  checkRows: Int32Array,
  ridge: number,
  skip: (a: number, b: number) => boolean,
): PairGain[] {
  const out: PairGain[] = [];
  for (let a = 0; a < candidates.length; a++) {
    for (let b = a + 1; b < candidates.length; b++) {
      if (skip(a, b)) continue;
      const ca = candidates[a]!.bins;
      const cb = candidates[b]!.bins;
      const width = candidates[b]!.feature.bins.length;
      const cells = candidates[a]!.feature.bins.length * width;
      const delta = new Float64Array(cells);
      const g = new Float64Array(cells);
      const h = new Float64Array(cells);
      for (let step = 0; step < 2; step++) {
        g.fill(0);
        h.fill(0);
        for (let i = 0; i < fitRows.length; i++) {
          const r = fitRows[i]!;
          const c = ca[r]! * width + cb[r]!;
          const p = sigmoid(eta[r]! + delta[c]!);
          g[c]! += p - y[r]!;
          h[c]! += p * (1 - p);
        }
        for (let c = 0; c < cells; c++) delta[c]! -= (g[c]! + ridge * delta[c]!) / (h[c]! + ridge);
      }
      let gain = 0;
      for (let i = 0; i < checkRows.length; i++) {
        const r = checkRows[i]!;
        const d = delta[ca[r]! * width + cb[r]!]!;
        if (d !== 0) gain += logLoss1(eta[r]!, y[r]!) - logLoss1(eta[r]! + d, y[r]!);
      }
      out.push({ a, b, gain });
    }
  }
  return out.sort((p, q) => q.gain - p.gain || p.a - q.a || p.b - q.b);
}
