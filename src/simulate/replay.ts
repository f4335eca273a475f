/**
 * Replaying inputs through the pure decision core on a virtual clock: every input is decided at
 * its recorded time with `decide()`, routing state (round-robin credit, rep loads) kept in memory
 * and updated from each decision exactly as the shell would persist it. Rep actions move the
 * simulated lead the way they moved the real one (a rejection frees the owner's slot and sends
 * the lead to nurture, a close ends it), but only when the simulated lead was handed over too.
 * No database, no clock, no randomness: the same inputs and policy give the same run.
 */
import { syncPoolState, type PoolState, type RepLoad, type RoutingSnapshot } from '../domain/routing/index.js';
import type { Activity } from '../domain/lead/activity.js';
import type { AccountMatch } from '../domain/lead/subject.js';
import { leadSubject } from '../domain/lead/subject.js';
import { checkFitCriteria } from '../domain/qualification/fit-criteria.js';
import { prepareScoring } from '../domain/scoring/prepared.js';
import { canTransition } from '../domain/qualification/transitions.js';
import { decide } from '../engine/decide.js';
import type { LeadInput } from '../engine/inputs.js';
import type { LeadState } from '../engine/lead-state.js';
import type { Policy } from '../policy/schema.js';
import type { ReplayInput } from './history.js';

/** What happened to one lead in a run. */
export interface LeadRun {
  id: string;
  source: string;
  segment?: string;
  mql: boolean;
  mql_at?: string;
  priority?: 'high' | 'normal';
  /** First owner the run gave the lead, with when and how. */
  owner?: string;
  assigned_at?: string;
  pool?: string;
  step?: string;
  queued?: string;
}

export interface Run {
  leads: Map<string, LeadRun>;
  /** Pool state at the end: assignedCount per member counts this run's turns (runs start from zero). */
  pools: Record<string, PoolState>;
  reps: Record<string, RepLoad>;
  decisions: number;
  repActions: number;
  /** Inputs for leads the run never saw created (they came before the window). */
  skipped: number;
}

export function initialRouting(policy: Policy): RoutingSnapshot {
  const pools: Record<string, PoolState> = {};
  for (const [name, pool] of Object.entries(policy.pools)) pools[name] = syncPoolState(pool, name, undefined);
  const reps: Record<string, RepLoad> = {};
  for (const rep of Object.keys(policy.reps)) reps[rep] = { rep, openLeads: 0, assignedToday: 0, day: null, away: false };
  return { pools, reps };
}

/**
 * Cost: decide() is most of the time (~10–30 µs per input on a shared 2-core VM), so activity for
 * a lead that cannot qualify now is held back: a lead already an MQL with an owner, accepted,
 * closed…; failing the fit criteria (which activity cannot change unless it is high intent); or
 * whose engagement cannot reach the MQL bar even if every held activity earned its rules' full
 * points. Held activity is folded in, in order, before the lead's next decision or before a rep
 * action that lets it qualify again (a rejection or recycle). Deciding it one by one would only
 * move the lead's score, which no figure reads: same engagement state, same qualifications, same
 * routing (replay.test.ts checks this against deciding every input).
 */
export interface ReplayOptions {
  onProgress?: (done: number) => void;
  /** Hold back activity that cannot change any figure (Default: true; false decides every input, for tests). */
  holdBack?: boolean;
}

export function replay(policy: Policy, inputs: readonly ReplayInput[], options: ReplayOptions = {}): Run {
  const { onProgress } = options;
  const holdBack = options.holdBack ?? true;
  const routing = initialRouting(policy);
  const states = new Map<string, LeadState>();
  const held = new Map<string, Activity[]>();
  /** Leads whose fit criteria fail: only a high-intent activity or new details can qualify them. */
  const unfit = new Set<string>();
  const fitReadsScore = policy.fit.some((c) => c.when.fields.some((f) => f.startsWith('score.')));
  const highIntent = new Set(policy.mql.high_intent);
  /** Most engagement points an activity of each type can add (its rules' positive points; decay and caps only take away). */
  const byEvent = prepareScoring(policy).engagement.byEvent;
  const mostPoints = (type: string) => (byEvent.get(type) ?? []).reduce((sum, rule) => sum + Math.max(0, rule.points), 0);
  /** Points the held-back activity of each lead can add at most. */
  const heldPoints = new Map<string, number>();
  const engagementBar = Math.ceil(policy.mql.engagement_at_least);
  const totalBar = policy.mql.total_at_least === undefined ? undefined : Math.ceil(policy.mql.total_at_least);
  /**
   * Can these activities not make the lead an MQL, whatever their decay and caps? The shown score
   * is rounded, so the true engagement is under `shown + 0.5`; with `add` more points at most it
   * stays under the bar when shown + add ≤ bar − 1 (and the same for the total).
   */
  const belowBars = (state: LeadState, add: number) =>
    state.score.engagement + add <= engagementBar - 1 || (totalBar !== undefined && state.score.total + add <= totalBar - 1);
  const leads = new Map<string, LeadRun>();
  let decisions = 0;
  let repActions = 0;
  let skipped = 0;

  const run = (lead: string, current: LeadState | undefined, input: LeadInput, at: string, account: AccountMatch | undefined) => {
    const decision = decide(current, input, { policy, policyVersion: 0, now: new Date(at), newLeadId: lead, ...(account ? { account } : {}), routing });
    if (decision.kind !== 'decided') throw new Error('decide asked for routing state it was given');
    decisions++;
    if (decision.routing?.poolState) routing.pools[decision.routing.poolState.pool] = decision.routing.poolState;
    if (decision.routing?.repLoad) routing.reps[decision.routing.repLoad.rep] = decision.routing.repLoad;
    const state = decision.state;
    states.set(lead, state);
    noteLead(leads, state, at);
    if (!fitReadsScore && (state.stage === 'known' || state.stage === 'nurture') && !checkFitCriteria(policy, leadSubject(state.profile, state.facts, state.account)).met) unfit.add(lead);
    else unfit.delete(lead);
    return state;
  };
  /** Decides the held-back activity of a lead, at the time of the last of it. */
  const release = (lead: string): LeadState | undefined => {
    const state = states.get(lead);
    const pending = held.get(lead);
    if (!state || !pending) return state;
    held.delete(lead);
    heldPoints.delete(lead);
    const at = pending[pending.length - 1]!.occurred_at;
    return run(lead, state, { type: 'activities', activities: pending.map((activity) => ({ activity })), actor: 'simulate' }, at, state.account);
  };

  for (let k = 0; k < inputs.length; k++) {
    const input = inputs[k]!;
    if (onProgress && k % 10_000 === 0) onProgress(k);
    if (input.kind === 'rep_action') {
      let state = states.get(input.lead);
      if (!state) {
        skipped++;
        continue;
      }
      repActions++;
      if (input.type === 'rejected' || input.type === 'recycled') state = release(input.lead)!;
      applyRepAction(state, input, routing);
      continue;
    }
    if (input.kind === 'activities') {
      const state = states.get(input.lead);
      if (!state) {
        skipped++;
        continue;
      }
      if (holdBack) {
        const intent = input.activities.some((a) => highIntent.has(a.type));
        const add = (heldPoints.get(input.lead) ?? 0) + input.activities.reduce((sum, a) => sum + mostPoints(a.type), 0);
        if (!canQualifyOrRoute(policy, state) || (!intent && (unfit.has(input.lead) || belowBars(state, add)))) {
          const pending = held.get(input.lead);
          if (pending) pending.push(...input.activities);
          else held.set(input.lead, [...input.activities]);
          heldPoints.set(input.lead, add);
          continue;
        }
      }
      const current = release(input.lead);
      run(input.lead, current, { type: 'activities', activities: input.activities.map((activity) => ({ activity })), actor: 'simulate' }, input.at, current?.account);
      continue;
    }
    const current = release(input.lead);
    run(
      input.lead,
      current,
      { type: 'submitted', profile: input.profile, facts: input.facts, actor: 'simulate', ...(input.activity ? { activity: input.activity } : {}) },
      input.at,
      input.account,
    );
  }
  onProgress?.(inputs.length);
  return { leads, pools: routing.pools, reps: routing.reps, decisions, repActions, skipped };
}

/** Could an input change this lead's qualification or routing? Not once it is an MQL with an owner or queue, or past MQL. */
function canQualifyOrRoute(policy: Policy, state: LeadState): boolean {
  if (state.stage === 'mql') return !state.owner && !state.queue;
  return state.stage !== 'disqualified' && canTransition(policy, state.stage, 'mql');
}

function noteLead(leads: Map<string, LeadRun>, state: LeadState, at: string): void {
  let run = leads.get(state.id);
  if (!run) {
    const touch = state.profile.attribution.first_touch;
    run = { id: state.id, source: touch?.utm_source ?? touch?.channel ?? '(none)', mql: false };
    leads.set(state.id, run);
  }
  if (state.stage === 'mql' && !run.mql) {
    run.mql = true;
    run.mql_at = at;
    run.priority = state.priority;
  }
  if (state.owner && !run.owner && state.assignment) {
    run.owner = state.owner;
    run.assigned_at = state.assignment.at;
    run.step = state.assignment.step_name;
    if (state.assignment.pool) run.pool = state.assignment.pool;
  }
  if (state.queue && !run.queued && !run.owner) run.queued = state.queue;
  if (state.account?.segment) run.segment = state.account.segment;
}

/** A recorded rep action applied to the simulated lead, when the simulation handed it over too. */
export function applyRepAction(state: LeadState, input: Extract<ReplayInput, { kind: 'rep_action' }>, routing: RoutingSnapshot): void {
  const owner = state.owner;
  if (!owner) return;
  const release = () => {
    const load = routing.reps[owner];
    if (load) routing.reps[owner] = { ...load, openLeads: Math.max(0, load.openLeads - 1) };
  };
  switch (input.type) {
    case 'accepted':
      if (state.stage === 'mql') state.stage = 'sal';
      return;
    case 'rejected':
      release();
      state.stage = input.data.to === 'disqualified' ? 'disqualified' : 'nurture';
      delete state.owner;
      delete state.assignment;
      return;
    case 'recycled':
      release();
      state.stage = 'nurture';
      delete state.owner;
      delete state.assignment;
      return;
    case 'closed':
      release();
      state.stage = input.data.outcome === 'won' ? 'won' : 'lost';
      return;
    case 'converted':
      state.stage = input.data.to === 'opportunity' ? 'opportunity' : 'sql';
      return;
    case 'reassigned': {
      // A manager's or an escalation's move of the rep who really had the lead; the simulated owner keeps it otherwise.
      if (input.data.from !== owner) return;
      release();
      const to = typeof input.data.to === 'string' ? input.data.to : undefined;
      if (to && routing.reps[to]) {
        const load = routing.reps[to]!;
        routing.reps[to] = { ...load, openLeads: load.openLeads + 1 };
        state.owner = to;
        if (state.assignment) state.assignment = { ...state.assignment, rep: to };
      } else {
        delete state.owner;
        if (typeof input.data.queue === 'string') state.queue = input.data.queue;
      }
      return;
    }
    default:
      return;
  }
}
