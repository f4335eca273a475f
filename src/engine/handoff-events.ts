/**
 * The contract between the capabilities that write the hand-off's events (rep actions, SLA
 * clocks, escalation, delivery) and those that read them (metrics, audit, simulation, the web
 * app). `lead_events.data` holds these shapes; fields may be added, never renamed or removed.
 *
 * Every stage move is also recorded as `stage_changed` ({ from, to, via?, reason? }), so the
 * funnel reads one event type; the events below say what happened and who did it.
 * Times are ISO 8601 strings in UTC; `rep` is a policy rep id; the event's `actor` column says who
 * acted (`rep:ana`, `manager:maria`, `user:<id>`, `token:<name>`, `link:ana`, `system`).
 */
import type { SLA_CLOCKS } from '../policy/schema.js';

export type SlaClockName = (typeof SLA_CLOCKS)[number];
export type ContactChannel = 'call' | 'email' | 'sms' | 'linkedin' | 'other';
export type ContactOutcome = 'no_answer' | 'voicemail' | 'connected' | 'bounced';

export interface HandoffEventData {
  /** MQL → SAL. */
  accepted: { rep: string };
  /** Back to marketing with a policy reason code. */
  rejected: { rep: string; reason: string; note?: string; to: 'nurture' | 'disqualified'; score: 'keep' | 'reset' };
  contact_attempted: { rep: string; channel: ContactChannel; outcome: ContactOutcome; note?: string; attempt: number };
  connected: { rep: string; channel: ContactChannel };
  meeting_booked: { rep: string; scheduled_for?: string; note?: string };
  /** SAL → SQL → opportunity moves are `stage_changed`; this marks the opportunity's creation. */
  converted: { rep: string; to: 'sql' | 'opportunity'; note?: string };
  closed: { rep: string; outcome: 'won' | 'lost'; disposition: string; note?: string };
  /** Returned to nurture after the policy's attempts without a connection. */
  recycled: { rep: string; attempts: number };
  /** A manager's or escalation's move of the lead to another rep (or to the fallback queue: `to` absent, `queue` set). */
  reassigned: { from: string; to?: string; queue?: string; reason: string; by: 'manager' | 'escalation'; pool?: string };
  /** A clock started at its trigger; `due_at` counts business time in `calendar` when the duration is business time. */
  clock_started: { clock: SlaClockName; rep?: string; started_at: string; due_at: string; duration: string; calendar: string };
  /** The deadline passed without the stopping event (fires once, at the due time). */
  clock_breached: { clock: SlaClockName; rep?: string; due_at: string };
  /** The clock stopped: met (stopping event before due), breached (after due) or cancelled (lead moved on another way). */
  clock_stopped: {
    clock: SlaClockName;
    rep?: string;
    outcome: 'met' | 'breached' | 'cancelled';
    started_at: string;
    stopped_at: string;
    due_at: string;
    elapsed_ms: number;
    business_ms: number;
  };
  /** One escalation step ran (its `at` from the policy, and what it did). */
  escalated: { clock: SlaClockName; step: number; at: string; actions: string[]; rep?: string; manager?: string };
  /** A notification reached a channel (the first successful delivery per message and channel). */
  notified: { channel: 'email' | 'slack' | 'sms' | 'webhook'; recipient: string; message: string; delivered_at: string };
}

export type HandoffEventType = keyof HandoffEventData;

/**
 * Outbox effects: what the shell must do after a decision commits. Payloads always carry
 * `lead_id`; notifications carry `recipients` (rep ids, `manager:<id>`, or `admins`) and
 * `message` (what to say: assigned, reminder, breached, reassigned_away, queued, …).
 */
export type EffectKind =
  | 'lead.qualified'
  | 'lead.assigned'
  | 'lead.queued'
  | 'lead.accepted'
  | 'lead.rejected'
  | 'lead.reassigned'
  | 'lead.closed'
  | 'sla.reminder'
  | 'sla.breached'
  | 'sla.escalated'
  | 'alert';
