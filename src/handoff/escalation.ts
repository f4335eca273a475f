/**
 * Firing a lead's due clock points: the breach (once, at the due time) and the policy's
 * escalation steps, in schedule order. Each step is an `escalated` event; its actions become
 * outbox notices (remind_rep, notify_rep, notify_manager, notify_admins) or move the lead
 * (reassign, to_fallback).
 */
import type { HandoffEventData } from '../engine/handoff-events.js';
import { isOpenStage } from '../domain/lead/stage.js';
import { isRunning, type ClockState } from './clocks/clock-state.js';
import type { SchedulePoint } from './clocks/plan.js';
import type { LeadWork } from './lead-work.js';
import { managerOf } from './recipients.js';
import { moveToQueue, reassignLead } from './reassign.js';
import type { RoutingSession } from './routing-session.js';

/** Fires every point due by `work.now`, earliest first, across the lead's clocks; returns how many fired. */
export async function fireDuePoints(routing: RoutingSession, work: LeadWork): Promise<number> {
  const now = work.now.toISOString();
  let fired = 0;
  for (;;) {
    const clock = earliestDue(work.clocks, now);
    if (!clock) return fired;
    const point = clock.schedule[clock.next_step]!;
    clock.next_step += 1;
    const next = clock.schedule[clock.next_step];
    if (next) clock.next_at = next.at;
    else delete clock.next_at;
    work.touch(clock);
    fired += 1;
    if (clock.rep !== undefined && clock.rep !== work.lead.owner) {
      // Defensive: a rep's clock outlived their ownership. Nothing to remind them of.
      work.cancel((c) => c === clock);
      continue;
    }
    if (point.kind === 'breach') {
      clock.status = 'breached';
      const data: HandoffEventData['clock_breached'] = { clock: clock.clock, ...(clock.rep ? { rep: clock.rep } : {}), due_at: clock.due_at };
      work.record('clock_breached', data, clock.due_at);
    } else {
      await runStep(routing, work, clock, point);
    }
  }
}

function earliestDue(clocks: readonly ClockState[], now: string): ClockState | undefined {
  let earliest: ClockState | undefined;
  for (const clock of clocks) {
    if (!isRunning(clock) || clock.next_at === undefined || clock.next_at > now) continue;
    if (!earliest || clock.next_at < earliest.next_at!) earliest = clock;
  }
  return earliest;
}

async function runStep(routing: RoutingSession, work: LeadWork, clock: ClockState, point: Extract<SchedulePoint, { kind: 'step' }>): Promise<void> {
  const { policy, lead } = work;
  const rep = clock.rep;
  const manager = rep ? policy.reps[rep]?.manager : undefined;
  const escalated: HandoffEventData['escalated'] = {
    clock: clock.clock,
    step: point.step,
    at: point.point,
    actions: point.actions,
    ...(rep ? { rep } : {}),
    ...(manager ? { manager } : {}),
  };
  work.record('escalated', escalated);

  const late = point.at >= clock.due_at;
  const about = { clock: clock.clock, due_at: clock.due_at, ...(rep ? { rep } : {}) };
  const recipients = new Set<string>();
  for (const action of point.actions) {
    if (action === 'remind_rep' && rep) work.notice('sla.reminder', { message: 'reminder', recipients: [rep], ...about });
    if (action === 'notify_rep' && rep) recipients.add(rep);
    if (action === 'notify_manager') recipients.add(managerOf(policy, rep));
    if (action === 'notify_admins') recipients.add('admins');
  }
  if (recipients.size > 0) {
    work.notice(late ? 'sla.breached' : 'sla.escalated', { message: late ? 'breached' : 'reminder', recipients: [...recipients], ...about });
  }

  if (!isOpenStage(lead.stage)) return;
  const reason = `${clock.clock} ${late ? 'missed' : 'running late'} (escalation: ${point.point})`;
  if (point.actions.includes('reassign')) {
    const outcome = await reassignLead(routing, work, { reason, by: 'escalation' });
    if (outcome.kind === 'assigned') return;
  }
  if (point.actions.includes('to_fallback') && lead.queue === undefined) {
    if (lead.owner) routing.release(lead.owner);
    moveToQueue(work, { reason, by: 'escalation' }, lead.assignment?.pool);
  }
}
