import { describe, expect, it } from 'vitest';
import type { LeadState } from '../engine/lead-state.js';
import { availableActions, planAction } from './action-rules.js';
import { refusal } from './authorize.js';
import { handoffPolicy } from './clocks/test-policy.js';

const policy = handoffPolicy();
const lead = (stage: LeadState['stage'], owner: string | null = 'ana') => ({ stage, ...(owner ? { owner } : {}) }) as LeadState;
const none = { attempts: 0, connected: false };

describe('what a rep may do in each stage', () => {
  it('lists the actions a stage allows', () => {
    expect(availableActions(policy, 'mql')).toEqual(['accept', 'reject', 'attempt', 'connected', 'meeting', 'recycle', 'reassign']);
    expect(availableActions(policy, 'opportunity')).toEqual(['attempt', 'connected', 'meeting', 'close', 'reassign']);
    expect(availableActions(policy, 'won')).toEqual([]);
  });

  it('sends a rejected lead where its reason says, else to reasons.reject_to, and frees the rep', () => {
    const competitor = planAction(policy, lead('mql'), { type: 'reject', reason: 'competitor' }, none);
    expect(competitor).toMatchObject({ ok: true, plan: { moves: ['disqualified'], release: 'clear_owner', cancelClocks: true } });
    const other = planAction(policy, lead('sal'), { type: 'reject', reason: 'no_intent' }, none);
    expect(other).toMatchObject({ ok: true, plan: { moves: ['nurture'], events: [{ type: 'rejected', data: { rep: 'ana', reason: 'no_intent', to: 'nurture', score: 'keep' } }] } });
  });

  it('converts sal straight to opportunity through sql', () => {
    expect(planAction(policy, lead('sal'), { type: 'convert', to: 'opportunity' }, none)).toMatchObject({ ok: true, plan: { moves: ['sql', 'opportunity'] } });
    expect(planAction(policy, lead('mql'), { type: 'convert', to: 'sql' }, none)).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('numbers attempts and records a connection when the attempt got through', () => {
    const planned = planAction(policy, lead('sal'), { type: 'attempt', channel: 'call', outcome: 'connected' }, { attempts: 2, connected: false });
    expect(planned).toMatchObject({ ok: true, plan: { events: [{ type: 'contact_attempted', data: { attempt: 3 } }, { type: 'connected' }] } });
  });

  it('owes attempts before a recycle, and refuses one after a connection', () => {
    expect(planAction(policy, lead('sal'), { type: 'recycle' }, { attempts: 2, connected: false })).toEqual({
      ok: false,
      error: 'conflict',
      message: 'Recycling needs 3 contact attempts without a connection; 2 logged so far, so 1 more is owed.',
    });
    expect(planAction(policy, lead('sal'), { type: 'recycle' }, { attempts: 3, connected: false })).toMatchObject({ ok: true, plan: { moves: ['nurture'] } });
    expect(planAction(policy, lead('sal'), { type: 'recycle' }, { attempts: 5, connected: true })).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('accepts the built-in dispositions and the policy’s own, nothing else', () => {
    expect(planAction(policy, lead('opportunity'), { type: 'close', outcome: 'lost', disposition: 'no_budget' }, none)).toMatchObject({ ok: true });
    expect(planAction(policy, lead('opportunity'), { type: 'close', outcome: 'lost', disposition: 'chose_competitor' }, none)).toMatchObject({ ok: true });
    expect(planAction(policy, lead('opportunity'), { type: 'close', outcome: 'lost', disposition: 'meh' }, none)).toMatchObject({ ok: false, error: 'validation_failed' });
  });

  it('asks for an owner before anything but a reassignment', () => {
    expect(planAction(policy, { ...lead('mql', null), queue: 'revops-queue' }, { type: 'accept' }, none)).toMatchObject({
      ok: false,
      message: 'This lead has no rep yet (it waits in queue revops-queue); a manager assigns it first with a reassign action.',
    });
  });
});

describe('who may act', () => {
  const rep = (id: string) => ({ actor: `user:${id}`, role: 'rep' as const, rep: id, scopes: ['read', 'act'] });
  const manager = (id: string) => ({ actor: `user:${id}`, role: 'manager' as const, manager: id, scopes: ['read', 'act'] });

  it('lets a rep act on their own leads only, and never reassign', () => {
    expect(refusal(policy, rep('ana'), lead('mql'), { type: 'accept' })).toBeUndefined();
    expect(refusal(policy, rep('ben'), lead('mql'), { type: 'accept' })).toBe('This lead is assigned to Ana; you can act only on leads assigned to you.');
    expect(refusal(policy, rep('ana'), lead('mql'), { type: 'reassign', reason: 'x' })).toBe('Only a manager or an admin can reassign a lead.');
  });

  it("lets a manager act on their team's leads and assign a queued lead to their own rep", () => {
    expect(refusal(policy, manager('mia'), lead('mql', 'ben'), { type: 'reassign', to: 'ana', reason: 'x' })).toBeUndefined();
    expect(refusal(policy, manager('mia'), lead('mql', 'yuki'), { type: 'accept' })).toBe('This lead is assigned to Yuki, who is not on your team.');
    expect(refusal(policy, manager('mia'), lead('mql', null), { type: 'reassign', to: 'ana', reason: 'x' })).toBeUndefined();
    expect(refusal(policy, manager('mia'), lead('mql', 'ana'), { type: 'reassign', to: 'yuki', reason: 'x' })).toContain('Yuki is not on your team');
  });

  it('lets admins and tokens with the act scope act on any lead', () => {
    expect(refusal(policy, { actor: 'token:crm', role: 'integration', scopes: ['act'] }, lead('mql', 'yuki'), { type: 'accept' })).toBeUndefined();
    expect(refusal(policy, { actor: 'token:ro', role: 'integration', scopes: ['read'] }, lead('mql', 'yuki'), { type: 'accept' })).toContain('"act" scope');
    expect(refusal(policy, { actor: 'user:root', role: 'admin', scopes: ['admin'] }, lead('mql', 'yuki'), { type: 'reassign', reason: 'x' })).toBeUndefined();
  });
});
