/**
 * The design the logistic model is fitted on: one column per bin of every feature (one-hot),
 * one per cell of every crossed pair (an interaction), and one count column per engagement
 * rule. Every row has exactly one bin per feature and one cell per pair.
 */
import type { Feature, HistoryColumn } from './features.js';
import { binOf } from './features.js';
import type { Penalty, SparseRows } from './logistic.js';

/** Two features crossed: a cell for every pair of their (coarser) bins. */
export interface Interaction {
  a: Feature;
  b: Feature;
}

/** A count of activities (matched by one engagement rule), capped at `cap` events. */
export interface CountTerm {
  key: string;
  label: string;
  cap: number;
  counts: Uint16Array;
}

export interface Design {
  features: Feature[];
  interactions: Interaction[];
  counts: CountTerm[];
  /** First column of each feature, interaction and count term, in that order. */
  offsets: number[];
  x: SparseRows;
}

export function encodeFeature(feature: Feature, cells: readonly HistoryColumn['cells'][number][]): Int32Array {
  const out = new Int32Array(cells.length);
  for (let r = 0; r < cells.length; r++) out[r] = binOf(feature, cells[r]);
  return out;
}

export function buildDesign(
  rowCount: number,
  features: { feature: Feature; bins: Int32Array }[],
  interactions: { interaction: Interaction; a: Int32Array; b: Int32Array }[],
  counts: CountTerm[],
): Design {
  const offsets: number[] = [];
  let columns = 0;
  for (const { feature } of features) {
    offsets.push(columns);
    columns += feature.bins.length;
  }
  for (const { interaction } of interactions) {
    offsets.push(columns);
    columns += interaction.a.bins.length * interaction.b.bins.length;
  }
  for (const _ of counts) offsets.push(columns++);
  const width = features.length + interactions.length + counts.length;
  const start = new Int32Array(rowCount + 1);
  const indices = new Int32Array(rowCount * width);
  const values = new Float64Array(rowCount * width);
  let k = 0;
  for (let r = 0; r < rowCount; r++) {
    start[r] = k;
    let slot = 0;
    for (const { bins } of features) {
      indices[k] = offsets[slot++]! + bins[r]!;
      values[k++] = 1;
    }
    for (const { interaction, a, b } of interactions) {
      indices[k] = offsets[slot++]! + a[r]! * interaction.b.bins.length + b[r]!;
      values[k++] = 1;
    }
    for (const term of counts) {
      const c = Math.min(term.counts[r]!, term.cap);
      const column = offsets[slot++]!;
      if (c === 0) continue;
      indices[k] = column;
      values[k++] = c;
    }
  }
  start[rowCount] = k;
  return {
    features: features.map((f) => f.feature),
    interactions: interactions.map((i) => i.interaction),
    counts,
    offsets,
    x: { start, indices: indices.subarray(0, k), values: values.subarray(0, k), columns },
  };
}

/**
 * Ridge on every column, lighter on main effects than on interaction cells (a cell should move
 * away from "no adjustment" only on good evidence), plus smoothness between neighbouring bins of
 * a number so its points rise and fall gently.
 */
export function designPenalty(design: Design, strengths: { main: number; interaction: number; smooth: number }): Penalty {
  const ridge = new Float64Array(design.x.columns).fill(strengths.main);
  const pairs: [number, number, number][] = [];
  design.features.forEach((feature, i) => {
    if (feature.kind !== 'numeric') return;
    const offset = design.offsets[i]!;
    for (let b = 0; b + 1 < feature.missingBin; b++) pairs.push([offset + b, offset + b + 1, strengths.smooth]);
  });
  design.interactions.forEach((interaction, j) => {
    const offset = design.offsets[design.features.length + j]!;
    ridge.fill(strengths.interaction, offset, offset + interaction.a.bins.length * interaction.b.bins.length);
  });
  return { ridge, pairs };
}
