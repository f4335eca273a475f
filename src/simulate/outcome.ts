/**
 * The figures of one run: MQL volume and mix, leads per rep and round-robin fairness, the share
 * of high-priority MQLs, projected first-touch breaches, and the acceptance and conversion of the
 * leads it sends (for those whose outcome the history knows).
 */
import type { Policy } from '../policy/schema.js';
import type { KnownOutcome } from './history.js';
import type { Run } from './replay.js';
import { breachChance, type ResponseModel } from './response-times.js';

export interface PoolFairness {
  strategy: string;
  /** Turns each active member got in the run, and their weights. */
  counts: Record<string, number>;
  weights: Record<string, number>;
  max_minus_min: number;
  /** Standard deviation over mean of the counts (0 = perfectly even). */
  cv: number;
  /** The same for counts divided by weight (0 = exactly in proportion to the weights). */
  cv_per_weight: number;
}

export interface RunFigures {
  leads: number;
  mqls: number;
  by_source: Record<string, number>;
  by_segment: Record<string, number>;
  by_route: Record<string, number>;
  by_priority: Record<string, number>;
  high_priority_share: number;
  assigned: number;
  queued: number;
  leads_per_rep: Record<string, number>;
  fairness: Record<string, PoolFairness>;
  first_touch: { assigned: number; projected: number; projected_breaches: number; breach_rate: number | null; unprojected: number };
  outcomes: {
    sent: number;
    /** Sent leads whose outcome the history knows (accepted, rejected, won or lost). */
    known: number;
    accepted: number;
    rejected: number;
    acceptance_rate: number | null;
    converted: number;
    conversion_rate: number | null;
    /** Sent leads nobody judged in the history (typically: the current policy never sent them). */
    unknown: number;
  };
}

/** Object with keys in sorted order, so JSON output does not depend on the order leads came in. */
export function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function spread(values: number[]): { cv: number; range: number } {
  if (values.length === 0) return { cv: 0, range: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { cv: mean === 0 ? 0 : Math.sqrt(variance) / mean, range: Math.max(...values) - Math.min(...values) };
}

export function runFigures(policy: Policy, run: Run, outcomes: Map<string, KnownOutcome>, responses: ResponseModel): RunFigures {
  const bySource = new Map<string, number>();
  const bySegment = new Map<string, number>();
  const byRoute = new Map<string, number>();
  const byPriority = new Map<string, number>();
  const perRep = new Map<string, number>();
  let mqls = 0;
  let high = 0;
  let assigned = 0;
  let queued = 0;
  let projected = 0;
  let breaches = 0;
  let unprojected = 0;
  const o = { sent: 0, known: 0, accepted: 0, rejected: 0, converted: 0, unknown: 0 };
  for (const lead of run.leads.values()) {
    if (!lead.mql) continue;
    mqls++;
    bump(bySource, lead.source);
    bump(bySegment, lead.segment ?? '(none)');
    bump(byRoute, lead.owner ? (lead.step ?? '(rule)') : `queue ${lead.queued ?? '?'}`);
    bump(byPriority, lead.priority ?? 'normal');
    if (lead.priority === 'high') high++;
    if (lead.queued && !lead.owner) queued++;
    if (!lead.owner) continue;
    assigned++;
    bump(perRep, lead.owner);
    const chance = breachChance(policy, responses, lead.owner, lead.assigned_at!, lead.priority ?? 'normal');
    if (chance === undefined) unprojected++;
    else {
      projected++;
      breaches += chance;
    }
    o.sent++;
    const known = outcomes.get(lead.id);
    if (known && (known.accepted || known.rejected || known.won || known.lost)) {
      o.known++;
      if (known.accepted) o.accepted++;
      if (known.rejected && !known.accepted) o.rejected++;
      if (known.converted) o.converted++;
    } else o.unknown++;
  }
  const fairness: Record<string, PoolFairness> = {};
  for (const name of Object.keys(policy.pools).sort()) {
    const pool = policy.pools[name]!;
    const state = run.pools[name];
    const members = (state?.members ?? []).filter((m) => m.active);
    const counts = members.map((m) => m.assignedCount);
    const raw = spread(counts);
    fairness[name] = {
      strategy: pool.strategy,
      counts: Object.fromEntries(members.map((m) => [m.rep, m.assignedCount])),
      weights: Object.fromEntries(members.map((m) => [m.rep, m.weight])),
      max_minus_min: raw.range,
      cv: raw.cv,
      cv_per_weight: spread(members.map((m) => m.assignedCount / m.weight)).cv,
    };
  }
  for (const rep of Object.keys(policy.reps)) if (!perRep.has(rep)) perRep.set(rep, 0);
  return {
    leads: run.leads.size,
    mqls,
    by_source: sortedRecord(bySource),
    by_segment: sortedRecord(bySegment),
    by_route: sortedRecord(byRoute),
    by_priority: sortedRecord(byPriority),
    high_priority_share: mqls ? high / mqls : 0,
    assigned,
    queued,
    leads_per_rep: sortedRecord(perRep),
    fairness,
    first_touch: { assigned, projected, projected_breaches: breaches, breach_rate: projected ? breaches / projected : null, unprojected },
    outcomes: {
      ...o,
      acceptance_rate: o.accepted + o.rejected ? o.accepted / (o.accepted + o.rejected) : null,
      conversion_rate: o.known ? o.converted / o.known : null,
    },
  };
}
