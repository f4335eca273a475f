/**
 * Routing one lead: walk `policy.routing.order`, and the first step that yields a rep who can
 * take the lead wins. A step whose rep or pool has nobody available falls through to the next
 * matching step; when none is left the lead waits in `policy.routing.fallback`.
 *
 * Pure: `now` is passed in, the shared state comes in as a snapshot, and the decision carries the
 * new state of the pool used and of the chosen rep for the caller to persist in the same
 * transaction (after locking the rows named by `poolsNeeded` / `repsNeeded`).
 *
 * Cost: about 6 µs per decision with the test policy (two pools, seven reps), measured on Node 20.20
 * over 200k decisions after 20k warm-up on a shared development machine; calendars are compiled
 * once per policy object and each local day's shifts once, so no time-zone arithmetic runs per lead.
 */
import type { Policy, RoutingStep } from '../../policy/schema.js';
import type { ConditionSubject } from '../conditions/condition.js';
import type { AccountMatch } from '../lead/subject.js';
import { loadAfterAssignment, unavailability } from './eligibility.js';
import { pickText, repName, ruleText, sentence } from './explanation.js';
import { pickInPool, policyPool } from './pool-pick.js';
import { stepApplies } from './step-applies.js';
import { loadOf, type RoutingDecision, type RoutingSnapshot, type Skip } from './types.js';

export interface RouteInput {
  subject: ConditionSubject;
  account?: AccountMatch;
  now: Date;
}

type Assigned = Extract<RoutingDecision, { kind: 'assigned' }>;
type Step<K extends RoutingStep['kind']> = Extract<RoutingStep, { kind: K }>;

export function routeLead(policy: Policy, input: RouteInput, snapshot: RoutingSnapshot): RoutingDecision {
  const skipped: Skip[] = [];
  const clauses: string[] = [];
  const skip = (more: readonly Skip[]) => {
    for (const s of more) if (!skipped.some((known) => known.rep === s.rep)) skipped.push(s);
  };
  for (const [index, step] of policy.routing.order.entries()) {
    if (!stepApplies(step, input.subject)) continue;
    const attempt =
      step.kind === 'account_owner'
        ? ownerStep(policy, step, index, input, snapshot)
        : step.kind === 'rep'
          ? repStep(policy, step, index, input.now, snapshot)
          : poolStep(policy, step, index, input.now, snapshot);
    if (!attempt) continue;
    skip(attempt.skipped);
    if ('decision' in attempt) {
      const { decision } = attempt;
      return { ...decision, skipped, explanation: sentence(policy, [...clauses, ...decision.clauses], skipped) };
    }
    clauses.push(attempt.clause);
  }
  const queue = policy.routing.fallback;
  const ending = `, so the lead waits in queue ${queue}`;
  const body = clauses.length > 0 ? [...clauses.slice(0, -1), clauses.at(-1) + ending] : [`No routing rule matched${ending}`];
  return { kind: 'queued', queue, skipped, explanation: sentence(policy, body, skipped) };
}

type Attempt =
  | { skipped: Skip[]; decision: Omit<Assigned, 'skipped' | 'explanation'> & { clauses: string[] } }
  | { skipped: Skip[]; clause: string }
  | undefined;

/** The matched account's owner, without using a round-robin turn; caps and hours do not apply. */
function ownerStep(policy: Policy, step: Step<'account_owner'>, index: number, input: RouteInput, snapshot: RoutingSnapshot): Attempt {
  const account = input.account;
  const owner = account?.owner;
  if (!account || !owner || (step.customersOnly && !account.is_customer)) return undefined;
  const load = loadOf(snapshot, owner);
  const reason = unavailability(policy, owner, load, input.now);
  const name = repName(policy, owner);
  if (reason) return { skipped: [{ rep: owner, reason }], clause: `${name} owns the account ${account.name} but could not take the lead` };
  return {
    skipped: [],
    decision: {
      kind: 'assigned',
      rep: owner,
      via: 'account_owner',
      step: index,
      stepName: 'account owner',
      repLoad: loadAfterAssignment(policy, load, input.now),
      clauses: [`${name} owns the account ${account.name}, so the lead goes to them without using a round-robin turn`],
    },
  };
}

/** A rule naming one rep: theirs if they are there (pool caps and hours do not apply). */
function repStep(policy: Policy, step: Step<'rep'>, index: number, now: Date, snapshot: RoutingSnapshot): Attempt {
  const load = loadOf(snapshot, step.rep);
  const reason = unavailability(policy, step.rep, load, now);
  const rule = ruleText(policy, step, index);
  if (reason) return { skipped: [{ rep: step.rep, reason }], clause: `${rule}, who could not take it` };
  return {
    skipped: [],
    decision: {
      kind: 'assigned',
      rep: step.rep,
      via: 'rule',
      step: index,
      stepName: step.name ?? `rule ${index + 1}`,
      repLoad: loadAfterAssignment(policy, load, now),
      clauses: [rule],
    },
  };
}

function poolStep(policy: Policy, step: Step<'pool'>, index: number, now: Date, snapshot: RoutingSnapshot): Attempt {
  const pick = pickInPool(policy, step.pool, now, snapshot);
  const rule = ruleText(policy, step, index);
  if (!pick.rep) return { skipped: pick.skipped, clause: `${rule}, where nobody could take it` };
  const load = loadOf(snapshot, pick.rep);
  const member = pick.state.members.find((m) => m.rep === pick.rep)!;
  return {
    skipped: pick.skipped,
    decision: {
      kind: 'assigned',
      rep: pick.rep,
      via: 'pool',
      step: index,
      stepName: step.name ?? `pool ${step.pool}`,
      pool: step.pool,
      poolState: pick.state,
      repLoad: loadAfterAssignment(policy, load, now),
      clauses: [rule, pickText(policy, policyPool(policy, step.pool), pick.rep, member.weight, load.openLeads)],
    },
  };
}
