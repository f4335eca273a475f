/**
 * Moving a lead to another rep: a manager's reassignment, or an escalation step when the first
 * rep let the first-touch clock lapse. The next available rep in the lead's pool takes it (the
 * current owner left out) with fresh clocks; with nobody available it waits in the fallback queue
 * and the managers and admins are alerted. The old rep's clocks are cancelled and their open-lead
 * count drops by one.
 *
 * The first rep keeps their round-robin turn: routeWithinPool returns the pool's rotation as it
 * would be after an ordinary pick (the new rep's credit spent, everyone's grown), and that state
 * is deliberately NOT saved. Only the reps' loads are written, so the rotation continues as if
 * this lead had never gone through the pool a second time.
 */
import { leadSubject } from '../domain/lead/subject.js';
import { loadAfterAssignment, poolsNeeded, routeWithinPool } from '../domain/routing/index.js';
import { repName } from '../domain/routing/explanation.js';
import { emptyLoad } from '../domain/routing/types.js';
import type { HandoffEventData, SlaClockName } from '../engine/handoff-events.js';
import { isRunning } from './clocks/clock-state.js';
import type { LeadWork } from './lead-work.js';
import type { RoutingSession } from './routing-session.js';
import { managerOf } from './recipients.js';

export interface ReassignRequest {
  /** A named rep (manager action); otherwise the next available rep in the pool. */
  to?: string;
  reason: string;
  by: 'manager' | 'escalation';
}

export type ReassignOutcome = { kind: 'assigned'; rep: string } | { kind: 'queued'; queue: string };

export async function reassignLead(routing: RoutingSession, work: LeadWork, request: ReassignRequest): Promise<ReassignOutcome> {
  const { policy, lead, now } = work;
  const from = lead.owner;
  const pool = lead.assignment?.pool ?? poolsNeeded(policy, leadSubject(lead.profile, lead.facts, lead.account, lead.score), lead.account)[0];
  const candidates = request.to ? [request.to] : pool ? (policy.pools[pool]?.members.map((m) => m.rep) ?? []) : [];
  const snapshot = await routing.snapshot(!request.to && pool ? [pool] : [], [...candidates, ...(from ? [from] : [])]);

  let rep: string | undefined;
  let explanation: string;
  if (request.to) {
    rep = request.to;
    explanation = `Reassigned${from ? ` from ${repName(policy, from)}` : ''} to ${repName(policy, rep)} (${request.reason})`;
  } else if (pool) {
    const decision = routeWithinPool(policy, pool, now, snapshot, from ? [from] : []);
    explanation = decision.explanation;
    // decision.poolState is not saved: see the note at the top of this file.
    if (decision.kind === 'assigned') rep = decision.rep;
  } else {
    explanation = `No pool to reassign within, so the lead waits in queue ${policy.routing.fallback}`;
  }

  const freshClocks = clocksForNewRep(work);
  if (from) routing.release(from);
  if (!rep) {
    moveToQueue(work, request, pool);
    return { kind: 'queued', queue: policy.routing.fallback };
  }

  const load = loadAfterAssignment(policy, snapshot.reps[rep] ?? emptyLoad(rep), now);
  routing.assign(load);
  const at = now.toISOString();
  lead.owner = rep;
  delete lead.queue;
  lead.assigned_at = at;
  lead.assignment = {
    rep,
    via: pool && !request.to ? 'pool' : 'rule',
    step: -1,
    step_name: request.by === 'manager' ? `reassigned by ${work.actor}` : 'reassigned by escalation',
    ...(pool ? { pool } : {}),
    explanation,
    at,
  };
  if (lead.brief) lead.brief = { ...lead.brief, why_you: explanation };

  if (from) {
    work.record('reassigned', { from, to: rep, reason: request.reason, by: request.by, ...(pool ? { pool } : {}) } satisfies HandoffEventData['reassigned']);
  } else {
    // A queued lead taken by a manager is routed at last: the same `assigned` fact intake records.
    work.record('assigned', { ...lead.assignment, skipped: [] });
  }
  work.cancel((c) => c.rep !== undefined);
  // A lead that gets a rep has been routed: a route clock still running stops here.
  work.stopFor('assigned');
  for (const clock of freshClocks) work.start(clock, rep);

  const due = work.clocks.find((c) => c.rep === rep && c.clock === 'first_touch' && isRunning(c))?.due_at;
  work.notice(from ? 'lead.reassigned' : 'lead.assigned', {
    message: from ? 'reassigned_to' : 'assigned',
    recipients: [rep],
    rep,
    reason: request.reason,
    ...(due ? { clock: 'first_touch' as const, due_at: due } : {}),
  });
  if (from) work.notice('lead.reassigned', { message: 'reassigned_away', recipients: [from], rep: from, reason: request.reason });
  return { kind: 'assigned', rep };
}

/**
 * Puts a lead nobody can take in the fallback queue (escalation `to_fallback`, or a reassignment
 * that found nobody): the owner's clocks are cancelled, and the managers and admins are alerted.
 * The caller releases the owner's load.
 */
export function moveToQueue(work: LeadWork, request: Omit<ReassignRequest, 'to'>, pool?: string): void {
  const { policy, lead } = work;
  const queue = policy.routing.fallback;
  const from = lead.owner;
  if (!from && lead.queue === queue) return;
  delete lead.owner;
  lead.queue = queue;
  if (from) {
    work.record('reassigned', { from, queue, reason: request.reason, by: request.by, ...(pool ? { pool } : {}) } satisfies HandoffEventData['reassigned']);
    work.cancel((c) => c.rep !== undefined);
    work.notice('lead.reassigned', { message: 'reassigned_away', recipients: [from], rep: from, reason: request.reason });
  } else {
    work.record('queued', { queue, explanation: `Moved to queue ${queue}: ${request.reason}`, skipped: [] });
  }
  work.notice('alert', { message: 'fallback', recipients: [...new Set([managerOf(policy, from), 'admins'])], reason: request.reason, ...(from ? { rep: from } : {}) });
}

/** The clocks the new rep starts: those the old rep had running, or both rep clocks for a lead never worked. */
function clocksForNewRep(work: LeadWork): SlaClockName[] {
  const running = [...new Set(work.clocks.filter((c) => isRunning(c) && c.rep !== undefined).map((c) => c.clock))];
  if (running.length > 0 || work.lead.owner) return running;
  return work.lead.stage === 'mql' ? ['first_touch', 'accept_or_reject'] : [];
}
