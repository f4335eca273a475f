/**
 * Stopping clocks: which lead events stop which clock, and the outcome with the time taken.
 * A clock stopped by its event at or before the deadline is met; after it, breached; stopped
 * because the lead moved on another way (closed, recycled, reassigned), cancelled.
 */
import { businessMsBetween } from '../../domain/calendar/index.js';
import type { HandoffEventData, SlaClockName } from '../../engine/handoff-events.js';
import type { LeadEventType } from '../../engine/lead-state.js';
import type { Calendar } from '../../policy/schema.js';
import type { ClockState } from './clock-state.js';

/**
 * The clocks each event stops. First touch counts any contact: an attempt, a connection or a
 * booked meeting; a conversion means the rep both accepted and reached the lead.
 */
export const STOPPED_BY: Partial<Record<LeadEventType, readonly SlaClockName[]>> = {
  assigned: ['route'],
  accepted: ['accept_or_reject'],
  rejected: ['accept_or_reject'],
  contact_attempted: ['first_touch'],
  connected: ['first_touch'],
  meeting_booked: ['first_touch'],
  converted: ['first_touch', 'accept_or_reject'],
};

export type StopHow = 'by_event' | 'cancel';

/** Stops a running clock in place and returns the `clock_stopped` event data. */
export function stopClock(clock: ClockState, at: Date, how: StopHow, calendar: Calendar): HandoffEventData['clock_stopped'] {
  const started = new Date(clock.started_at);
  const outcome = how === 'cancel' ? 'cancelled' : at.getTime() <= new Date(clock.due_at).getTime() ? 'met' : 'breached';
  const elapsed = Math.max(0, at.getTime() - started.getTime());
  const business = Math.max(0, businessMsBetween(calendar, started, at));
  clock.stopped_at = at.toISOString();
  clock.elapsed_ms = elapsed;
  clock.business_ms = business;
  // A clock that already breached stays "breached" in its row whatever stopped it; the event says how it ended.
  if (clock.status !== 'breached') clock.status = outcome === 'breached' ? 'breached' : outcome;
  delete clock.next_at;
  return {
    clock: clock.clock,
    ...(clock.rep ? { rep: clock.rep } : {}),
    outcome,
    started_at: clock.started_at,
    stopped_at: clock.stopped_at,
    due_at: clock.due_at,
    elapsed_ms: elapsed,
    business_ms: business,
  };
}
