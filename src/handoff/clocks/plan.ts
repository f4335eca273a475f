/**
 * When a clock is due and when each of its escalation steps fires, fixed at the moment it starts.
 *
 * Durations count in the rep's own calendar (rep.calendar, else sla.calendar); the route clock,
 * which measures Baton rather than a rep, counts in sla.calendar. An escalation point is a share of
 * the clock ("75% of first_touch": 75 % of the clock's business time, or of its wall time for a
 * wall-clock duration), its deadline ("first_touch") or a time after it ("first_touch + 1bh").
 * The schedule is stored with the clock, so a policy reload never moves a running deadline.
 */
import { addBusinessMs, addBusinessTime, businessMsBetween } from '../../domain/calendar/index.js';
import { parseDuration, type Duration } from '../../domain/time/duration.js';
import type { SlaClockName } from '../../engine/handoff-events.js';
import type { Priority } from '../../engine/lead-state.js';
import type { Calendar, Policy } from '../../policy/schema.js';

export type EscalationAction = Policy['escalation'][number]['do'][number];

/** One moment in a clock's life the sweeper acts on: the breach, or an escalation step. */
export type SchedulePoint =
  | { kind: 'breach'; at: string }
  | { kind: 'step'; at: string; step: number; point: string; actions: EscalationAction[] };

export interface ClockPlan {
  clock: SlaClockName;
  rep?: string;
  started_at: string;
  due_at: string;
  /** The duration as written in the policy (`4bh`, `1h`). */
  duration: string;
  /** Id of the calendar the duration counts in. */
  calendar: string;
  /** In firing order: by time, the breach before a step due at the same instant. */
  schedule: SchedulePoint[];
}

export function clockDuration(policy: Policy, clock: SlaClockName, priority: Priority): Duration {
  if (clock === 'route') return policy.sla.route;
  if (clock === 'accept_or_reject') return policy.sla.accept_or_reject;
  return priority === 'high' ? policy.sla.first_touch.high_intent : policy.sla.first_touch.standard;
}

/** The calendar id a rep's clocks count in: their own, else sla.calendar. */
export function clockCalendarId(policy: Policy, rep: string | undefined): string {
  return (rep ? policy.reps[rep]?.calendar : undefined) ?? policy.sla.calendar;
}

/** The calendar by id; sla.calendar when a reloaded policy no longer has it. */
export function calendarById(policy: Policy, id: string): Calendar {
  const calendar = policy.calendars[id] ?? policy.calendars[policy.sla.calendar];
  if (!calendar) throw new Error(`Calendar "${id}" is not defined under calendars`);
  return calendar;
}

export function planClock(policy: Policy, input: { clock: SlaClockName; rep?: string; priority: Priority; start: Date }): ClockPlan {
  const duration = clockDuration(policy, input.clock, input.priority);
  const calendarId = clockCalendarId(policy, input.clock === 'route' ? undefined : input.rep);
  const calendar = calendarById(policy, calendarId);
  const due = addBusinessTime(calendar, input.start, duration);
  const points: { point: SchedulePoint; order: number }[] = [{ point: { kind: 'breach', at: due.toISOString() }, order: -1 }];
  policy.escalation.forEach((step, index) => {
    if (step.clock !== input.clock) return;
    const at = pointTime(step.at, calendar, input.start, due, duration);
    points.push({ point: { kind: 'step', at: at.toISOString(), step: index, point: step.at, actions: [...step.do] }, order: index });
  });
  points.sort((a, b) => a.point.at.localeCompare(b.point.at) || a.order - b.order);
  return {
    clock: input.clock,
    ...(input.rep && input.clock !== 'route' ? { rep: input.rep } : {}),
    started_at: input.start.toISOString(),
    due_at: due.toISOString(),
    duration: duration.source,
    calendar: calendarId,
    schedule: points.map((p) => p.point),
  };
}

const SHARE = /^(\d+(?:\.\d+)?)% of [a-z_]+$/;
const AFTER = /^[a-z_]+(?: \+ (.+))?$/;

/** The instant an escalation `at` names, for a clock that started at `start` and is due at `due`. */
export function pointTime(at: string, calendar: Calendar, start: Date, due: Date, duration: Duration): Date {
  const share = SHARE.exec(at);
  if (share) {
    const fraction = Number(share[1]) / 100;
    if (duration.kind === 'wall') return new Date(start.getTime() + Math.round(fraction * (due.getTime() - start.getTime())));
    return addBusinessMs(calendar, start, fraction * businessMsBetween(calendar, start, due));
  }
  const after = AFTER.exec(at)?.[1];
  if (!after) return due;
  const offset = parseDuration(after);
  if (!offset) throw new Error(`Escalation point "${at}" has an offset that is not a duration`);
  return addBusinessTime(calendar, due, offset);
}
