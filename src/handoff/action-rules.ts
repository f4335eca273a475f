/**
 * What each rep action may do to a lead, as pure rules: the stage it needs, the stage moves and
 * events it records, whether the rep's open-lead count drops, and what is refused with which
 * message. The shell (actions.ts) applies the plan under the lead's lock.
 */
import type { Stage } from '../domain/lead/stage.js';
import { isOpenStage } from '../domain/lead/stage.js';
import { assertTransition, canTransition } from '../domain/qualification/transitions.js';
import type { EffectKind, HandoffEventData, HandoffEventType } from '../engine/handoff-events.js';
import type { LeadState } from '../engine/lead-state.js';
import type { FieldIssue } from '../errors/baton-error.js';
import type { Policy } from '../policy/schema.js';
import type { RepAction } from './actions.js';
import type { NoticeMessage } from './lead-work.js';
import { managerOf } from './recipients.js';

/** Disposition codes every policy has, besides its own `reasons.disposition`. */
export const BUILT_IN_DISPOSITIONS = ['wrong_fit', 'no_budget', 'bad_timing', 'competitor_chosen', 'unresponsive'] as const;

export interface ContactHistory {
  /** Contact attempts since the lead last became an MQL. */
  attempts: number;
  connected: boolean;
}

export interface ActionPlan {
  /** Stages to move through, in order; each is a `stage_changed`. */
  moves: Stage[];
  /** The action's own events, recorded after the moves; each stops the clocks it stops. */
  events: { type: HandoffEventType; data: object }[];
  /** The rep's open-lead count drops; `clear` also takes the lead off them (back to marketing). */
  release?: 'keep_owner' | 'clear_owner';
  /** Every clock still running ends as cancelled. */
  cancelClocks: boolean;
  resetScore: boolean;
  notice?: { kind: EffectKind; message: NoticeMessage; recipients: string[]; reason?: string };
}

export type PlanResult = { ok: true; plan: ActionPlan } | { ok: false; error: 'conflict' | 'validation_failed'; message: string; details?: FieldIssue[] };

type NonReassign = Exclude<RepAction, { type: 'reassign' }>;

const conflict = (message: string): PlanResult => ({ ok: false, error: 'conflict', message });

/** The actions the lead's stage allows now (for the message a refused action gets). */
export function availableActions(policy: Policy, stage: Stage): RepAction['type'][] {
  const open = isOpenStage(stage);
  const can = (to: Stage) => canTransition(policy, stage, to);
  const list: [RepAction['type'], boolean][] = [
    ['accept', stage === 'mql' && can('sal')],
    ['reject', (stage === 'mql' || stage === 'sal') && (can('nurture') || can('disqualified'))],
    ['attempt', open],
    ['connected', open],
    ['meeting', open],
    ['convert', open && stage !== 'mql' && (can('sql') || can('opportunity'))],
    ['close', can('won') || can('lost')],
    ['recycle', open && can('nurture')],
    ['reassign', open],
  ];
  return list.filter(([, ok]) => ok).map(([type]) => type);
}

function wrongStage(policy: Policy, lead: LeadState, action: RepAction['type'], detail?: string): PlanResult {
  const allowed = availableActions(policy, lead.stage);
  const now = allowed.length ? `Possible now: ${allowed.join(', ')}.` : 'No action can move it on.';
  return conflict(`Cannot ${action} this lead: it is in ${lead.stage}${detail ? ` (${detail})` : ''}. ${now}`);
}

function codeError(kind: string, code: string, codes: readonly string[], path: string): PlanResult {
  return {
    ok: false,
    error: 'validation_failed',
    message: `"${code}" is not a ${kind} code in the policy. Use one of: ${codes.join(', ')}.`,
    details: [{ path, message: `one of: ${codes.join(', ')}` }],
  };
}

/** Stage moves from `from` to `to`, directly or through sql (sal → sql → opportunity); undefined if neither is allowed. */
function convertPath(policy: Policy, from: Stage, to: 'sql' | 'opportunity'): Stage[] | undefined {
  if (canTransition(policy, from, to)) return [to];
  if (to === 'opportunity' && canTransition(policy, from, 'sql') && canTransition(policy, 'sql', 'opportunity')) return ['sql', 'opportunity'];
  return undefined;
}

export function planAction(policy: Policy, lead: LeadState, action: NonReassign, history: ContactHistory): PlanResult {
  const rep = lead.owner;
  if (!rep) {
    return conflict(`This lead has no rep yet${lead.queue ? ` (it waits in queue ${lead.queue})` : ''}; a manager assigns it first with a reassign action.`);
  }
  const base = { moves: [] as Stage[], cancelClocks: false, resetScore: false };
  const note = 'note' in action && action.note ? { note: action.note } : {};
  switch (action.type) {
    case 'accept': {
      if (lead.stage !== 'mql') return wrongStage(policy, lead, 'accept', 'accept moves a lead from mql to sal');
      const check = assertTransition(policy, 'mql', 'sal');
      if (!check.ok) return conflict(`Cannot accept this lead: ${check.message}.`);
      return { ok: true, plan: { ...base, moves: ['sal'], events: [{ type: 'accepted', data: { rep } }], notice: { kind: 'lead.accepted', message: 'accepted', recipients: [] } } };
    }
    case 'reject': {
      const reason = policy.reasons.reject.find((r) => r.code === action.reason);
      if (!reason) return codeError('reject reason', action.reason, policy.reasons.reject.map((r) => r.code), 'reason');
      if (lead.stage !== 'mql' && lead.stage !== 'sal') return wrongStage(policy, lead, 'reject', 'a rep rejects a lead in mql or sal');
      const to = reason.to ?? policy.reasons.reject_to;
      const check = assertTransition(policy, lead.stage, to);
      if (!check.ok) return conflict(`Cannot reject this lead for "${reason.code}": ${check.message}.`);
      const score = policy.reasons.reject_score;
      const data: HandoffEventData['rejected'] = { rep, reason: reason.code, ...note, to, score };
      return {
        ok: true,
        plan: {
          ...base,
          moves: [to],
          events: [{ type: 'rejected', data }],
          release: 'clear_owner',
          cancelClocks: true,
          resetScore: score === 'reset',
          notice: { kind: 'lead.rejected', message: 'rejected', recipients: [managerOf(policy, rep)], reason: reason.code },
        },
      };
    }
    case 'attempt': {
      if (!isOpenStage(lead.stage)) return wrongStage(policy, lead, 'attempt');
      const attempt: HandoffEventData['contact_attempted'] = { rep, channel: action.channel, outcome: action.outcome, ...note, attempt: history.attempts + 1 };
      const events: ActionPlan['events'] = [{ type: 'contact_attempted', data: attempt }];
      if (action.outcome === 'connected') events.push({ type: 'connected', data: { rep, channel: action.channel } });
      return { ok: true, plan: { ...base, events } };
    }
    case 'connected': {
      if (!isOpenStage(lead.stage)) return wrongStage(policy, lead, 'connected');
      return { ok: true, plan: { ...base, events: [{ type: 'connected', data: { rep, channel: action.channel } }] } };
    }
    case 'meeting': {
      if (!isOpenStage(lead.stage)) return wrongStage(policy, lead, 'meeting');
      const data = { rep, ...(action.scheduled_for ? { scheduled_for: action.scheduled_for } : {}), ...note };
      return { ok: true, plan: { ...base, events: [{ type: 'meeting_booked', data }] } };
    }
    case 'convert': {
      const path = isOpenStage(lead.stage) && lead.stage !== 'mql' ? convertPath(policy, lead.stage, action.to) : undefined;
      if (!path) return wrongStage(policy, lead, 'convert', `to ${action.to}`);
      return { ok: true, plan: { ...base, moves: path, events: [{ type: 'converted', data: { rep, to: action.to, ...note } }] } };
    }
    case 'close': {
      const codes = [...BUILT_IN_DISPOSITIONS, ...policy.reasons.disposition.map((d) => d.code).filter((c) => !(BUILT_IN_DISPOSITIONS as readonly string[]).includes(c))];
      if (!codes.includes(action.disposition)) return codeError('disposition', action.disposition, codes, 'disposition');
      const check = assertTransition(policy, lead.stage, action.outcome);
      if (!check.ok) return wrongStage(policy, lead, 'close', check.message);
      const data: HandoffEventData['closed'] = { rep, outcome: action.outcome, disposition: action.disposition, ...note };
      return {
        ok: true,
        plan: { ...base, moves: [action.outcome], events: [{ type: 'closed', data }], release: 'keep_owner', cancelClocks: true, notice: { kind: 'lead.closed', message: 'closed', recipients: [] } },
      };
    }
    case 'recycle': {
      if (!isOpenStage(lead.stage) || !canTransition(policy, lead.stage, 'nurture')) return wrongStage(policy, lead, 'recycle');
      if (history.connected) return conflict('This lead was reached (connected), so it cannot be recycled; close it as lost with a disposition instead.');
      const owed = policy.sla.attempts_before_recycle - history.attempts;
      if (owed > 0) {
        const needed = policy.sla.attempts_before_recycle;
        return conflict(`Recycling needs ${needed} contact attempt${needed === 1 ? '' : 's'} without a connection; ${history.attempts} logged so far, so ${owed} more ${owed === 1 ? 'is' : 'are'} owed.`);
      }
      const data: HandoffEventData['recycled'] = { rep, attempts: history.attempts };
      return { ok: true, plan: { ...base, moves: ['nurture'], events: [{ type: 'recycled', data }], release: 'clear_owner', cancelClocks: true } };
    }
  }
}
