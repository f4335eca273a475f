/**
 * Why a rep cannot take a lead right now. Checks run in a fixed order and the first that applies
 * is the reason reported: inactive, away, out_of_office, outside_working_hours, open_cap, daily_cap.
 */
import type { Calendar, Policy, Pool } from '../../policy/schema.js';
import { isOutOfOffice, isWorkingTime, localDate } from '../calendar/working-hours.js';
import type { RepLoad, SkipReason } from './types.js';

/** The rep's calendar: their own, else the policy's `sla.calendar`. */
export function repCalendar(policy: Policy, rep: string): Calendar {
  const id = policy.reps[rep]?.calendar ?? policy.sla.calendar;
  const calendar = policy.calendars[id];
  if (!calendar) throw new Error(`Calendar "${id}" (for rep ${rep}) is not defined under calendars`);
  return calendar;
}

/**
 * Whether the rep is there at all: known to the policy, not flagged away, not out of office.
 * This is all an account owner or a rep named by a rule needs; caps and hours belong to pools.
 */
export function unavailability(
  policy: Policy,
  rep: string,
  load: RepLoad,
  now: Date,
): 'inactive' | 'away' | 'out_of_office' | undefined {
  const profile = policy.reps[rep];
  if (!profile) return 'inactive';
  if (load.away) return 'away';
  if (isOutOfOffice(profile.out_of_office, repCalendar(policy, rep), now)) return 'out_of_office';
  return undefined;
}

/** Why the rep cannot take a lead from this pool now, or undefined when they can. */
export function poolSkipReason(policy: Policy, pool: Pool, rep: string, load: RepLoad, now: Date): SkipReason | undefined {
  const missing = unavailability(policy, rep, load, now);
  if (missing) return missing;
  if (pool.working_hours_only && !isWorkingTime(repCalendar(policy, rep), now)) return 'outside_working_hours';
  const openCap = load.caps?.open ?? pool.caps.open;
  const dailyCap = load.caps?.per_day ?? pool.caps.per_day;
  if (openCap !== undefined && load.openLeads >= openCap) return 'open_cap';
  if (dailyCap !== undefined && assignedToday(policy, load, now) >= dailyCap) return 'daily_cap';
  return undefined;
}

/** Leads the rep got today in their own zone; a count from an earlier day is zero. */
export function assignedToday(policy: Policy, load: RepLoad, now: Date): number {
  return load.day === localDate(repCalendar(policy, load.rep), now) ? load.assignedToday : 0;
}

/** The rep's load after taking one more lead now. */
export function loadAfterAssignment(policy: Policy, load: RepLoad, now: Date): RepLoad {
  const today = localDate(repCalendar(policy, load.rep), now);
  return {
    ...load,
    openLeads: load.openLeads + 1,
    assignedToday: load.day === today ? load.assignedToday + 1 : 1,
    day: today,
  };
}
