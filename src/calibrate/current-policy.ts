/**
 * The points the policy in force gives the same rows, for a fair side-by-side: its fit rules
 * (and, for Baton's own history, its engagement rules over the recorded activity) through the
 * same scoring code that runs live. Points are not probabilities, so log loss and Brier use a
 * one-variable logistic fit of the points on the training rows (Platt scaling); AUC and lift use
 * the points as they are.
 */
import { scoreFit } from '../domain/scoring/fit.js';
import { applyActivity, engagementAt, type EngagementState } from '../domain/scoring/engagement.js';
import type { Policy } from '../policy/schema.js';
import type { History } from './history.js';
import { fitLogistic, sigmoid, type SparseRows } from './logistic.js';

export interface CurrentScores {
  points: Float64Array;
  /** Fields the fit rules read that the history does not have. */
  missingFields: string[];
  /** Fit rules the history can evaluate, of all fit rules. */
  usableRules: number;
  totalRules: number;
  /** False when no rule can fire on these rows: every row gets the same points. */
  canScore: boolean;
  /** Why the figures may not be comparable, in words; absent when they are. */
  caveat?: string;
  probability: (points: number) => number;
}

export function scoreWithCurrentPolicy(policy: Policy, history: History, train: Int32Array): CurrentScores {
  const available = new Set(history.columns.map((c) => c.field));
  if (available.has('email')) for (const fact of ['free_email', 'professional_email', 'student_email', 'disposable_email', 'competitor', 'email_domain']) available.add(fact);
  if (available.has('company.country')) available.add('country');
  const covered = (field: string) => available.has(field) || [...available].some((a) => a.startsWith(`${field}.`));
  const rules = policy.scoring.fit.rules;
  const missing = new Set<string>();
  let usable = 0;
  for (const rule of rules) {
    const absent = rule.when.fields.filter((f) => !covered(f));
    absent.forEach((f) => missing.add(f));
    if (absent.length === 0) usable++;
  }
  const n = history.y.length;
  const points = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const subject = history.subject(r);
    let total = scoreFit(policy, subject).total;
    const activities = history.activities?.(r);
    if (activities?.length) {
      let state: EngagementState | undefined;
      for (const activity of activities) state = applyActivity(policy, state, activity).state;
      total += engagementAt(policy, state, new Date(activities[activities.length - 1]!.occurred_at)).total;
    }
    points[r] = Math.round(total);
  }
  let distinct = false;
  for (let r = 1; r < n && !distinct; r++) distinct = points[r] !== points[0];
  const probability = plattScaling(points, history.y, train);
  const caveat = !distinct
    ? `The current policy cannot score these rows: its fit rules read ${[...missing].join(', ') || 'fields'} the history does not have, so every row gets ${points[0]} points. Map the columns to those fields with --map to compare.`
    : missing.size
      ? `The current policy's fit rules also read ${[...missing].join(', ')}, which the history does not have (${usable} of ${rules.length} rules can fire): its figures understate what it does live.`
      : undefined;
  return { points, missingFields: [...missing], usableRules: usable, totalRules: rules.length, canScore: distinct, ...(caveat ? { caveat } : {}), probability };
}

/** p = σ(a + b·points), a and b fitted on the training rows. */
function plattScaling(points: Float64Array, y: Uint8Array, train: Int32Array): (points: number) => number {
  let mean = 0;
  for (const r of train) mean += points[r]!;
  mean /= train.length;
  let spread = 0;
  for (const r of train) spread += (points[r]! - mean) ** 2;
  const scale = Math.sqrt(spread / train.length) || 1;
  const n = points.length;
  const x: SparseRows = {
    start: Int32Array.from({ length: n + 1 }, (_, i) => i),
    indices: new Int32Array(n),
    values: Float64Array.from(points, (p) => (p - mean) / scale),
    columns: 1,
  };
  const model = fitLogistic(x, y, { ridge: 1e-6, pairs: [] }, { rows: train });
  return (p) => sigmoid(model.intercept + model.coefficients[0]! * ((p - mean) / scale));
}
