/**
 * Turning history columns into scorecard features: numbers cut into quantile bins, categories
 * kept when common enough and pooled into "any other value" when rare, and a missing value
 * always its own bin. The bins are learned from the training rows only; any value can then be
 * placed in exactly one bin of its feature (`binOf`).
 */
import { normalizeText, numberFrom } from '../domain/conditions/values.js';

export type Cell = string | number | boolean | undefined;

/** One input column of the history, with the lead field it stands for in the policy. */
export interface HistoryColumn {
  name: string;
  field: string;
  cells: Cell[];
}

export type Bin =
  | { kind: 'missing' }
  /** low ≤ x < high (either end open when absent); `integer` means the data held whole numbers only. */
  | { kind: 'range'; low?: number; high?: number }
  | { kind: 'value'; value: string; label: string }
  | { kind: 'other' };

export interface Feature {
  column: string;
  field: string;
  kind: 'numeric' | 'category';
  /** Whole numbers only (ranges are written `between a and b`). */
  integer: boolean;
  bins: Bin[];
  /** Index of the missing bin, or -1. */
  missingBin: number;
  /** Index of the "any other value" bin, or -1. */
  otherBin: number;
}

export interface BinningOptions {
  /** Most bins for a numeric column (Default: rows / 250, from 4 to 20). */
  maxBins: number;
  /** Fewest training rows in a bin or a kept category (Default: 0.5 % of rows, at least 25; 10 for under 1,250 rows). */
  minRows: number;
  /** Most categories kept as their own bins; the rest are pooled (Default: 40). */
  maxCategories: number;
}

export type FeatureResult = { ok: true; feature: Feature } | { ok: false; reason: string };

/**
 * Bins of about 250 training rows or more (between 4 and 20 bins): finer bins on a small history
 * only learn its noise (2,250 deals cut in 20 bins of 113 gave points jumping by ±8 between
 * neighbours and a lower held-out AUC than 9 bins).
 */
export function defaultBinning(rows: number): BinningOptions {
    // At least 25 rows a bin (0.5 % of a large history); a tiny one (under 1,250 rows) goes down to 10.
  const minRows = Math.max(10, Math.min(25, Math.round(rows * 0.02)), Math.round(rows * 0.005));
  return { maxBins: Math.max(4, Math.min(20, Math.round(rows / 250))), minRows, maxCategories: 40 };
}

/** Numeric when every present value is a number (or numeric text) and there are at least 3 distinct values. */
export function isNumericColumn(cells: readonly Cell[], rows: ArrayLike<number>): boolean {
  const distinct = new Set<number>();
  let present = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = cells[rows[i]!];
    if (cell === undefined) continue;
    present++;
    const n = typeof cell === 'boolean' ? undefined : numberFrom(cell);
    if (n === undefined) return false;
    if (distinct.size < 3) distinct.add(n);
  }
  return present > 0 && distinct.size >= 3;
}

export function learnFeature(column: HistoryColumn, rows: ArrayLike<number>, options: BinningOptions): FeatureResult {
  return isNumericColumn(column.cells, rows) ? learnNumeric(column, rows, options) : learnCategory(column, rows, options);
}

function learnNumeric(column: HistoryColumn, rows: ArrayLike<number>, options: BinningOptions): FeatureResult {
  const values: number[] = [];
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = column.cells[rows[i]!];
    const n = cell === undefined ? undefined : numberFrom(cell);
    if (n === undefined) missing++;
    else values.push(n);
  }
  values.sort((a, b) => a - b);
  const integer = values.every(Number.isInteger);
  const cuts = quantileCuts(values, options);
  const bins: Bin[] = [];
  for (let i = 0; i <= cuts.length; i++) {
    bins.push({ kind: 'range', ...(i > 0 ? { low: cuts[i - 1]! } : {}), ...(i < cuts.length ? { high: cuts[i]! } : {}) });
  }
  // A missing bin is kept even when the training rows have none, so a lead without the field is placed somewhere.
  bins.push({ kind: 'missing' });
  if (bins.length === 2 && missing === 0) return { ok: false, reason: 'has a single value in the training rows' };
  return { ok: true, feature: { column: column.name, field: column.field, kind: 'numeric', integer, bins, missingBin: bins.length - 1, otherBin: -1 } };
}

/**
 * Cut points so each bin holds about n/maxBins rows and at least minRows; a value shared by many
 * rows (pdays = -1 for 80 % of them, say) is never split and becomes a bin of its own.
 * Cuts fall halfway in "round" terms between neighbouring values, so conditions read well.
 */
export function quantileCuts(sorted: readonly number[], options: Pick<BinningOptions, 'maxBins' | 'minRows'>): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  const target = Math.max(options.minRows, n / options.maxBins);
  const ends: number[] = []; // index (exclusive) where each bin ends
  let start = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    // Close the bin before a heavy value so that it stands alone, if what came before is big enough.
    if (j - i >= target && i - start >= options.minRows) {
      ends.push(i);
      start = i;
    }
    i = j;
    if (i - start >= target) {
      ends.push(i);
      start = i;
    }
  }
  if (ends.length === 0 || ends[ends.length - 1] !== n) ends.push(n);
  // The last bin may be small: fold it into the one before.
  if (ends.length > 1 && n - ends[ends.length - 2]! < options.minRows) ends.splice(ends.length - 2, 1);
  return ends.slice(0, -1).map((end) => roundCut(sorted[end - 1]!, sorted[end]!));
}

/** The number with the fewest digits in (below, above]: 37.5 and 40 give 40, 0.213 and 0.29 give 0.25. */
export function roundCut(below: number, above: number): number {
  if (Number.isInteger(below) && Number.isInteger(above)) return above;
  const top = Math.ceil(Math.log10(Math.max(Math.abs(above), Math.abs(below), 1e-12))) + 1;
  for (let exponent = top; exponent >= -12; exponent--) {
    for (const unit of [10 ** exponent, 10 ** exponent / 2]) {
      const candidate = Number((Math.floor(above / unit + 1e-9) * unit).toPrecision(12));
      if (candidate > below && candidate <= above) return candidate;
    }
  }
  return above;
}

function learnCategory(column: HistoryColumn, rows: ArrayLike<number>, options: BinningOptions): FeatureResult {
  const counts = new Map<string, { count: number; label: string }>();
  let present = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = column.cells[rows[i]!];
    if (cell === undefined) continue;
    present++;
    const label = String(cell).trim();
    const key = normalizeText(label);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { count: 1, label });
  }
  if (present === 0) return { ok: false, reason: 'is empty in every training row' };
  if (counts.size > 100 && counts.size > present * 0.5) {
    return { ok: false, reason: `looks like an identifier (${counts.size} distinct values in ${present} rows); map it to a field with fewer values or --exclude it` };
  }
  const kept = [...counts.entries()]
    .filter(([, e]) => e.count >= options.minRows)
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxCategories);
  if (kept.length <= 1 && counts.size - kept.length === 0 && present === rows.length) {
    return { ok: false, reason: 'has a single value in the training rows' };
  }
  const bins: Bin[] = kept.map(([value, e]) => ({ kind: 'value', value, label: e.label }));
  bins.push({ kind: 'other' });
  bins.push({ kind: 'missing' });
  return {
    ok: true,
    feature: { column: column.name, field: column.field, kind: 'category', integer: false, bins, otherBin: bins.length - 2, missingBin: bins.length - 1 },
  };
}

/** Index of the bin a value falls in. */
export function binOf(feature: Feature, cell: Cell): number {
  if (cell === undefined) return feature.missingBin;
  if (feature.kind === 'numeric') {
    const n = typeof cell === 'boolean' ? undefined : numberFrom(cell);
    if (n === undefined) return feature.missingBin;
    // Ranges are in order and cover the line; the last range is the one before the missing bin.
    const last = feature.missingBin - 1;
    for (let b = 0; b < last; b++) if (n < (feature.bins[b] as { high: number }).high) return b;
    return last;
  }
  const key = normalizeText(String(cell));
  const index = lookup(feature).get(key);
  return index ?? feature.otherBin;
}

const lookups = new WeakMap<Feature, Map<string, number>>();
function lookup(feature: Feature): Map<string, number> {
  let map = lookups.get(feature);
  if (!map) {
    map = new Map();
    feature.bins.forEach((bin, i) => {
      if (bin.kind === 'value') map!.set(bin.value, i);
    });
    lookups.set(feature, map);
  }
  return map;
}
