/** A clock as the hand-off works with it (one `sla_clocks` row), and the mapping to and from rows. */
import type { Insertable } from 'kysely';
import type { SlaClockName } from '../../engine/handoff-events.js';
import { json } from '../../store/database.js';
import { iso } from '../../store/lead-store.js';
import type { SlaClockRow, SlaClockTable } from '../tables.js';
import type { ClockPlan, SchedulePoint } from './plan.js';

export type ClockStatus = 'open' | 'breached' | 'met' | 'cancelled';

export interface ClockState {
  /** Absent until the row is inserted. */
  id?: number;
  lead_id: string;
  clock: SlaClockName;
  rep?: string;
  /** open and breached clocks are running until `stopped_at` is set. */
  status: ClockStatus;
  started_at: string;
  due_at: string;
  stopped_at?: string;
  elapsed_ms?: number;
  business_ms?: number;
  duration: string;
  calendar: string;
  schedule: SchedulePoint[];
  /** Index of the next schedule point to fire. */
  next_step: number;
  /** When the next point is due; undefined when nothing is left to fire. */
  next_at?: string;
  policy_version: number;
}

export function isRunning(clock: ClockState): boolean {
  return clock.stopped_at === undefined;
}

export function newClock(leadId: string, plan: ClockPlan, policyVersion: number): ClockState {
  return {
    lead_id: leadId,
    clock: plan.clock,
    ...(plan.rep ? { rep: plan.rep } : {}),
    status: 'open',
    started_at: plan.started_at,
    due_at: plan.due_at,
    duration: plan.duration,
    calendar: plan.calendar,
    schedule: plan.schedule,
    next_step: 0,
    ...(plan.schedule[0] ? { next_at: plan.schedule[0].at } : {}),
    policy_version: policyVersion,
  };
}

export function clockFromRow(row: SlaClockRow): ClockState {
  return {
    id: Number(row.id),
    lead_id: row.lead_id,
    clock: row.clock as SlaClockName,
    ...(row.rep ? { rep: row.rep } : {}),
    status: row.status as ClockStatus,
    started_at: iso(row.started_at),
    due_at: iso(row.due_at),
    ...(row.stopped_at ? { stopped_at: iso(row.stopped_at) } : {}),
    ...(row.elapsed_ms !== null ? { elapsed_ms: Number(row.elapsed_ms) } : {}),
    ...(row.business_ms !== null ? { business_ms: Number(row.business_ms) } : {}),
    duration: row.duration,
    calendar: row.calendar,
    schedule: row.schedule as SchedulePoint[],
    next_step: row.next_step,
    ...(row.next_at ? { next_at: iso(row.next_at) } : {}),
    policy_version: row.policy_version,
  };
}

export function clockToRow(clock: ClockState): Insertable<SlaClockTable> {
  return {
    lead_id: clock.lead_id,
    clock: clock.clock,
    rep: clock.rep ?? null,
    status: clock.status,
    started_at: clock.started_at,
    due_at: clock.due_at,
    stopped_at: clock.stopped_at ?? null,
    elapsed_ms: clock.elapsed_ms ?? null,
    business_ms: clock.business_ms ?? null,
    duration: clock.duration,
    calendar: clock.calendar,
    schedule: json(clock.schedule),
    next_step: clock.next_step,
    next_at: clock.next_at ?? null,
    policy_version: clock.policy_version,
  };
}
