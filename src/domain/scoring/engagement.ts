/**
 * Engagement points: what the lead did, fading with a half-life.
 *
 * Kept as a running state so each activity costs O(rules), however long the history: the
 * state holds every rule's value decayed to `asOf`; a new activity decays them all to its own
 * time and adds its points. Because exponential decay is multiplicative this equals replaying
 * the whole history — exactly, unless a rule cap is hit (see `applyActivity`).
 */
import type { ConditionSubject } from '../conditions/condition.js';
import type { Activity } from '../lead/activity.js';
import { activitySubject } from '../lead/subject.js';
import type { Policy } from '../../policy/schema.js';
import { applyCaps, finishItems, type WorkingItem } from './caps.js';
import { canonicalInstant, instantMs } from './instant.js';
import { prepareScoring, type PreparedEngagementRule } from './prepared.js';
import { round1, type ScoreItem } from './score-item.js';

export interface EngagementRuleState {
  /** The rule's value decayed to `asOf`, within the rule's cap. */
  points: number;
  /** Activities that matched the rule. */
  count: number;
  /** ISO time of the latest of them (written as `toISOString()` does). */
  last: string;
  /** The value had the rule no cap, decayed the same way; lets an explanation say "capped". */
  raw?: number;
}

export interface EngagementState {
  /** ISO instant every rule value is decayed to (written as `toISOString()` does). */
  asOf: string;
  /**
   * By rule key, `scoring.engagement.rules[i]`. Keys are positions: when a policy reorders or
   * removes engagement rules, rebuild the state by replaying activities under the new policy.
   */
  rules: Record<string, EngagementRuleState>;
}

export interface EngagementMatch {
  rule: string;
  /**
   * What the activity added after the rule's cap (0 when already at the cap; decayed to `asOf`
   * for a late activity), rounded to 1 decimal.
   */
  points: number;
  reason: string;
}

/**
 * Folds one activity into the state; returns a new state and leaves the old one untouched.
 *
 * An activity older than `asOf` (arriving late) adds its points decayed to `asOf`. Without
 * caps that is exact. With a rule cap it is an approximation: the cap is applied at `asOf`
 * rather than at the moment the activity happened, so the value can differ from an in-order
 * replay (never above the cap). Replay sorted by time when the exact figure matters.
 */
export function applyActivity(
  policy: Policy,
  state: EngagementState | undefined,
  activity: Activity,
): { state: EngagementState; matched: EngagementMatch[] } {
  const { byEvent, decayPerMs } = prepareScoring(policy).engagement;
  const at = instantMs(activity.occurred_at);
  if (Number.isNaN(at)) throw new TypeError(`activity.occurred_at is not an ISO time: "${activity.occurred_at}"`);
  const when = canonicalInstant(at);
  const asOfMs = state ? instantMs(state.asOf) : at;
  const late = at < asOfMs;
  const next: EngagementState = { asOf: late ? state!.asOf : when, rules: {} };
  // Catch every value up to the new asOf (O(rules) — the state holds at most one entry per rule).
  const factor = late || decayPerMs === 0 ? 1 : Math.exp(decayPerMs * (at - asOfMs));
  if (state) {
    for (const key in state.rules) {
      const s = state.rules[key]!;
      const copy: EngagementRuleState = { points: s.points * factor, count: s.count, last: s.last };
      if (s.raw !== undefined) copy.raw = s.raw * factor;
      next.rules[key] = copy;
    }
  }
  const matched: EngagementMatch[] = [];
  const candidates = byEvent.get(activity.type);
  if (!candidates) return { state: next, matched };
  const added = late && decayPerMs !== 0 ? Math.exp(decayPerMs * (asOfMs - at)) : 1;
  let eventSubject: ConditionSubject | undefined;
  let path: string | undefined;
  for (const rule of candidates) {
    if (rule.url) {
      if (!activity.url) continue;
      path ??= pathOf(activity.url);
      if (!rule.url.test(path) && !rule.url.test(activity.url)) continue;
    }
    if (rule.when && !rule.when((eventSubject ??= activitySubject(activity)))) continue;
    matched.push(addPoints(next, rule, rule.points * added, when));
  }
  return { state: next, matched };
}

function addPoints(state: EngagementState, rule: PreparedEngagementRule, points: number, at: string): EngagementMatch {
  const prior = state.rules[rule.key];
  const before = prior?.points ?? 0;
  const value = rule.cap === undefined ? before + points : Math.min(rule.cap, before + points);
  const uncapped = (prior?.raw ?? before) + points;
  const entry: EngagementRuleState = {
    points: value,
    count: (prior?.count ?? 0) + 1,
    last: prior && instantMs(prior.last) > instantMs(at) ? prior.last : at,
  };
  // Only worth storing once the cap has cut something.
  if (uncapped !== value || prior?.raw !== undefined) entry.raw = uncapped;
  state.rules[rule.key] = entry;
  return { rule: rule.key, points: round1(value - before), reason: rule.reason };
}

/**
 * Engagement at `now`: every rule value decayed to `now`, then group caps and
 * `scoring.engagement.cap` (positive points only, see caps.ts). A `now` before `state.asOf`
 * is read as `asOf` (a score never grows by looking back). Keys of rules the policy no longer
 * has are skipped. `total` is exact; items are rounded and sorted by |points|.
 */
export function engagementAt(
  policy: Policy,
  state: EngagementState | undefined,
  now: Date,
): { total: number; items: ScoreItem[] } {
  if (!state) return { total: 0, items: [] };
  const { groupCount, engagement } = prepareScoring(policy);
  const { byKey, decayPerMs, cap } = engagement;
  const elapsed = now.getTime() - instantMs(state.asOf);
  const factor = decayPerMs === 0 || !(elapsed > 0) ? 1 : Math.exp(decayPerMs * elapsed);
  const working: WorkingItem[] = [];
  for (const key in state.rules) {
    const rule = byKey.get(key);
    if (!rule) continue;
    const s = state.rules[key]!;
    // Re-applying the rule cap keeps an old state honest after the policy lowered it.
    const capped = rule.cap !== undefined && (s.points > rule.cap || (s.raw ?? s.points) - s.points > 1e-9);
    const value = (rule.cap === undefined ? s.points : Math.min(rule.cap, s.points)) * factor;
    working.push({
      rule,
      kind: 'engagement',
      value,
      raw: capped ? Math.max(s.raw ?? s.points, s.points) * factor : value,
      capped: capped ? 'rule' : undefined,
      cap: capped ? rule.cap : undefined,
      count: s.count,
      // Some of the points were earned before `now` (decided without parsing `last`: hot path).
      decayed: decayPerMs !== 0 && (factor < 1 || s.count > 1 || s.last !== state.asOf),
    });
  }
  const total = applyCaps(working, groupCount, cap);
  return { total, items: finishItems(working) };
}

/** The path of a URL ("/pricing" of "https://acme.com/pricing?x=1"); the text itself when not a URL. */
function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}
