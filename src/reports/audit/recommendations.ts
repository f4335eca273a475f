/**
 * The audit's recommended actions, derived from its figures: each names what is off, by how
 * much, and the policy setting or team habit to change. Pure, so each rule has its own test.
 */
import type { ConversionAnalysis } from '../../metrics/analysis/conversion.js';
import type { RejectionAnalysis } from '../../metrics/analysis/rejections.js';
import type { StalledAnalysis } from '../../metrics/analysis/stalled.js';
import type { MetricsReport } from '../../metrics/query/metrics.js';
import { duration as hours, pct as percent } from '../../metrics/format.js';

export interface AuditFigures {
  metrics: MetricsReport;
  previous: MetricsReport;
  rejections: RejectionAnalysis;
  conversion: ConversionAnalysis;
  stalled: StalledAnalysis;
}

/** A rep needs this many due clocks before their compliance is called out (Default: 3). */
export const MIN_CLOCKS_PER_REP = 3;
/** A rate that moved this much month over month is worth a line (Default: 10 points). */
export const NOTABLE_CHANGE = 0.1;

export function recommendations(f: AuditFigures): string[] {
  const out: string[] = [];
  const { acceptance_rate: acc, response_time: rt, sla_compliance: sla, mql_to_opportunity: opp } = f.metrics;

  if (acc.hint) out.push(acc.hint);
  else if (acc.met === false && acc.value !== null && acc.target) {
    out.push(`Acceptance was ${percent(acc.value)}, outside the target ${percent(acc.target.low)}–${percent(acc.target.high)}: agree with sales which rejection reasons to fix first (see the Pareto below).`);
  }
  out.push(...f.rejections.hints.slice(0, 3).map((h) => h.message));

  if (rt.met === false && rt.target_ms !== null) {
    const median = rt.target_basis === 'business' ? rt.business.median_ms : rt.median_ms;
    const slow = slowestReps(f.metrics);
    out.push(
      `Median response was ${hours(median)} against a target of ${hours(rt.target_ms)}${slow ? `; slowest: ${slow}` : ''}. Check notification delivery and rep availability, and let escalation reassign sooner.`,
    );
  }
  if (rt.distribution.never > 0) {
    out.push(`${rt.distribution.never} hand-off${rt.distribution.never === 1 ? '' : 's'} of the month never got a contact attempt: work the leak list below.`);
  }

  if (sla.met_target === false && sla.value !== null) {
    const worst = (f.metrics.breakdown ?? [])
      .filter((r) => r.sla_compliance.due >= MIN_CLOCKS_PER_REP && r.sla_compliance.value !== null)
      .sort((a, b) => a.sla_compliance.value! - b.sla_compliance.value!)
      .slice(0, 2)
      .map((r) => `${r.label} ${percent(r.sla_compliance.value!)}`);
    const clock = Object.entries(sla.by_clock)
      .map(([name, c]) => [name, c.due - c.met] as const)
      .sort((a, b) => b[1] - a[1])[0];
    out.push(
      `SLA compliance was ${percent(sla.value)} (target ${sla.target ? percent(sla.target.low) : 'none'})${clock && clock[1] > 0 ? `, most misses on ${clock[0]}` : ''}${worst.length ? `; lowest: ${worst.join(', ')}` : ''}. Review pool caps and working hours, or shorten the escalation steps.`,
    );
  }

  if (opp.met === false && opp.value !== null && opp.target) {
    const low = opp.value < opp.target.low;
    out.push(
      low
        ? `MQL → opportunity was ${percent(opp.value)}, under the target ${percent(opp.target.low)}: compare conversion by source and score band below and shift spend to what converts.`
        : `MQL → opportunity was ${percent(opp.value)}, above the target ${percent(opp.target.high)}: the MQL bar may be too high; marketing could hand off more.`,
    );
  }
  out.push(...f.conversion.hints);

  if (f.metrics.leak_counts.no_owner > 0) {
    out.push(`${f.metrics.leak_counts.no_owner} MQL${f.metrics.leak_counts.no_owner === 1 ? ' waits' : 's wait'} with no owner in the fallback queue: add reps to the pools that route there, or widen their working hours.`);
  }
  out.push(...f.stalled.hints);
  out.push(...monthOverMonth(f.metrics, f.previous));

  return out.length ? out : ['All four metrics are on target and nothing is stalled: no change needed this month.'];
}

function monthOverMonth(now: MetricsReport, before: MetricsReport): string[] {
  const out: string[] = [];
  const pairs: [string, number | null, number | null][] = [
    ['Acceptance', now.acceptance_rate.value, before.acceptance_rate.value],
    ['SLA compliance', now.sla_compliance.value, before.sla_compliance.value],
    ['MQL → opportunity', now.mql_to_opportunity.value, before.mql_to_opportunity.value],
  ];
  for (const [name, a, b] of pairs) {
    if (a === null || b === null || Math.abs(a - b) < NOTABLE_CHANGE) continue;
    out.push(`${name} ${a > b ? 'rose' : 'fell'} from ${percent(b)} to ${percent(a)} since last month${a < b ? ': find out what changed (policy changes are listed at the end)' : ''}.`);
  }
  return out;
}

function slowestReps(m: MetricsReport): string {
  return (m.breakdown ?? [])
    .filter((r) => r.response_time.median_ms !== null && r.response_time.count >= MIN_CLOCKS_PER_REP)
    .sort((a, b) => b.response_time.median_ms! - a.response_time.median_ms!)
    .slice(0, 2)
    .map((r) => `${r.label} ${hours(r.response_time.median_ms)}`)
    .join(', ');
}
