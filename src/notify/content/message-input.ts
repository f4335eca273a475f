/** What a message is rendered from: plain data gathered by the dispatcher, nothing to look up. */
import type { LeadBrief } from '../../domain/brief/brief.js';
import type { ActionLinks } from '../../handoff/links.js';

export interface LeadSummary {
  id: string;
  email: string;
  stage: string;
  priority: string;
  owner: string | null;
  queue: string | null;
  brief: LeadBrief | null;
}

export interface Deadline {
  clock: string;
  dueAt: Date;
  /** Worked out from the policy because the lead's clock was not readable. */
  estimated: boolean;
}

export interface MessageInput {
  /** assigned, reminder, breached, reassigned_to, reassigned_away, queued, fallback, accepted, rejected, closed, integration_failing, integration_recovered… */
  message: string;
  workspace: string;
  recipient: { kind: 'rep' | 'manager' | 'admins'; id?: string; name: string; timezone: string };
  lead?: LeadSummary;
  deadlines: Deadline[];
  /** One-click links, for messages that ask the rep to act. */
  links?: ActionLinks;
  /** The lead's page (from the links, or Baton's URL). */
  leadUrl?: string;
  details: {
    /** The rep concerned (for managers' messages): their name. */
    rep?: string;
    reason?: string;
    clock?: string;
    queue?: string;
    channel?: string;
    error?: string;
    failures?: number;
  };
  /** The policy's reject reasons, for the Slack reject menu. */
  rejectReasons: { code: string; label: string }[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  slack: { text: string; blocks: unknown[] };
  sms: string;
}

/** Messages in which the rep is asked to act on the lead (they carry the one-click actions). */
export const ACTIONABLE = new Set(['assigned', 'reassigned_to', 'reminder', 'breached']);
