/**
 * The imperative shell around decide(): inside the caller's transaction, decide, lock the routing
 * state if the decision asks for it and decide again, then write the lead row, its events, the
 * routing change and the outbox, and run the other capabilities' hooks. The lead must already be
 * locked and its account looked up (the caller reads both with the transaction's first round trip).
 */
import { decide } from '../engine/decide.js';
import type { DecideContext, LeadInput } from '../engine/inputs.js';
import type { LeadState } from '../engine/lead-state.js';
import type { AccountMatch } from '../domain/lead/subject.js';
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
  at: { now: Date; newLeadId: string; account: AccountMatch | undefined },
  hooks?: readonly DecisionHook[],
): Promise<{ lead: LeadState; effects: number }> {
  const { now, newLeadId, account } = at;
  const ctx: DecideContext = { policy: running.policy, policyVersion: running.version, now, newLeadId, ...(account ? { account } : {}) };

  let decision = decide(current, input, ctx);
  if (decision.kind === 'needs_routing') {
    const routing = await lockRoutingState(tx, running.policy, decision.pools, decision.reps);
    decision = decide(current, input, { ...ctx, routing });
    if (decision.kind === 'needs_routing') throw new Error('decide asked for routing state twice');
  }
  const { state, events, effects, routing } = decision;
  // Queued: it goes out with the hooks' first statement, or with the commit.
  await writeDecision(tx, { before: current, lead: state, events, effects, now, ...(routing ? { routing } : {}) });
  await runDecisionHooks(hooks, tx, [{ before: current, lead: state, events, effects }], running, now);
  return { lead: state, effects: effects.length };
}
