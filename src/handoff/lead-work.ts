/**
 * Everything one hand-off step does to one lead, gathered before it is written: the events (each
 * with its actor), clock starts and stops, and outbox notices. Rep actions, the sweeper and
 * reassignment all build one of these under the lead's lock; `writeLeadWork` writes them together
 * in the caller's transaction.
 */
import type { SlaClockName } from '../engine/handoff-events.js';
import type { Effect, LeadEventType, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import type { EffectKind } from '../engine/handoff-events.js';
import type { RunningPolicy } from '../intake/context.js';
import { saveLeads } from '../store/lead-store.js';
import { enqueueEffectsMany } from '../store/outbox-store.js';
import type { Tx } from '../store/transaction.js';
import { isRunning, newClock, type ClockState } from './clocks/clock-state.js';
import { saveClocks } from './clocks/clock-store.js';
import { calendarById, planClock } from './clocks/plan.js';
import { STOPPED_BY, stopClock, type StopHow } from './clocks/stop.js';

/** What a hand-off notice says; the notify capability renders it (docs/handoff.md lists them). */
export type NoticeMessage =
  | 'assigned'
  | 'reminder'
  | 'breached'
  | 'reassigned_to'
  | 'reassigned_away'
  | 'queued'
  | 'fallback'
  | 'accepted'
  | 'rejected'
  | 'closed';

export interface Notice {
  message: NoticeMessage;
  /** Rep ids, `manager:<id>` or `admins`. */
  recipients: string[];
  clock?: SlaClockName;
  due_at?: string;
  rep?: string;
  reason?: string;
}

export class LeadWork {
  readonly events: NewLeadEvent[] = [];
  readonly effects: Effect[] = [];
  private readonly touched = new Set<ClockState>();

  constructor(
    readonly lead: LeadState,
    /** The lead's running clocks; stopped ones stay in the list, marked stopped. */
    readonly clocks: ClockState[],
    readonly running: RunningPolicy,
    readonly now: Date,
    /** Who acts: `rep:ana`, `manager:mia`, `token:…`, `link:ana`, `system`. */
    readonly actor: string,
  ) {}

  get policy() {
    return this.running.policy;
  }

  record(type: LeadEventType, data: object, occurredAt: string = this.now.toISOString()): void {
    this.events.push({ type, occurred_at: occurredAt, actor: this.actor, data: data as Record<string, unknown> });
  }

  notice(kind: EffectKind, notice: Notice): void {
    this.effects.push({ kind, payload: { lead_id: this.lead.id, ...notice } });
  }

  /** Starts a clock now for `rep` (none for route) and records `clock_started`. */
  start(clock: SlaClockName, rep: string | undefined): ClockState {
    const plan = planClock(this.policy, { clock, ...(rep ? { rep } : {}), priority: this.lead.priority, start: this.now });
    const state = newClock(this.lead.id, plan, this.running.version);
    this.clocks.push(state);
    this.touched.add(state);
    const { schedule: _schedule, ...data } = plan;
    this.record('clock_started', data);
    return state;
  }

  /** Stops the running clocks `eventType` stops (STOPPED_BY), as met or breached. */
  stopFor(eventType: LeadEventType): void {
    const names = STOPPED_BY[eventType] ?? [];
    this.stopWhere((c) => names.includes(c.clock), 'by_event');
  }

  /** Cancels running clocks (all, or those `which` picks): the lead moved on another way. */
  cancel(which: (clock: ClockState) => boolean = () => true): void {
    this.stopWhere(which, 'cancel');
  }

  stopWhere(which: (clock: ClockState) => boolean, how: StopHow): void {
    for (const clock of this.clocks) {
      if (!isRunning(clock) || !which(clock)) continue;
      this.record('clock_stopped', stopClock(clock, this.now, how, calendarById(this.policy, clock.calendar)));
      this.touched.add(clock);
    }
  }

  /** Marks a clock changed in place (the sweeper moving through its schedule). */
  touch(clock: ClockState): void {
    this.touched.add(clock);
  }

  changedClocks(): ClockState[] {
    return [...this.touched];
  }
}

/** Writes the leads, their events, their clocks and their notices; the caller holds the leads' locks. */
export async function writeLeadWork(tx: Tx, works: readonly LeadWork[], now: Date): Promise<void> {
  for (const work of works) {
    if (work.events.length === 0) continue;
    work.lead.policy_version = work.running.version;
    work.lead.updated_at = now.toISOString();
  }
  await saveLeads(tx, works.map((w) => ({ lead: w.lead, events: w.events })));
  await saveClocks(tx, works.flatMap((w) => w.changedClocks()));
  await enqueueEffectsMany(tx, works.filter((w) => w.effects.length > 0).map((w) => ({ leadId: w.lead.id, effects: w.effects })), now);
}
