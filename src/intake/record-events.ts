/**
 * POST /api/v1/events: activity for known leads, up to 1,000 per batch. Each event is accepted,
 * reported as a duplicate (its event_id was seen before) or rejected with a reason; the accepted
 * ones are scored, and may qualify and route their lead, in one transaction for the batch.
 */
import type { Activity } from '../domain/lead/activity.js';
import { normalizeEmail } from '../domain/normalize/email.js';
import { decide, type Decision } from '../engine/decide.js';
import type { LeadState, NewLeadEvent, Effect } from '../engine/lead-state.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { FieldIssue } from '../errors/baton-error.js';
import { deferActivityWrites, lockLeadsByEmailsOrIds, seenEventIds } from '../store/lead-store.js';
import type { LeadCache } from '../store/lead-cache.js';
import { deferEffects } from '../store/outbox-store.js';
import { lockRoutingState, saveRoutingChange } from '../store/routing-store.js';
import { inTransaction } from '../store/transaction.js';
import { runDecisionHooks, type DecisionRecord } from './hooks.js';
import type { IntakeDeps } from './context.js';
import { eventRequestSchema, type EventRequest } from './requests.js';

export type EventOutcome =
  | { index: number; status: 'accepted'; lead_id: string; event_id?: string }
  | { index: number; status: 'duplicate'; event_id: string }
  | { index: number; status: 'rejected'; errors: FieldIssue[] };

export interface EventBatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventOutcome[];
}

interface ValidEvent {
  index: number;
  request: EventRequest;
  email?: string;
  activity: Activity;
}

export async function recordEvents(deps: IntakeDeps, items: readonly unknown[], actor: string): Promise<EventBatchResult> {
  const now = deps.clock.now();
  const outcomes: EventOutcome[] = [];
  const valid: ValidEvent[] = [];
  items.forEach((item, index) => {
    const parsed = eventRequestSchema.safeParse(item);
    if (!parsed.success) return outcomes.push({ index, status: 'rejected', errors: fieldIssues(parsed.error, `events[${index}]`) });
    const request = parsed.data;
    if (!request.email && !request.lead_id) {
      return outcomes.push({ index, status: 'rejected', errors: [{ path: `events[${index}]`, message: 'say whose event it is: add "email" or "lead_id"' }] });
    }
    let email: string | undefined;
    if (request.email) {
      const normalized = normalizeEmail(request.email);
      if (!normalized.ok) return outcomes.push({ index, status: 'rejected', errors: [{ path: `events[${index}].email`, message: normalized.error }] });
      email = normalized.email;
    }
    const { email: _e, lead_id: _l, event_id: _id, ...fields } = request;
    const activity = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Omit<Activity, 'occurred_at'>;
    valid.push({ index, request, ...(email ? { email } : {}), activity: { ...activity, occurred_at: request.occurred_at ?? now.toISOString() } });
  });

  if (valid.length > 0) {
    const committed = await inTransaction(deps.db, (tx) => recordValid(deps, tx, valid, actor, now));
    keepCopies(deps.leads, committed);
    outcomes.push(...committed.outcomes);
    if (committed.leadIds.length > 0) deps.signals?.emit('leads', committed.leadIds);
    if (committed.effects > 0) deps.signals?.emit('outbox');
  }
  outcomes.sort((a, b) => a.index - b.index);
  return {
    accepted: outcomes.filter((o) => o.status === 'accepted').length,
    duplicates: outcomes.filter((o) => o.status === 'duplicate').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
    results: outcomes,
  };
}

async function recordValid(
  deps: IntakeDeps,
  tx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  valid: ValidEvent[],
  actor: string,
  now: Date,
): Promise<Committed> {
  const outcomes: EventOutcome[] = [];
  const running = deps.policy();

  // One round trip with BEGIN: which event ids were seen before, and the leads (locked, in id order).
  const eventIds = [...new Set(valid.flatMap((v) => (v.request.event_id ? [v.request.event_id] : [])))];
  const emails = [...new Set(valid.flatMap((v) => (v.email ? [v.email] : [])))];
  const ids = [...new Set(valid.flatMap((v) => (v.request.lead_id ? [v.request.lead_id] : [])))];
  const [seenRows, { leads, idByEmail, xid }] = await Promise.all([
    eventIds.length > 0 ? seenEventIds(tx, eventIds) : [],
    lockLeadsByEmailsOrIds(tx, emails, ids, deps.leads),
  ]);
  const seen = new Set<string>(seenRows);

  const perLead = new Map<string, { activity: Activity; client_event_id?: string }[]>();
  for (const event of valid) {
    const eventId = event.request.event_id;
    if (eventId && seen.has(eventId)) {
      outcomes.push({ index: event.index, status: 'duplicate', event_id: eventId });
      continue;
    }
    const leadId = event.email ? idByEmail.get(event.email) : event.request.lead_id;
    if (!leadId || !leads.has(leadId)) {
      const who = event.email ? `e-mail ${event.email}` : `id ${event.request.lead_id}`;
      outcomes.push({
        index: event.index,
        status: 'rejected',
        errors: [{ path: `events[${event.index}]`, message: `no lead with ${who}; send the lead first with POST /api/v1/leads` }],
      });
      continue;
    }
    if (eventId) seen.add(eventId);
    const list = perLead.get(leadId) ?? [];
    list.push({ activity: event.activity, ...(eventId ? { client_event_id: eventId } : {}) });
    perLead.set(leadId, list);
    outcomes.push({ index: event.index, status: 'accepted', lead_id: leadId, ...(eventId ? { event_id: eventId } : {}) });
  }

  const writes: { before: LeadState; lead: LeadState; events: NewLeadEvent[] }[] = [];
  const effects: { leadId: string; effects: Effect[] }[] = [];
  const decisions: DecisionRecord[] = [];
  for (const [leadId, activities] of [...perLead.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const current = leads.get(leadId)!;
    activities.sort((a, b) => a.activity.occurred_at.localeCompare(b.activity.occurred_at));
    const input = { type: 'activities' as const, activities, actor };
    const ctx = { policy: running.policy, policyVersion: running.version, now, newLeadId: leadId, ...(current.account ? { account: current.account } : {}) };
    let decision: Decision = decide(current, input, ctx);
    if (decision.kind === 'needs_routing') {
      // Reads this transaction's own earlier routing writes, so leads in one batch share fairly.
      const routing = await lockRoutingState(tx, running.policy, decision.pools, decision.reps);
      decision = decide(current, input, { ...ctx, routing });
      if (decision.kind === 'needs_routing') throw new Error('decide asked for routing state twice');
      if (decision.routing) await saveRoutingChange(tx, decision.routing, now);
    }
    writes.push({ before: current, lead: decision.state, events: decision.events });
    decisions.push({ before: current, lead: decision.state, events: decision.events, effects: decision.effects });
    if (decision.effects.length) effects.push({ leadId, effects: decision.effects });
  }
  // Queued: they go out with the hooks' first statement, or with the commit.
  const activityOnly = await deferActivityWrites(tx, writes, new Date());
  await deferEffects(tx, effects, now);
  await runDecisionHooks(deps.decisionHooks, tx, decisions, running, now);
  return { outcomes, leadIds: writes.map((w) => w.lead.id), effects: effects.length, activityOnly, xid };
}

interface Committed {
  outcomes: EventOutcome[];
  leadIds: string[];
  effects: number;
  /** Leads whose rows only this batch's activity write changed, as written. */
  activityOnly: LeadState[];
  /** The batch transaction's id: the version of every row it wrote. */
  xid: string | undefined;
}

/** After commit: the leads written by activity alone are kept at their new version, the others dropped. */
function keepCopies(cache: LeadCache | undefined, committed: Committed): void {
  if (!cache) return;
  for (const id of committed.leadIds) cache.delete(id);
  if (committed.xid === undefined) return;
  for (const lead of committed.activityOnly) cache.set(lead.id, committed.xid, lead);
}
