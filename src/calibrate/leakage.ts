/**
 * Columns that predict the outcome almost perfectly on their own are usually recorded after it
 * (a call's duration, a "reason lost"): learning from them gives a score that cannot exist at
 * hand-off time. Each column's bins get the training rows' smoothed conversion as a score, and
 * the held-out AUC of that score is its single-column AUC.
 */
import type { Feature, HistoryColumn } from './features.js';
import { binOf } from './features.js';
import { rocAuc } from './metrics.js';

export const LEAKAGE_AUC = 0.95;

export interface ColumnPower {
  column: string;
  auc: number;
}

export function singleColumnAuc(feature: Feature, column: HistoryColumn, y: Uint8Array, train: Int32Array, test: Int32Array): number {
  const rows = new Float64Array(feature.bins.length);
  const positives = new Float64Array(feature.bins.length);
  let base = 0;
  for (const r of train) {
    const b = binOf(feature, column.cells[r]);
    rows[b]!++;
    positives[b]! += y[r]!;
    base += y[r]!;
  }
  base /= Math.max(train.length, 1);
  const prior = 10;
  const rate = Array.from(rows, (count, b) => (positives[b]! + prior * base) / (count + prior));
  const scores = Array.from(test, (r) => rate[binOf(feature, column.cells[r])]!);
  const auc = rocAuc(scores, Array.from(test, (r) => y[r]!));
  // A column can predict by being the outcome's mirror image, too.
  return Math.max(auc, 1 - auc);
}
