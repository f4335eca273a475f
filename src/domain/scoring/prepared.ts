/**
 * What scoring needs from a policy, worked out once per policy object and cached, so that
 * scoring a lead does no lookups by name, no regex construction and no duration parsing.
 */
import { conditionPredicate } from '../conditions/evaluate.js';
import { globToRegExp } from '../conditions/glob.js';
import type { Predicate } from '../conditions/predicate.js';
import type { Duration } from '../time/duration.js';
import type { Policy } from '../../policy/schema.js';

/** Where a rule's group sits among the policy's groups, and its cap; shared by fit and engagement. */
export interface GroupRef {
  group: string | undefined;
  /** Index into `PreparedScoring.groupCount` slots; -1 when the rule has no capped group. */
  groupIndex: number;
  groupCap: number | undefined;
}

export interface PreparedFitRule extends GroupRef {
  key: string;
  when: Predicate;
  points: number;
  reason: string;
}

export interface PreparedEngagementRule extends GroupRef {
  key: string;
  event: string;
  url: RegExp | undefined;
  when: Predicate | undefined;
  points: number;
  cap: number | undefined;
  reason: string;
}

export interface PreparedScoring {
  /** How many groups have a cap (size of the per-call group sums). */
  groupCount: number;
  fit: { rules: PreparedFitRule[]; cap: number | undefined };
  engagement: {
    /** ln(0.5) / half-life in ms; 0 when there is no half-life (no decay). */
    decayPerMs: number;
    cap: number | undefined;
    byEvent: Map<string, PreparedEngagementRule[]>;
    byKey: Map<string, PreparedEngagementRule>;
  };
}

const cache = new WeakMap<Policy, PreparedScoring>();

export function prepareScoring(policy: Policy): PreparedScoring {
  let prepared = cache.get(policy);
  if (!prepared) {
    prepared = prepare(policy);
    cache.set(policy, prepared);
  }
  return prepared;
}

function prepare(policy: Policy): PreparedScoring {
  const { groups, fit, engagement } = policy.scoring;
  const capped = Object.keys(groups);
  const groupRef = (group: string | undefined): GroupRef => {
    const groupIndex = group === undefined ? -1 : capped.indexOf(group);
    return { group, groupIndex, groupCap: groupIndex < 0 ? undefined : groups[group!]!.cap };
  };
  const fitRules = fit.rules.map((rule, i) => ({
    key: `scoring.fit.rules[${i}]`,
    when: conditionPredicate(rule.when),
    points: rule.points,
    reason: rule.reason,
    ...groupRef(rule.group),
  }));
  const byEvent = new Map<string, PreparedEngagementRule[]>();
  const byKey = new Map<string, PreparedEngagementRule>();
  engagement.rules.forEach((rule, i) => {
    const prepared: PreparedEngagementRule = {
      key: `scoring.engagement.rules[${i}]`,
      event: rule.event,
      url: rule.url === undefined ? undefined : globToRegExp(rule.url),
      when: rule.when && conditionPredicate(rule.when),
      points: rule.points,
      cap: rule.cap,
      reason: rule.reason ?? defaultReason(rule.event, rule.url),
      ...groupRef(rule.group),
    };
    byKey.set(prepared.key, prepared);
    const list = byEvent.get(rule.event);
    if (list) list.push(prepared);
    else byEvent.set(rule.event, [prepared]);
  });
  const halfLife = halfLifeMs(engagement.half_life);
  return {
    groupCount: capped.length,
    fit: { rules: fitRules, cap: fit.cap },
    engagement: { decayPerMs: halfLife ? -Math.LN2 / halfLife : 0, cap: engagement.cap, byEvent, byKey },
  };
}

/**
 * Decay runs on wall-clock time. A half-life written in business units is read as its
 * wall-clock namesake (4bh as 4h, 1bd as 24h): decay is a rough forgetting curve, and
 * tying it to a calendar would make a lead's score depend on whose calendar it is.
 */
function halfLifeMs(duration: Duration | undefined): number | undefined {
  if (!duration) return undefined;
  if (duration.kind === 'wall') return duration.ms;
  if (duration.kind === 'business_hours') return duration.hours * 3_600_000;
  return duration.days * 86_400_000;
}

/** "page viewed /pricing*" for a rule without a `reason`. */
function defaultReason(event: string, url: string | undefined): string {
  const what = event.replaceAll('_', ' ');
  return url ? `${what} ${url}` : what;
}
