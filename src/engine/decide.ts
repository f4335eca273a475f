/**
 * decide(): the pure heart of Baton. One input for one lead, with the policy and the time passed
 * in, gives the lead's next state, the events to append to its timeline and the effects the shell
 * must carry out. No database, network or clock in here, so the same code serves live traffic and
 * replays history under a draft policy.
 *
 * Routing reads shared state (round-robin credit, rep loads). decide() asks for it instead of
 * guessing: a first pass without `ctx.routing` returns `needs_routing` with the pools and reps to
 * lock, and the shell calls again with that state locked.
 */
import { buildBrief } from '../domain/brief/brief.js';
import { EMPTY_ACTIVITY_SUMMARY, summarizeActivity } from '../domain/lead/activity-summary.js';
import type { Activity } from '../domain/lead/activity.js';
import { leadSubject } from '../domain/lead/subject.js';
import { mergeProfiles } from '../domain/normalize/lead-input.js';
import { qualify } from '../domain/qualification/mql.js';
import { poolsNeeded, repsNeeded, routeLead, type PoolState, type RepLoad } from '../domain/routing/index.js';
import { applyActivity } from '../domain/scoring/engagement.js';
import { scoreLead } from '../domain/scoring/score.js';
import { changedFields } from './changed-fields.js';
import type { DecideContext, LeadInput } from './inputs.js';
import type { Effect, LeadState, NewLeadEvent } from './lead-state.js';

export type Decision =
  | { kind: 'needs_routing'; pools: string[]; reps: string[] }
  | {
      kind: 'decided';
      state: LeadState;
      events: NewLeadEvent[];
      effects: Effect[];
      routing?: { poolState?: PoolState; repLoad?: RepLoad };
    };

export function decide(current: LeadState | undefined, input: LeadInput, ctx: DecideContext): Decision {
  const { policy } = ctx;
  const now = ctx.now.toISOString();
  const events: NewLeadEvent[] = [];
  const effects: Effect[] = [];
  const record = (type: NewLeadEvent['type'], data: Record<string, unknown>, extra: Partial<NewLeadEvent> = {}) =>
    events.push({ type, occurred_at: now, actor: input.actor, data, ...extra });

  let lead: LeadState;
  let activities: { activity: Activity; client_event_id?: string }[];
  if (input.type === 'submitted') {
    activities = input.activity ? [{ activity: input.activity, client_event_id: input.client_event_id }] : [];
    if (!current) {
      lead = newLead(input.profile, input.facts, ctx);
      record('lead_created', { email: lead.profile.email, profile: lead.profile, facts: lead.facts });
    } else {
      const profile = mergeProfiles(current.profile, input.profile);
      const changed = changedFields(current.profile, profile);
      lead = { ...current, profile, facts: input.facts };
      if (changed.length > 0) record('lead_updated', { changed, profile });
    }
  } else {
    if (!current) throw new Error('decide: activities for a lead that does not exist');
    lead = { ...current };
    activities = input.activities;
  }
  lead.updated_at = now;
  lead.policy_version = ctx.policyVersion;

  if (ctx.account?.account_id !== lead.account?.account_id) {
    lead.account = ctx.account;
    if (ctx.account) record('account_matched', { ...ctx.account });
  }

  let highIntent: Activity | undefined;
  for (const { activity, client_event_id } of activities) {
    const applied = applyActivity(policy, lead.engagement, activity);
    const points = applied.matched.reduce((sum, m) => sum + m.points, 0);
    lead.engagement = applied.state;
    lead.activity = summarizeActivity(lead.activity, activity, points);
    record('activity_recorded', { activity, matched: applied.matched }, {
      occurred_at: activity.occurred_at,
      ...(client_event_id ? { client_event_id } : {}),
    });
    if (policy.mql.high_intent.includes(activity.type)) highIntent ??= activity;
  }

  const unscored = leadSubject(lead.profile, lead.facts, lead.account);
  const score = scoreLead(policy, unscored, lead.engagement, ctx.now);
  if (score.fit !== lead.score.fit || score.engagement !== lead.score.engagement || score.total !== lead.score.total) {
    record('score_changed', {
      fit: score.fit,
      engagement: score.engagement,
      total: score.total,
      delta: score.total - lead.score.total,
      items: score.items,
    });
  }
  lead.score = score;

  const subject = leadSubject(lead.profile, lead.facts, lead.account, score);
  const qualification = qualify(policy, { stage: lead.stage, subject, score, ...(highIntent ? { activity: highIntent } : {}) });
  if (qualification.qualifies) {
    record('stage_changed', {
      from: lead.stage,
      to: 'mql',
      via: qualification.via,
      reason: qualification.reason,
      priority: qualification.priority,
    });
    lead.stage = 'mql';
    lead.priority = qualification.priority;
    lead.qualified_at = now;
    lead.qualification = { via: qualification.via, reason: qualification.reason, at: now };
    effects.push({ kind: 'lead.qualified', payload: { lead_id: lead.id, via: qualification.via, priority: lead.priority } });
  } else if (highIntent && lead.priority !== 'high' && lead.stage !== 'known' && lead.stage !== 'nurture') {
    lead.priority = 'high';
  }

  if (lead.stage !== 'mql' || lead.owner || lead.queue) return { kind: 'decided', state: lead, events, effects };

  if (!ctx.routing) {
    const pools = poolsNeeded(policy, subject, lead.account);
    return { kind: 'needs_routing', pools, reps: repsNeeded(policy, subject, lead.account) };
  }

  const decision = routeLead(policy, { subject, account: lead.account, now: ctx.now }, ctx.routing);
  if (decision.kind === 'queued') {
    lead.queue = decision.queue;
    record('queued', { queue: decision.queue, explanation: decision.explanation, skipped: decision.skipped });
    effects.push({ kind: 'lead.queued', payload: { lead_id: lead.id, queue: decision.queue } });
    return { kind: 'decided', state: lead, events, effects };
  }

  lead.owner = decision.rep;
  lead.assigned_at = now;
  lead.assignment = {
    rep: decision.rep,
    via: decision.via,
    step: decision.step,
    step_name: decision.stepName,
    ...(decision.pool ? { pool: decision.pool } : {}),
    explanation: decision.explanation,
    at: now,
  };
  lead.brief = buildBrief({
    profile: lead.profile,
    score,
    activity: lead.activity,
    account: lead.account,
    priority: lead.priority,
    priorityReason: lead.qualification?.reason ?? 'Qualified as an MQL',
    whyYou: decision.explanation,
    now: ctx.now,
  });
  record('assigned', { ...lead.assignment, skipped: decision.skipped });
  effects.push({ kind: 'lead.assigned', payload: { lead_id: lead.id, rep: decision.rep, priority: lead.priority } });
  return {
    kind: 'decided',
    state: lead,
    events,
    effects,
    routing: { ...(decision.poolState ? { poolState: decision.poolState } : {}), repLoad: decision.repLoad },
  };
}

function newLead(profile: LeadState['profile'], facts: LeadState['facts'], ctx: DecideContext): LeadState {
  const now = ctx.now.toISOString();
  return {
    id: ctx.newLeadId,
    profile,
    facts,
    stage: 'known',
    priority: 'normal',
    score: { fit: 0, engagement: 0, total: 0, items: [] },
    activity: EMPTY_ACTIVITY_SUMMARY,
    created_at: now,
    updated_at: now,
    event_seq: 0,
    policy_version: ctx.policyVersion,
  };
}
