/**
 * Gathers the monthly audit's figures: the four metrics for the month (per rep) and the month
 * before, rejections, conversion, stalled and leaked leads, policy versions published in the
 * month with their diffs, and the recommended actions. The JSON form of the report.
 */
import type { Kysely } from 'kysely';
import { conversionAnalysis, type ConversionAnalysis } from '../../metrics/analysis/conversion.js';
import { rejectionAnalysis, type RejectionAnalysis } from '../../metrics/analysis/rejections.js';
import { stalledAnalysis, type StalledAnalysis } from '../../metrics/analysis/stalled.js';
import { monthName, previousMonth, type Period } from '../../metrics/period.js';
import { computeMetrics, type MetricsReport } from '../../metrics/query/metrics.js';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { versionsPublishedIn, type VersionChange } from '../policy/versions.js';
import { recommendations } from './recommendations.js';

export interface AuditData {
  month: string;
  workspace: string;
  period: { from: string; to: string };
  previous_month: string;
  generated_at: string;
  policy: { version: number; hash: string };
  metrics: MetricsReport;
  previous: MetricsReport;
  rejections: RejectionAnalysis;
  conversion: ConversionAnalysis;
  stalled: StalledAnalysis;
  policy_changes: VersionChange[];
  recommendations: string[];
}

export interface AuditRequest {
  month: Period;
  policy: Policy;
  running: { version: number; hash: string };
  now: Date;
  /** Called as each part is done, in the order they end (for a progress bar): how many are done, of how many, and which. */
  onStep?: (step: number, total: number, label: string) => void;
}

export const AUDIT_STEPS = 6;

export async function buildAudit(db: Kysely<Database>, r: AuditRequest): Promise<AuditData> {
  const before = previousMonth(r.month);
  let finished = 0;
  // The parts are independent reads: run them side by side over the pool, counting each as it ends.
  const step = <T>(label: string, work: Promise<T>): Promise<T> =>
    work.then((value) => {
      r.onStep?.(++finished, AUDIT_STEPS, label);
      return value;
    });
  const [metrics, previous, rejections, conversion, stalled, policy_changes] = await Promise.all([
    step('metrics for the month', computeMetrics(db, { period: r.month, by: 'rep', now: r.now, policy: r.policy })),
    step('metrics for the month before', computeMetrics(db, { period: before, now: r.now, policy: r.policy })),
    step('rejection reasons', rejectionAnalysis(db, r.month, r.policy)),
    step('conversion', conversionAnalysis(db, r.month)),
    step('stalled leads', stalledAnalysis(db, r.policy, r.now)),
    step('policy changes', versionsPublishedIn(db, r.month.from, r.month.to)),
  ]);
  return {
    month: monthName(r.month),
    workspace: r.policy.name,
    period: { from: r.month.from.toISOString(), to: r.month.to.toISOString() },
    previous_month: monthName(before),
    generated_at: r.now.toISOString(),
    policy: r.running,
    metrics,
    previous,
    rejections,
    conversion,
    stalled,
    policy_changes,
    recommendations: recommendations({ metrics, previous, rejections, conversion, stalled }),
  };
}
