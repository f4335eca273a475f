import type { Activity } from '../domain/lead/activity.js';
import type { EmailFacts, LeadProfile } from '../domain/lead/profile.js';
import type { AccountMatch } from '../domain/lead/subject.js';
import type { RoutingSnapshot } from '../domain/routing/types.js';
import type { Policy } from '../policy/schema.js';

/** What can happen to a lead. Every input is decided the same way, live or in a replay. */
export type LeadInput =
  | {
      type: 'submitted';
      profile: LeadProfile;
      facts: EmailFacts;
      /** The activity that produced the submission, e.g. form_submitted or demo_requested. */
      activity?: Activity;
      actor: string;
      client_event_id?: string;
    }
  | { type: 'activities'; activities: { activity: Activity; client_event_id?: string }[]; actor: string };

export interface DecideContext {
  policy: Policy;
  policyVersion: number;
  now: Date;
  /** Id for a lead this input creates. */
  newLeadId: string;
  /** The account this lead matches, looked up by the shell. */
  account?: AccountMatch;
  /** Shared routing state, locked by the shell; absent on the first pass. */
  routing?: RoutingSnapshot;
}
