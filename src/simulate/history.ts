/**
 * Recorded history as replay inputs. Lead events are the facts of past decisions; the inputs
 * that produced them are recovered like this:
 *  - the events one decision wrote share a lead and a transaction (`recorded_at` carries its id): a batch
 *    with `lead_created`/`lead_updated` was a submission (its `activity_recorded`, if any, the
 *    activity that came with it); a batch of `activity_recorded` only was an activity batch;
 *  - the decision's time is the `occurred_at` of its non-activity events (activities keep their own);
 *  - rep actions (accepted, rejected, closed, …) are inputs of their own, replayed as what the rep
 *    did to the lead, whoever owns it in the simulation.
 * Outcomes (accepted, rejected, converted, won) and each rep's response times are read from the
 * same events; they do not depend on the policy.
 */
import type { Activity } from '../domain/lead/activity.js';
import type { EmailFacts, LeadProfile } from '../domain/lead/profile.js';
import type { AccountMatch } from '../domain/lead/subject.js';

/** One row of lead_events, as the simulation reads it. */
export interface RecordedEvent {
  lead_id: string;
  seq: number;
  type: string;
  occurred_at: string;
  /** Events of one decision share it: the writing transaction's id (any string equal within a transaction). */
  recorded_at: string;
  data: Record<string, unknown>;
}

export type RepActionType = 'accepted' | 'rejected' | 'contact_attempted' | 'connected' | 'meeting_booked' | 'converted' | 'closed' | 'recycled' | 'reassigned';
const REP_ACTIONS: ReadonlySet<string> = new Set<RepActionType>(['accepted', 'rejected', 'contact_attempted', 'connected', 'meeting_booked', 'converted', 'closed', 'recycled', 'reassigned']);

export type ReplayInput =
  | { kind: 'submitted'; lead: string; at: string; profile: LeadProfile; facts: EmailFacts; account?: AccountMatch; activity?: Activity }
  | { kind: 'activities'; lead: string; at: string; activities: Activity[] }
  | { kind: 'rep_action'; lead: string; at: string; type: RepActionType; data: Record<string, unknown> };

/** What really happened to a lead after it was handed over (independent of any policy). */
export interface KnownOutcome {
  accepted: boolean;
  rejected: boolean;
  /** Became an opportunity (converted to opportunity) or was won. */
  converted: boolean;
  won: boolean;
  lost: boolean;
}

/** A rep's first touch of a lead they were assigned, in their calendar's business time. */
export interface ResponseObservation {
  lead: string;
  rep: string;
  assigned_at: string;
  /** First contact attempt by that rep after the assignment; absent when they never made one. */
  touched_at?: string;
  /** The lead left the rep (rejected, closed, recycled, reassigned) before any attempt: not a response at all. */
  ended?: boolean;
}

export interface ReplayHistory {
  inputs: ReplayInput[];
  outcomes: Map<string, KnownOutcome>;
  responses: ResponseObservation[];
  /** The recorded assignment of each lead (the first one), to compare a replay of the current policy with. */
  recordedOwner: Map<string, string>;
  events: number;
  leads: number;
}

/** Events must be ordered by lead and seq (as `readRecordedEvents` returns them). */
export function historyFromEvents(events: readonly RecordedEvent[]): ReplayHistory {
  const inputs: ReplayInput[] = [];
  const outcomes = new Map<string, KnownOutcome>();
  const responses: ResponseObservation[] = [];
  const recordedOwner = new Map<string, string>();
  const facts = new Map<string, EmailFacts>();
  const accounts = new Map<string, AccountMatch>();
  let leads = 0;
  let i = 0;
  while (i < events.length) {
    const first = events[i]!;
    let j = i + 1;
    while (j < events.length && events[j]!.lead_id === first.lead_id && events[j]!.recorded_at === first.recorded_at && !REP_ACTIONS.has(events[j]!.type)) j++;
    if (REP_ACTIONS.has(first.type)) {
      // A rep action is one input; the events it recorded besides (stage_changed, clock_stopped…) are its consequences.
      inputs.push({ kind: 'rep_action', lead: first.lead_id, at: first.occurred_at, type: first.type as RepActionType, data: first.data });
      noteOutcome(outcomes, first);
      noteResponse(responses, first);
    } else {
      const batch = events.slice(i, j);
      const input = batchInput(batch, facts, accounts);
      if (input) {
        if (input.kind === 'submitted' && batch.some((e) => e.type === 'lead_created')) leads++;
        inputs.push(input);
      }
      for (const event of batch) {
        if (event.type !== 'assigned') continue;
        const rep = String(event.data.rep);
        if (!recordedOwner.has(event.lead_id)) recordedOwner.set(event.lead_id, rep);
        responses.push({ lead: event.lead_id, rep, assigned_at: event.occurred_at });
      }
    }
    i = j;
  }
  // Replay in time order; ties keep the recorded order (stable sort), so a lead's own inputs never swap.
  const order = inputs.map((input, k) => ({ input, k, t: Date.parse(input.at) }));
  order.sort((a, b) => a.t - b.t || a.k - b.k);
  return { inputs: order.map((o) => o.input), outcomes, responses, recordedOwner, events: events.length, leads };
}

function batchInput(batch: RecordedEvent[], facts: Map<string, EmailFacts>, accounts: Map<string, AccountMatch>): ReplayInput | undefined {
  const lead = batch[0]!.lead_id;
  const decisionTime = batch.find((e) => e.type !== 'activity_recorded')?.occurred_at;
  const activities = batch.filter((e) => e.type === 'activity_recorded').map((e) => e.data.activity as Activity);
  for (const e of batch) if (e.type === 'account_matched') accounts.set(lead, e.data as unknown as AccountMatch);
  const created = batch.find((e) => e.type === 'lead_created');
  const updated = batch.find((e) => e.type === 'lead_updated');
  if (created) facts.set(lead, created.data.facts as EmailFacts);
  const submission = created ?? updated;
  if (submission) {
    const known = facts.get(lead);
    if (!known) return undefined; // updated before the window opened: its creation is not in the history
    const account = accounts.get(lead);
    return {
      kind: 'submitted',
      lead,
      at: submission.occurred_at,
      profile: submission.data.profile as LeadProfile,
      facts: known,
      ...(account ? { account } : {}),
      ...(activities[0] ? { activity: activities[0] } : {}),
    };
  }
  if (activities.length === 0) return undefined;
  const at = decisionTime ?? activities.reduce((latest, a) => (a.occurred_at > latest ? a.occurred_at : latest), activities[0]!.occurred_at);
  return { kind: 'activities', lead, at, activities };
}

function noteOutcome(outcomes: Map<string, KnownOutcome>, event: RecordedEvent): void {
  let outcome = outcomes.get(event.lead_id);
  if (!outcome) {
    outcome = { accepted: false, rejected: false, converted: false, won: false, lost: false };
    outcomes.set(event.lead_id, outcome);
  }
  if (event.type === 'accepted') outcome.accepted = true;
  if (event.type === 'rejected') outcome.rejected = true;
  if (event.type === 'converted' && event.data.to === 'opportunity') outcome.converted = true;
  if (event.type === 'closed') {
    if (event.data.outcome === 'won') outcome.won = outcome.converted = true;
    else outcome.lost = true;
  }
}

/**
 * The first contact attempt after an assignment answers it; a rejection, close, recycle or
 * reassignment before any attempt ends it unanswered (and it is not counted as a response).
 * Events come lead by lead, so the lead's open assignment is among the last few observations.
 */
function noteResponse(responses: ResponseObservation[], event: RecordedEvent): void {
  for (let k = responses.length - 1; k >= 0 && responses[k]!.lead === event.lead_id; k--) {
    const r = responses[k]!;
    if (r.touched_at || r.ended) continue;
    if (event.type === 'contact_attempted' && r.rep === String(event.data.rep)) r.touched_at = event.occurred_at;
    else if (event.type === 'rejected' || event.type === 'closed' || event.type === 'recycled' || event.type === 'reassigned') r.ended = true;
    return;
  }
}
