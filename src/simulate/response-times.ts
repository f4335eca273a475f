/**
 * Projected first-touch SLA breaches. Each rep's observed response times (assignment to first
 * contact attempt, in business time of their calendar; never touched = infinitely late) form an
 * empirical distribution. A lead the policy assigns to rep R at time t has a budget: the business
 * time in R's calendar between t and its first-touch deadline (a business or wall duration from
 * t). Its chance of a breach is the share of R's observed responses longer than that budget,
 * so working hours and time zones count, and the projection is a deterministic expectation.
 * A rep with no observations borrows everyone's.
 */
import { addBusinessTime, businessMsBetween } from '../domain/calendar/index.js';
import { repCalendar } from '../domain/routing/index.js';
import type { Policy } from '../policy/schema.js';
import type { ResponseObservation } from './history.js';

export interface ResponseModel {
  /** Sorted business-ms responses per rep (Infinity = never touched). */
  byRep: Map<string, Float64Array>;
  all: Float64Array;
}

export function responseModel(policy: Policy, observations: readonly ResponseObservation[]): ResponseModel {
  const lists = new Map<string, number[]>();
  const all: number[] = [];
  for (const o of observations) {
    if (o.ended || !policy.reps[o.rep]) continue;
    const ms = o.touched_at ? businessMsBetween(repCalendar(policy, o.rep), new Date(o.assigned_at), new Date(o.touched_at)) : Number.POSITIVE_INFINITY;
    const list = lists.get(o.rep) ?? [];
    list.push(ms);
    lists.set(o.rep, list);
    all.push(ms);
  }
  const sorted = (values: number[]) => Float64Array.from(values).sort();
  return { byRep: new Map([...lists].map(([rep, values]) => [rep, sorted(values)])), all: sorted(all) };
}

/** Share of `sorted` strictly greater than `budget`. */
function shareAbove(sorted: Float64Array, budget: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= budget) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

/** The chance this assignment misses its first-touch deadline, or undefined when nothing was observed. */
export function breachChance(policy: Policy, model: ResponseModel, rep: string, assignedAt: string, priority: 'high' | 'normal'): number | undefined {
  const observed = model.byRep.get(rep);
  const distribution = observed && observed.length > 0 ? observed : model.all;
  if (distribution.length === 0) return undefined;
  const calendar = repCalendar(policy, rep);
  const start = new Date(assignedAt);
  const duration = priority === 'high' ? policy.sla.first_touch.high_intent : policy.sla.first_touch.standard;
  const budget = businessMsBetween(calendar, start, addBusinessTime(calendar, start, duration));
  return shareAbove(distribution, budget);
}
