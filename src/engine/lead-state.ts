/**
 * The current state of one lead: what `decide` reads and returns. The store keeps it as a row
 * derived from the lead's events; the engine never touches the database.
 */
import type { LeadBrief } from '../domain/brief/brief.js';
import type { ActivitySummary } from '../domain/lead/activity-summary.js';
import type { EmailFacts, LeadProfile } from '../domain/lead/profile.js';
import type { Stage } from '../domain/lead/stage.js';
import type { AccountMatch } from '../domain/lead/subject.js';
import type { EngagementState } from '../domain/scoring/engagement.js';
import type { LeadScore } from '../domain/scoring/score-item.js';
import type { EffectKind, HandoffEventType } from './handoff-events.js';

export type Priority = 'high' | 'normal';

export interface Assignment {
  rep: string;
  via: 'account_owner' | 'rule' | 'pool';
  step: number;
  step_name: string;
  pool?: string;
  explanation: string;
  at: string;
}

export interface LeadState {
  id: string;
  profile: LeadProfile;
  facts: EmailFacts;
  stage: Stage;
  priority: Priority;
  score: LeadScore;
  engagement?: EngagementState;
  activity: ActivitySummary;
  owner?: string;
  queue?: string;
  account?: AccountMatch;
  assignment?: Assignment;
  qualification?: { via: 'high_intent' | 'score_and_fit'; reason: string; at: string };
  brief?: LeadBrief;
  created_at: string;
  updated_at: string;
  qualified_at?: string;
  assigned_at?: string;
  /** Number of events recorded for this lead; the next event gets seq + 1. */
  event_seq: number;
  policy_version: number;
}

/** A fact to append to the lead's timeline. */
export interface NewLeadEvent {
  type: LeadEventType;
  occurred_at: string;
  actor: string;
  client_event_id?: string;
  data: Record<string, unknown>;
}

export type LeadEventType =
  | 'lead_created'
  | 'lead_updated'
  | 'account_matched'
  | 'activity_recorded'
  | 'score_changed'
  | 'stage_changed'
  | 'assigned'
  | 'queued'
  // Hand-off (rep actions, SLA clocks, escalation, delivery); data shapes in handoff-events.ts.
  | HandoffEventType;

/** Something the shell must do after the decision commits (through the outbox). */
export interface Effect {
  kind: EffectKind;
  payload: Record<string, unknown>;
}
