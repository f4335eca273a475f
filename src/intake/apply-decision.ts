/**
 * The imperative shell around decide(): inside the caller's transaction, look up the account,
 * decide, lock the routing state if the decision asks for it and decide again, then write the
 * lead row, its events, the routing change and the outbox. The lead must already be locked.
 */
import { accountLookupKeys, matchAccount } from '../domain/accounts/match.js';
import { decide } from '../engine/decide.js';
import type { DecideContext, LeadInput } from '../engine/inputs.js';
import type { LeadState } from '../engine/lead-state.js';
import { accountCandidates } from '../store/account-store.js';
import { writeDecision } from '../store/decision-writer.js';
import { runDecisionHooks, type DecisionHook } from './hooks.js';
import { lockRoutingState } from '../store/routing-store.js';
import type { Tx } from '../store/transaction.js';
import type { RunningPolicy } from './context.js';

export async function applyInput(
  tx: Tx,
  running: RunningPolicy,
  current: LeadState | undefined,
  input: LeadInput,
  now: Date,
  newLeadId: string,
  hooks?: readonly DecisionHook[],
): Promise<{ lead: LeadState; effects: number }> {
  const profile = input.type === 'submitted' ? input.profile : current!.profile;
  const facts = input.type === 'submitted' ? input.facts : current!.facts;
  // An activity batch leaves the profile as it was, so the account match stands.
  const account =
    input.type === 'submitted'
      ? matchAccount({ facts, company: profile.company }, await accountCandidates(tx, accountLookupKeys({ facts, company: profile.company })))
      : current?.account;
  const ctx: DecideContext = { policy: running.policy, policyVersion: running.version, now, newLeadId, ...(account ? { account } : {}) };

  let decision = decide(current, input, ctx);
  if (decision.kind === 'needs_routing') {
    const routing = await lockRoutingState(tx, running.policy, decision.pools, decision.reps);
    decision = decide(current, input, { ...ctx, routing });
    if (decision.kind === 'needs_routing') throw new Error('decide asked for routing state twice');
  }
  const { state, events, effects, routing } = decision;
  await writeDecision(tx, { before: current, lead: state, events, effects, now, ...(routing ? { routing } : {}) });
  await runDecisionHooks(hooks, tx, [{ before: current, lead: state, events, effects }], running, now);
  return { lead: state, effects: effects.length };
}
