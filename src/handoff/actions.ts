/**
 * Rep and manager actions on a lead: accept, reject, attempts, connected, meeting, convert,
 * close, recycle, reassign. The one entry point every surface uses (API, one-click links,
 * Slack buttons, the web app).
 *
 * CONTRACT (the hand-off capability fills this in; callers rely on these signatures).
 */
import type { Principal } from '../http/principal.js';
import type { IntakeDeps } from '../intake/context.js';
import type { ContactChannel, ContactOutcome } from '../engine/handoff-events.js';

export type RepAction =
  | { type: 'accept'; note?: string }
  | { type: 'reject'; reason: string; note?: string }
  | { type: 'attempt'; channel: ContactChannel; outcome: ContactOutcome; note?: string }
  | { type: 'connected'; channel: ContactChannel; note?: string }
  | { type: 'meeting'; scheduled_for?: string; note?: string }
  | { type: 'convert'; to: 'sql' | 'opportunity'; note?: string }
  | { type: 'close'; outcome: 'won' | 'lost'; disposition: string; note?: string }
  | { type: 'recycle'; note?: string }
  | { type: 'reassign'; to?: string; reason: string };

export interface ActionResult {
  lead_id: string;
  stage: string;
  owner: string | null;
  /** The events the action recorded, in order. */
  events: { type: string; seq: number }[];
}

/** Applies one action as `principal`; throws BatonError (forbidden, not_found, conflict, validation_failed) with a message saying what to do. */
export async function applyRepAction(_deps: IntakeDeps, _leadId: string, _action: RepAction, _principal: Principal): Promise<ActionResult> {
  throw new Error('applyRepAction: not built yet');
}
