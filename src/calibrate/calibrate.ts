/**
 * `baton calibrate` without the terminal: from a history, a split and the policy in force to
 * the report (figures for the learned points and the current ones, side by side), the learned
 * rules and the proposed policy text.
 */
import type { Policy } from '../policy/schema.js';
import { scoreWithCurrentPolicy } from './current-policy.js';
import type { History } from './history.js';
import { LEAKAGE_AUC, singleColumnAuc } from './leakage.js';
import { linearPredictor } from './logistic.js';
import { calibrationTable, evaluate, rocAuc, type CalibrationBand, type Evaluation } from './metrics.js';
import { proposePolicy } from './policy-writer.js';
import { binCondition, learnedRules, type LearnedRule } from './rules.js';
import { learnScorecard, pointsProbability, rowPoints, type LearnOptions, type Scorecard } from './scorecard.js';
import type { Split } from './split.js';
import { suggestThreshold, type ThresholdSuggestion, type ThresholdTarget } from './threshold.js';

export interface CalibrateInput {
  history: History;
  split: Split;
  policy: Policy;
  policySource: string;
  policyFile: string;
  learn: LearnOptions;
  /** Default: the midpoint of the policy's acceptance-rate target, if it has one. */
  target?: ThresholdTarget;
}

export interface ScoreFigures extends Evaluation {
  calibration: CalibrationBand[];
}

export interface CalibrationReport {
  source: string;
  positive: string;
  rows: number;
  positives: number;
  split: { description: string; train: number; test: number };
  scale: { pdo: number; points_per_unit_log_odds: number; odds_at_0_points: number; rate_at_0_points: number };
  fit_ms: number;
  fit_cpu_ms: number;
  learned: ScoreFigures & { model_roc_auc: number };
  current: ScoreFigures & { usable_rules: number; total_rules: number; missing_fields: string[]; can_score: boolean; caveat?: string };
  warnings: string[];
  notes: string[];
  leakage: { column: string; auc: number }[];
  skipped: { column: string; reason: string }[];
  features: {
    column: string;
    field: string;
    kind: 'numeric' | 'category';
    bins: { label: string; when: string; points: number; rows: number; rate: number }[];
  }[];
  interactions: { columns: [string, string]; cells: number; rules: number }[];
  events: { key: string; event: string; points_per_event: number; cap_events: number }[];
  threshold?: ThresholdSuggestion;
  rules: LearnedRule[];
}

export interface CalibrateResult {
  report: CalibrationReport;
  card: Scorecard;
  /** The proposed policy file's text. */
  policyText: string;
  /** Learned and current points of every history row, for charts. */
  points: { learned: Float64Array; current: Float64Array };
  history: History;
  split: Split;
}

export function runCalibrate(input: CalibrateInput): CalibrateResult {
  const { history, split, policy } = input;
  const { y } = history;
  const card = learnScorecard(history, split.train, input.learn);
  const n = y.length;
  const learnedPoints = new Float64Array(n);
  for (let r = 0; r < n; r++) learnedPoints[r] = rowPoints(card, r);
  const current = scoreWithCurrentPolicy(policy, history, split.train);

  const test = Array.from(split.test);
  const outcomes = test.map((r) => y[r]!);
  const figures = (points: Float64Array, probability: (p: number) => number): ScoreFigures => {
    const scores = test.map((r) => points[r]!);
    const probabilities = scores.map(probability);
    return { ...evaluate(scores, outcomes, probabilities), calibration: calibrationTable(scores, probabilities, outcomes, 10) };
  };
  const learned = figures(learnedPoints, (p) => pointsProbability(card, p));
  const modelAuc = rocAuc(test.map((r) => linearPredictor(card.model, card.design.x, r)), outcomes);

  const leakage = card.features
    .map(({ feature }) => ({
      column: feature.column,
      auc: singleColumnAuc(feature, history.columns.find((c) => c.name === feature.column)!, y, split.train, split.test),
    }))
    .sort((a, b) => b.auc - a.auc);
  const warnings = leakage
    .filter((l) => l.auc > LEAKAGE_AUC)
    .map((l) => `The column "${l.column}" alone predicts the outcome almost perfectly (AUC ${l.auc.toFixed(3)} on held-out rows). It is probably recorded after the outcome (leakage): if so, drop it with --exclude "${l.column}".`);
  if (current.caveat) warnings.push(current.caveat);

  const target = input.target ?? defaultTarget(policy);
  const probabilities = Array.from(learnedPoints, (p) => pointsProbability(card, p));
  const threshold = target ? suggestThreshold(learnedPoints, probabilities, y, target) : undefined;
  const rules = learnedRules(card);
  const policyText = proposePolicy({
    source: input.policySource,
    file: input.policyFile,
    rules,
    card,
    ...(threshold?.threshold !== undefined ? { threshold: threshold.threshold } : {}),
    learnedFrom: `${history.source} (${history.positive}; ${split.train.length} training rows)`,
  });

  let positives = 0;
  for (let r = 0; r < n; r++) positives += y[r]!;
  const report: CalibrationReport = {
    source: history.source,
    positive: history.positive,
    rows: n,
    positives,
    split: { description: split.description, train: split.train.length, test: split.test.length },
    scale: {
      pdo: card.pdo,
      points_per_unit_log_odds: card.factor,
      odds_at_0_points: Math.exp(card.base),
      rate_at_0_points: 1 / (1 + Math.exp(-card.base)),
    },
    fit_ms: card.fitMs,
    fit_cpu_ms: card.fitCpuMs,
    learned: { ...learned, model_roc_auc: modelAuc },
    current: {
      ...figures(current.points, current.probability),
      usable_rules: current.usableRules,
      total_rules: current.totalRules,
      missing_fields: current.missingFields,
      can_score: current.canScore,
      ...(current.caveat ? { caveat: current.caveat } : {}),
    },
    warnings,
    notes: history.notes,
    leakage,
    skipped: card.skipped,
    features: card.features.map(({ feature, points, rows, rates }) => ({
      column: feature.column,
      field: feature.field,
      kind: feature.kind,
      bins: feature.bins.map((bin, b) => ({ ...binCondition(feature, bin), points: points[b]!, rows: rows[b]!, rate: rates[b]! })),
    })),
    interactions: card.interactions.map(({ interaction, points }) => ({
      columns: [interaction.a.column, interaction.b.column],
      cells: points.length,
      rules: rules.filter((r) => r.reason.startsWith(`${interaction.a.column}: `) && r.reason.includes(` with ${interaction.b.column}: `)).length,
    })),
    events: card.events.map((e) => ({ key: e.term.key, event: e.event, points_per_event: e.points, cap_events: e.term.cap })),
    ...(threshold ? { threshold } : {}),
    rules,
  };
  return { report, card, policyText, points: { learned: learnedPoints, current: current.points }, history, split };
}

/** The middle of the policy's acceptance-rate target range (50 %..70 % → 60 %). */
function defaultTarget(policy: Policy): ThresholdTarget | undefined {
  const range = policy.targets.acceptance_rate;
  if (!range) return undefined;
  return { kind: 'acceptance', rate: (range.low + Math.min(range.high, 1)) / 2 };
}
