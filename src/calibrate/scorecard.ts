/**
 * Learning the points scorecard from a history: bin every column, cross the few pairs of
 * features whose combination tells more than the two alone, fit a ridge-penalized logistic
 * model on the bins, and turn its coefficients into whole points on a stated scale
 * (`pdo` points double the odds). Everything here is pure and deterministic for a given seed.
 */
import type { Feature } from './features.js';
import { defaultBinning, learnFeature } from './features.js';
import { buildDesign, designPenalty, encodeFeature, type CountTerm, type Design, type Interaction } from './design.js';
import type { History } from './history.js';
import { rankPairs, type Candidate } from './interactions.js';
import { fitLogistic, linearPredictor, type LogisticModel } from './logistic.js';
import { stratifiedSplit } from './split.js';

export interface LearnOptions {
  /** Points that double the odds (Default: 20). */
  pdo: number;
  /** Most pairs of features to cross (Default: 4; 0 for main effects only). */
  maxInteractions: number;
  seed: number;
  /** Called as the work advances (for a progress bar): steps done out of the total. */
  progress?: (done: number, total: number, what: string) => void;
}

export const DEFAULT_LEARN: Omit<LearnOptions, 'seed'> = { pdo: 20, maxInteractions: 4 };

/** Ridge strengths: main bins, interaction cells, and smoothness between neighbouring bins of a number. */
const STRENGTHS = { main: 10, interaction: 3, smooth: 3 };
/** An interaction is kept only if it saves at least this much log loss per held-back row (nats). */
const MIN_GAIN_PER_ROW = 0.0005;

export interface FeaturePoints {
  feature: Feature;
  /** The most common bin: 0 points, so points read as "compared with a typical lead". */
  reference: number;
  points: number[];
  /** Training rows and positive rate in each bin. */
  rows: number[];
  rates: number[];
}

export interface InteractionPoints {
  interaction: Interaction;
  /** Points per cell (a-bin × b.bins.length + b-bin), on top of the two features' own points. */
  points: number[];
  rows: number[];
}

export interface EventPoints {
  term: CountTerm;
  /** Points per activity, up to `term.cap` activities. */
  points: number;
  rule?: number;
  event: string;
}

export interface Scorecard {
  pdo: number;
  /** Points per unit of log-odds: pdo / ln 2. */
  factor: number;
  /** Log-odds of the outcome for a lead with 0 points. */
  base: number;
  features: FeaturePoints[];
  interactions: InteractionPoints[];
  events: EventPoints[];
  skipped: { column: string; reason: string }[];
  /** Integer points of every design column, and the design itself, to score rows. */
  columnPoints: Int32Array;
  design: Design;
  model: LogisticModel;
  fitMs: number;
  /** CPU time of the fit (this process), steadier than wall time on a busy machine. */
  fitCpuMs: number;
}

export function learnScorecard(history: History, train: Int32Array, options: LearnOptions): Scorecard {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const n = history.y.length;
  const steps = 3 + options.maxInteractions;
  let done = 0;
  const tick = (what: string) => options.progress?.(++done, steps, what);

  const binning = defaultBinning(train.length);
  const features: { feature: Feature; bins: Int32Array }[] = [];
  const skipped: Scorecard['skipped'] = [];
  for (const column of history.columns) {
    const learned = learnFeature(column, train, binning);
    if (!learned.ok) skipped.push({ column: column.name, reason: learned.reason });
    else features.push({ feature: learned.feature, bins: encodeFeature(learned.feature, column.cells) });
  }
  const counts = countTerms(history, train, binning.minRows);
  tick('binned');

  const crossed = chooseInteractions(history, train, features, counts, options, tick);
  // The last inner fit used two thirds of the rows; the final fit starts from it all the same.
  const design = buildDesign(n, features, crossed, counts);
  const model = fitLogistic(design.x, history.y, designPenalty(design, STRENGTHS), { rows: train, ...(crossed.warm ? { start: carryOver(crossed.warm, design) } : {}) });
  done = steps - 1;
  tick('fitted');
  const card = toPoints(design, model, features, crossed, history, train, options.pdo);
  const used = process.cpuUsage(cpu);
  return { ...card, skipped, design, model, fitMs: performance.now() - started, fitCpuMs: (used.user + used.system) / 1000 };
}

/** Activity counts become one term each, capped at the 95th percentile of the non-zero counts (at most 10). */
function countTerms(history: History, train: Int32Array, minRows: number): CountTerm[] {
  const terms: CountTerm[] = [];
  for (const activity of history.activity) {
    const nonZero: number[] = [];
    for (const r of train) if (activity.counts[r]! > 0) nonZero.push(activity.counts[r]!);
    // Too rare to learn from, or the same for every lead (the demo request every lead came with).
    if (nonZero.length < Math.min(minRows, 10) || (nonZero.length === train.length && nonZero.every((c) => c === nonZero[0]))) continue;
    nonZero.sort((a, b) => a - b);
    const cap = Math.max(1, Math.min(10, nonZero[Math.floor(0.95 * (nonZero.length - 1))]!));
    terms.push({ key: activity.key, label: activity.label, cap, counts: activity.counts });
  }
  return terms;
}

/**
 * Forward selection of crossed pairs: fit the current design on two thirds of the training rows,
 * rank every pair by the log loss it saves on the other third, keep the best if it saves enough,
 * and repeat. Crossing uses coarser bins (at most 12 per side) so that cells hold enough rows.
 */
function chooseInteractions(
  history: History,
  train: Int32Array,
  features: { feature: Feature; bins: Int32Array }[],
  counts: CountTerm[],
  options: LearnOptions,
  tick: (what: string) => void,
): Chosen[] & { warm?: { model: LogisticModel; design: Design } } {
  const chosen: Chosen[] & { warm?: { model: LogisticModel; design: Design } } = [];
  if (options.maxInteractions <= 0 || features.length < 2) return chosen;
  const binning = defaultBinning(train.length);
  const coarse = { maxBins: 12, maxCategories: 12, minRows: Math.max(binning.minRows, 50) };
  const candidates: (Candidate & { source: number })[] = [];
  features.forEach(({ feature }, source) => {
    const column = history.columns.find((c) => c.name === feature.column)!;
    const learned = learnFeature(column, train, coarse);
    if (learned.ok) candidates.push({ feature: learned.feature, bins: encodeFeature(learned.feature, column.cells), source });
  });
  const { first: fitRows, second: checkRows } = stratifiedSplit(train, history.y, 1 / 3, options.seed + 1);
  const taken = new Set<string>();
  for (let step = 0; step < options.maxInteractions; step++) {
    const design = buildDesign(history.y.length, features, chosen, counts);
    const model = fitLogistic(design.x, history.y, designPenalty(design, STRENGTHS), { rows: fitRows, ...(chosen.warm ? { start: carryOver(chosen.warm, design) } : {}) });
    chosen.warm = { model, design };
    const eta = new Float64Array(history.y.length);
    for (let r = 0; r < eta.length; r++) eta[r] = linearPredictor(model, design.x, r);
    const ranked = rankPairs(candidates, history.y, eta, fitRows, checkRows, STRENGTHS.interaction, (a, b) => taken.has(`${a}:${b}`));
    tick('interactions');
    const best = ranked[0];
    if (!best || best.gain < MIN_GAIN_PER_ROW * checkRows.length) break;
    taken.add(`${best.a}:${best.b}`);
    const a = candidates[best.a]!;
    const b = candidates[best.b]!;
    chosen.push({ interaction: { a: a.feature, b: b.feature }, a: a.bins, b: b.bins });
  }
  return chosen;
}

type Chosen = { interaction: Interaction; a: Int32Array; b: Int32Array };

/**
 * The previous fit's coefficients placed in a design with one more crossed pair (a warm start:
 * Newton then needs 2–3 steps instead of 6–7). Blocks are matched by position: features, the
 * pairs both designs have, then the count terms; the new pair starts at 0.
 */
function carryOver(previous: { model: LogisticModel; design: Design }, next: Design): LogisticModel {
  const coefficients = new Float64Array(next.x.columns);
  const old = previous.design;
  const blocks = (d: Design) => d.offsets.map((start, i) => [start, d.offsets[i + 1] ?? d.x.columns] as const);
  const oldBlocks = blocks(old);
  const newBlocks = blocks(next);
  const f = old.features.length;
  const pairs = old.interactions.length;
  const map = (from: number, to: number) => {
    const [s, e] = oldBlocks[from]!;
    coefficients.set(previous.model.coefficients.subarray(s, e), newBlocks[to]![0]);
  };
  for (let i = 0; i < f + pairs; i++) map(i, i);
  for (let k = 0; k < old.counts.length; k++) map(f + pairs + k, f + next.interactions.length + k);
  return { intercept: previous.model.intercept, coefficients, iterations: 0 };
}

function toPoints(
  design: Design,
  model: LogisticModel,
  features: { feature: Feature; bins: Int32Array }[],
  crossed: { interaction: Interaction; a: Int32Array; b: Int32Array }[],
  history: History,
  train: Int32Array,
  pdo: number,
): Omit<Scorecard, 'skipped' | 'design' | 'model' | 'fitMs' | 'fitCpuMs'> {
  const factor = pdo / Math.LN2;
  const beta = model.coefficients;
  const columnPoints = new Int32Array(design.x.columns);
  let base = model.intercept;
  const featurePoints: FeaturePoints[] = features.map(({ feature, bins }, i) => {
    const offset = design.offsets[i]!;
    const rows = new Array<number>(feature.bins.length).fill(0);
    const positives = new Array<number>(feature.bins.length).fill(0);
    for (const r of train) {
      rows[bins[r]!]!++;
      positives[bins[r]!]! += history.y[r]!;
    }
    const reference = rows.indexOf(Math.max(...rows));
    base += beta[offset + reference]!;
    // A bin no training row fell in (a value never missing, say) has no evidence: it is worth 0.
    const points = feature.bins.map((_, b) => (rows[b] ? Math.round(factor * (beta[offset + b]! - beta[offset + reference]!)) || 0 : 0));
    points.forEach((p, b) => (columnPoints[offset + b] = p));
    return { feature, reference, points, rows, rates: rows.map((count, b) => (count ? positives[b]! / count : 0)) };
  });
  const interactionPoints: InteractionPoints[] = crossed.map(({ interaction, a, b }, j) => {
    const offset = design.offsets[features.length + j]!;
    const width = interaction.b.bins.length;
    const cells = interaction.a.bins.length * width;
    const rows = new Array<number>(cells).fill(0);
    for (const r of train) rows[a[r]! * width + b[r]!]!++;
    const points = Array.from({ length: cells }, (_, c) => (rows[c] ? Math.round(factor * beta[offset + c]!) || 0 : 0));
    points.forEach((p, c) => (columnPoints[offset + c] = p));
    return { interaction, points, rows };
  });
  const events: EventPoints[] = design.counts.map((term, k) => {
    const column = design.offsets[features.length + crossed.length + k]!;
    const points = Math.round(factor * beta[column]!) || 0;
    columnPoints[column] = points;
    const source = history.activity.find((a) => a.key === term.key)!;
    return { term, points, event: source.event, ...(source.rule !== undefined ? { rule: source.rule } : {}) };
  });
  return { pdo, factor, base, features: featurePoints, interactions: interactionPoints, events, columnPoints };
}

/** The scorecard's whole points for row r. */
export function rowPoints(card: Scorecard, row: number): number {
  const { x } = card.design;
  let total = 0;
  for (let k = x.start[row]!; k < x.start[row + 1]!; k++) total += card.columnPoints[x.indices[k]!]! * x.values[k]!;
  return total;
}

/** The conversion chance the scale gives a score: 1 / (1 + e^−(base + points / factor)). */
export function pointsProbability(card: Pick<Scorecard, 'base' | 'factor'>, points: number): number {
  const eta = card.base + points / card.factor;
  return 1 / (1 + Math.exp(-eta));
}
