/**
 * The four hand-off metrics for a period, against the policy's targets, with the funnel, leaks,
 * weekly trend and an optional breakdown: the body of GET /api/v1/metrics and `baton metrics`.
 */
import type { Kysely } from 'kysely';
import type { Policy } from '../../policy/schema.js';
import type { Database } from '../../store/database.js';
import { FUNNEL_STAGES, type Dimension, type ResponseBucket } from '../definitions.js';
import type { Period } from '../period.js';
import { bandFloor } from '../score-band.js';
import { acceptanceHint, rateMet, ratio, responseMet, responseTarget, type RangeTarget } from '../targets.js';
import { breachList, type Breach, type ClockAggregate } from './clock-aggregates.js';
import type { HandoffAggregate } from './handoff-aggregates.js';
import { leakList, type Leak } from './leaks.js';
import { periodFigures } from './period-figures.js';
import { weeklyTrend, type TrendWeek } from './trend.js';

export interface AcceptanceRate {
  value: number | null;
  accepted: number;
  rejected: number;
  /** Hand-offs in the period, decided or not. */
  handed_off: number;
  target: RangeTarget | null;
  met: boolean | null;
  hint?: string;
}

export interface ResponseTime {
  /** Hand-offs with a first contact attempt. */
  count: number;
  median_ms: number | null;
  mean_ms: number | null;
  p90_ms: number | null;
  business: { median_ms: number | null; mean_ms: number | null; p90_ms: number | null };
  distribution: Record<ResponseBucket, number>;
  target_ms: number | null;
  /** Which median the target is compared with. */
  target_basis: 'wall' | 'business' | null;
  met: boolean | null;
}

export interface SlaCompliance {
  value: number | null;
  met: number;
  due: number;
  by_clock: Record<string, { value: number | null; met: number; due: number }>;
  target: RangeTarget | null;
  met_target: boolean | null;
  breaches: Breach[];
}

export interface MqlToOpportunity {
  value: number | null;
  mqls: number;
  opportunities: number;
  target: RangeTarget | null;
  met: boolean | null;
}

export interface FunnelStep {
  stage: string;
  count: number;
  conversion_from_previous: number | null;
  median_time_in_stage_ms: number | null;
}

export interface BreakdownRow {
  key: string;
  label: string;
  acceptance_rate: AcceptanceRate;
  response_time: ResponseTime;
  sla_compliance: Omit<SlaCompliance, 'breaches'>;
  mql_to_opportunity: MqlToOpportunity;
}

export interface MetricsReport {
  period: { from: string; to: string };
  as_of: string;
  by?: Dimension;
  acceptance_rate: AcceptanceRate;
  response_time: ResponseTime;
  sla_compliance: SlaCompliance;
  mql_to_opportunity: MqlToOpportunity;
  funnel: FunnelStep[];
  leaks: Leak[];
  leak_counts: Record<Leak['reason'], number>;
  trend: TrendWeek[];
  breakdown?: BreakdownRow[];
}

export interface MetricsRequest {
  period: Period;
  by?: Dimension;
  now: Date;
  policy: Policy;
}

export async function computeMetrics(db: Kysely<Database>, request: MetricsRequest): Promise<MetricsReport> {
  const { period, by, now, policy } = request;
  const [{ handoffs, clocks, days }, breaches, leaks] = await Promise.all([periodFigures(db, period, now, by), breachList(db, period, now), leakList(db)]);
  const trend = await weeklyTrend(db, period, days);
  const total = handoffs.find((h) => h.key === null)!;
  const clockTotal = clocks.find((c) => c.level === 'total')!;
  const perClock = clocks.filter((c) => c.level === 'clock');
  const report: MetricsReport = {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    as_of: now.toISOString(),
    ...(by ? { by } : {}),
    acceptance_rate: acceptanceRate(total, policy),
    response_time: responseTime(total, policy),
    sla_compliance: { ...slaCompliance(clockTotal, perClock, policy), breaches },
    mql_to_opportunity: mqlToOpportunity(total, policy),
    funnel: funnel(total),
    leaks: leaks.leaks,
    leak_counts: leaks.counts,
    trend,
  };
  if (by) report.breakdown = breakdown(by, handoffs, clocks, policy);
  return report;
}

export function acceptanceRate(a: HandoffAggregate, policy: Policy): AcceptanceRate {
  const value = ratio(a.accepted, a.accepted + a.rejected);
  const target = policy.targets.acceptance_rate;
  const hint = acceptanceHint(value, a.accepted + a.rejected);
  return { value, accepted: a.accepted, rejected: a.rejected, handed_off: a.handed_off, target: target ?? null, met: rateMet(value, target), ...(hint ? { hint } : {}) };
}

export function responseTime(a: HandoffAggregate, policy: Policy): ResponseTime {
  const target = responseTarget(policy.targets.response_time);
  return {
    count: a.attempted,
    median_ms: a.wall.median,
    mean_ms: a.wall.mean,
    p90_ms: a.wall.p90,
    business: { median_ms: a.business.median, mean_ms: a.business.mean, p90_ms: a.business.p90 },
    distribution: a.distribution,
    target_ms: target.target_ms,
    target_basis: target.basis,
    met: responseMet(target, { wall: a.wall.median, business: a.business.median }),
  };
}

function slaCompliance(total: ClockAggregate, perClock: ClockAggregate[], policy: Policy): Omit<SlaCompliance, 'breaches'> {
  const value = ratio(total.met, total.due);
  const target = policy.targets.sla_compliance;
  return {
    value,
    met: total.met,
    due: total.due,
    by_clock: Object.fromEntries([...perClock].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')).map((c) => [c.name ?? '', { value: ratio(c.met, c.due), met: c.met, due: c.due }])),
    target: target ?? null,
    met_target: rateMet(value, target),
  };
}

function mqlToOpportunity(a: HandoffAggregate, policy: Policy): MqlToOpportunity {
  const value = ratio(a.reached.opportunity, a.mqls);
  const target = policy.targets.mql_to_opportunity;
  return { value, mqls: a.mqls, opportunities: a.reached.opportunity, target: target ?? null, met: rateMet(value, target) };
}

function funnel(a: HandoffAggregate): FunnelStep[] {
  return FUNNEL_STAGES.map((stage, i) => ({
    stage,
    count: a.reached[stage],
    conversion_from_previous: i === 0 ? null : ratio(a.reached[stage], a.reached[FUNNEL_STAGES[i - 1]!]),
    median_time_in_stage_ms: a.median_time_in_stage[stage] ?? null,
  }));
}

function breakdown(by: Dimension, handoffs: HandoffAggregate[], clocks: ClockAggregate[], policy: Policy): BreakdownRow[] {
  const keyed = new Map(handoffs.filter((h) => h.key !== null).map((h) => [h.key!, h]));
  const clockKeyed = new Map(clocks.filter((c) => c.level === 'key').map((c) => [c.name!, c]));
  const keys = [...new Set([...keyed.keys(), ...clockKeyed.keys()])];
  const rows = keys.map((key): BreakdownRow => {
    const h = keyed.get(key) ?? emptyAggregate(key);
    const c = clockKeyed.get(key) ?? { level: 'key' as const, name: key, met: 0, due: 0 };
    return {
      key,
      label: labelOf(policy, by, key),
      acceptance_rate: acceptanceRate(h, policy),
      response_time: responseTime(h, policy),
      sla_compliance: slaCompliance(c, [], policy),
      mql_to_opportunity: mqlToOpportunity(h, policy),
    };
  });
  return by === 'score_band'
    ? rows.sort((a, b) => bandFloor(a.key) - bandFloor(b.key))
    : rows.sort((a, b) => b.acceptance_rate.handed_off + b.mql_to_opportunity.mqls - (a.acceptance_rate.handed_off + a.mql_to_opportunity.mqls) || a.key.localeCompare(b.key));
}

/** A person's name for a rep key, the key itself otherwise. */
export function labelOf(policy: Policy, by: string, key: string): string {
  if (by === 'rep') return policy.reps[key]?.name ?? key;
  return key;
}

function emptyAggregate(key: string): HandoffAggregate {
  const none = { median: null, p90: null, mean: null };
  return {
    key,
    handed_off: 0,
    accepted: 0,
    rejected: 0,
    attempted: 0,
    wall: none,
    business: none,
    distribution: { under_5m: 0, under_1h: 0, under_4h: 0, under_24h: 0, over_24h: 0, never: 0 },
    mqls: 0,
    reached: { mql: 0, sal: 0, sql: 0, opportunity: 0, won: 0 },
    median_time_in_stage: {},
  };
}
