/**
 * The policy's `stages.max_time` (e.g. `sal: 5bd`) as a test on open hand-offs: a hand-off is in
 * its stage longer than the policy allows when the limit, counted from when it entered the stage
 * in its owner's calendar (else `sla.calendar`), ended before now. Adding working time is
 * monotonic in the start, so for each stage and calendar there is one cutoff instant: entered
 * before it means over the limit. The cutoffs are found here, so the SQL stays a range on the
 * indexed `stage_at`.
 */
import { sql } from 'kysely';
import { addBusinessTime } from '../../domain/calendar/index.js';
import type { Duration } from '../../domain/time/duration.js';
import type { Calendar, Policy } from '../../policy/schema.js';
import type { Predicate } from '../definitions.js';

export interface StageLimit {
  stage: string;
  duration: Duration;
}

/** The stages an open hand-off can be in that have a limit (known, nurture and the closed stages have no hand-off running). */
export function stageLimits(policy: Policy): StageLimit[] {
  return (['mql', 'sal', 'sql', 'opportunity'] as const).flatMap((stage) => {
    const duration = policy.stages.max_time[stage];
    return duration ? [{ stage, duration }] : [];
  });
}

/** The calendar a hand-off's limit counts in: its owner's, else the SLA calendar. */
export function calendarIdOf(policy: Policy, owner: string | null): string {
  return (owner ? policy.reps[owner]?.calendar : undefined) ?? policy.sla.calendar;
}

/** When a hand-off that entered its stage at `entered` goes over the limit. */
export function overAt(policy: Policy, limit: StageLimit, owner: string | null, entered: Date): Date {
  return addBusinessTime(calendarOf(policy, calendarIdOf(policy, owner)), entered, limit.duration);
}

function calendarOf(policy: Policy, id: string): Calendar {
  const calendar = policy.calendars[id];
  if (!calendar) throw new Error(`Calendar "${id}" is not defined under calendars`);
  return calendar;
}

/** The earliest start whose limit has not ended by `now`: starts before it are over the limit. */
export function cutoff(calendar: Calendar, duration: Duration, now: Date): Date {
  const ends = (start: number) => addBusinessTime(calendar, new Date(start), duration).getTime();
  if (duration.kind === 'wall') return new Date(now.getTime() - duration.ms);
  let hi = now.getTime(); // ends(hi) >= now: every limit is longer than zero
  let span = 86_400_000;
  let lo = hi - span;
  while (ends(lo) >= now.getTime()) {
    span *= 2;
    lo = hi - span;
  }
  // ends(lo) < now <= ends(hi): the first start with ends(start) >= now, to the millisecond.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ends(mid) >= now.getTime()) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Open hand-offs in a stage longer than the policy allows, as of `now` (false when the policy sets no limit). */
export function overMaxTime(policy: Policy, now: Date): Predicate {
  const limits = stageLimits(policy);
  if (limits.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(limits.map((limit) => overLimit(policy, limit, now)), sql` or `)})`;
}

/**
 * Open hand-offs in `limit.stage` for longer than it allows: a range on stage_at per calendar, so
 * the index on open hand-offs (stage, stage_at) reads them oldest first.
 */
export function overLimit(policy: Policy, limit: StageLimit, now: Date): Predicate {
  const withOwnCalendar = Object.entries(policy.reps).filter(([, rep]) => rep.calendar && rep.calendar !== policy.sla.calendar);
  const calendars = new Map<string, string[]>();
  for (const [id, rep] of withOwnCalendar) calendars.set(rep.calendar!, [...(calendars.get(rep.calendar!) ?? []), id]);
  const others = withOwnCalendar.map(([id]) => id);
  const list = (reps: string[]) => sql.join(reps.map((r) => sql`${r}`));
  const before = (calendarId: string) => sql`h.stage_at < ${cutoff(calendarOf(policy, calendarId), limit.duration, now)}`;
  const byCalendar = [
    sql`((h.owner is null${others.length ? sql` or h.owner not in (${list(others)})` : sql``}) and ${before(policy.sla.calendar)})`,
    ...[...calendars].map(([calendarId, reps]) => sql`(h.owner in (${list(reps)}) and ${before(calendarId)})`),
  ];
  return sql<boolean>`(h.ended_at is null and h.stage = ${limit.stage} and (${sql.join(byCalendar, sql` or `)}))`;
}
