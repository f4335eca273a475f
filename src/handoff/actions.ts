/**
 * Rep and manager actions on a lead: accept, reject, attempts, connected, meeting, convert,
 * close, recycle, reassign. The one entry point every surface uses (API, one-click links,
 * Slack buttons, the web app).
 *
 * CONTRACT (the hand-off capability fills this in; callers rely on these signatures).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../http/principal.js';
import type { IntakeDeps } from '../intake/context.js';
import type { ContactChannel, ContactOutcome } from '../engine/handoff-events.js';
import { BatonError } from '../errors/baton-error.js';
import { isOpenStage } from '../domain/lead/stage.js';
import { parseBody } from '../http/parse.js';
import { lockLeadsByIds } from '../store/lead-store.js';
import { inTransaction, type Tx } from '../store/transaction.js';
import { planAction, availableActions, type ContactHistory } from './action-rules.js';
import { refusal } from './authorize.js';
import { runningClocks } from './clocks/clock-store.js';
import { LeadWork, writeLeadWork } from './lead-work.js';
import { reassignLead } from './reassign.js';
import { RoutingSession } from './routing-session.js';

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

const note = z.string().max(2_000).optional();
const channel = z.enum(['call', 'email', 'sms', 'linkedin', 'other']);
const code = z.string().min(1, 'a code from the policy').max(100);

/** The body of POST /api/v1/leads/:id/actions. */
export const repActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('accept'), note }),
  z.strictObject({ type: z.literal('reject'), reason: code, note }),
  z.strictObject({ type: z.literal('attempt'), channel, outcome: z.enum(['no_answer', 'voicemail', 'connected', 'bounced']), note }),
  z.strictObject({ type: z.literal('connected'), channel, note }),
  z.strictObject({ type: z.literal('meeting'), scheduled_for: z.iso.datetime({ offset: true, message: 'an ISO 8601 date-time such as 2026-11-03T15:00:00Z' }).optional(), note }),
  z.strictObject({ type: z.literal('convert'), to: z.enum(['sql', 'opportunity']), note }),
  z.strictObject({ type: z.literal('close'), outcome: z.enum(['won', 'lost']), disposition: code, note }),
  z.strictObject({ type: z.literal('recycle'), note }),
  z.strictObject({ type: z.literal('reassign'), to: z.string().min(1).optional(), reason: z.string().min(1, 'say why the lead moves').max(500) }),
]);

const NO_HISTORY: ContactHistory = { attempts: 0, connected: false };

/** Applies one action as `principal`; throws BatonError (forbidden, not_found, conflict, validation_failed) with a message saying what to do. */
export async function applyRepAction(deps: IntakeDeps, leadId: string, action: RepAction, principal: Principal): Promise<ActionResult> {
  const checked = parseBody(repActionSchema, action) as RepAction;
  if (!z.uuid().safeParse(leadId).success) throw new BatonError('not_found', `No lead with id ${leadId}.`);
  const now = deps.clock.now();
  const running = deps.policy();
  if (checked.type === 'reassign' && checked.to !== undefined && !running.policy.reps[checked.to]) {
    const reps = Object.keys(running.policy.reps);
    throw new BatonError('validation_failed', `"${checked.to}" is not a rep in the policy.`, [{ path: 'to', message: `one of: ${reps.join(', ')}` }]);
  }
  const result = await inTransaction(deps.db, async (tx) => {
    const lead = (await lockLeadsByIds(tx, [leadId])).get(leadId);
    if (!lead) throw new BatonError('not_found', `No lead with id ${leadId}.`);
    const denied = refusal(running.policy, principal, lead, checked);
    if (denied) throw new BatonError('forbidden', denied);
    const clocks = (await runningClocks(tx, [leadId])).get(leadId) ?? [];
    const work = new LeadWork(lead, clocks, running, now, principal.actor);
    const routing = new RoutingSession(tx, running.policy);
    if (checked.type === 'reassign') await reassign(routing, work, checked);
    else await act(tx, routing, work, checked);
    await routing.write(now);
    const firstSeq = lead.event_seq;
    await writeLeadWork(tx, [work], now);
    return {
      body: { lead_id: lead.id, stage: lead.stage, owner: lead.owner ?? null, events: work.events.map((e, i) => ({ type: e.type, seq: firstSeq + i + 1 })) },
      effects: work.effects.length,
    };
  });
  deps.signals?.emit('leads', [leadId]);
  if (result.effects > 0) deps.signals?.emit('outbox');
  return result.body;
}

async function act(tx: Tx, routing: RoutingSession, work: LeadWork, action: Exclude<RepAction, { type: 'reassign' }>): Promise<void> {
  const { lead, policy } = work;
  const history = action.type === 'attempt' || action.type === 'recycle' ? await contactHistory(tx, lead.id) : NO_HISTORY;
  const planned = planAction(policy, lead, action, history);
  if (!planned.ok) throw new BatonError(planned.error, planned.message, planned.details);
  const { plan } = planned;
  const rep = lead.owner!;
  for (const to of plan.moves) {
    const reason = action.type === 'reject' ? { reason: action.reason } : action.type === 'close' ? { reason: action.disposition } : {};
    work.record('stage_changed', { from: lead.stage, to, via: action.type, ...reason });
    lead.stage = to;
  }
  for (const event of plan.events) {
    work.record(event.type, event.data);
    work.stopFor(event.type);
  }
  if (plan.cancelClocks) work.cancel();
  if (plan.resetScore) resetScore(work);
  if (plan.release) routing.release(rep);
  if (plan.release === 'clear_owner') {
    // Back to marketing: without an owner, the lead is routed afresh if it qualifies again.
    delete lead.owner;
    delete lead.queue;
    delete lead.assignment;
  }
  if (plan.notice) work.notice(plan.notice.kind, { message: plan.notice.message, recipients: plan.notice.recipients, rep, ...(plan.notice.reason ? { reason: plan.notice.reason } : {}) });
}

async function reassign(routing: RoutingSession, work: LeadWork, action: Extract<RepAction, { type: 'reassign' }>): Promise<void> {
  const { lead, policy } = work;
  if (!isOpenStage(lead.stage)) {
    const allowed = availableActions(policy, lead.stage);
    throw new BatonError('conflict', `Cannot reassign this lead: it is in ${lead.stage}. ${allowed.length ? `Possible now: ${allowed.join(', ')}.` : 'No action can move it on.'}`);
  }
  if (action.to !== undefined && action.to === lead.owner) throw new BatonError('conflict', `The lead is already assigned to ${policy.reps[action.to]!.name}.`);
  await reassignLead(routing, work, { ...(action.to ? { to: action.to } : {}), reason: action.reason, by: 'manager' });
}

/** Engagement back to zero; fit stays (it describes who the lead is). */
function resetScore(work: LeadWork): void {
  const { lead } = work;
  const before = lead.score.total;
  const items = lead.score.items.filter((i) => i.kind === 'fit');
  lead.score = { fit: lead.score.fit, engagement: 0, total: lead.score.fit, items };
  delete lead.engagement;
  if (before !== lead.score.total) {
    work.record('score_changed', { fit: lead.score.fit, engagement: 0, total: lead.score.total, delta: lead.score.total - before, items, reason: 'reset on rejection' });
  }
}

/** Attempts and connections since the lead last became an MQL. */
async function contactHistory(tx: Tx, leadId: string): Promise<ContactHistory> {
  const { rows } = await sql<{ attempts: number; connected: boolean }>`
    select count(*) filter (where type = 'contact_attempted')::int as attempts, coalesce(bool_or(type = 'connected'), false) as connected
    from lead_events
    where lead_id = ${leadId}
      and seq > coalesce((select max(seq) from lead_events where lead_id = ${leadId} and type = 'stage_changed' and data->>'to' = 'mql'), 0)
      and type in ('contact_attempted', 'connected')`.execute(tx);
  return rows[0] ?? NO_HISTORY;
}
