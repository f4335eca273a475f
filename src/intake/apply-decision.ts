/**
 * The imperative shell around decide(): inside the caller's transaction, decide, and if the
 * decision asks for routing state, decide again from this process's copy of it (routing-cache.ts);
 * then write the lead row, its events, the routing change and the outbox, and run the other
 * capabilities' hooks. The routing rows are locked and their versions checked in the commit's
 * round trip, ahead of the writes. The lead must already be locked and its account looked up (the
 * caller reads both with the transaction's first round trip).
 */
import { decide } from '../engine/decide.js';
import type { DecideContext, LeadInput } from '../engine/inputs.js';
import type { LeadState } from '../engine/lead-state.js';
import type { AccountMatch } from '../domain/lead/subject.js';
import { writeDecision } from '../store/decision-writer.js';
import { runDecisionHooks, type DecisionHook } from './hooks.js';
import type { RoutingCache, RoutingCheck, RoutingVersions, RowSource, WrittenVersions } from '../store/routing-cache.js';
import { deferRoutingCheck, readRoutingRows } from '../store/routing-store.js';
import type { Tx } from '../store/transaction.js';
import type { RunningPolicy } from './context.js';

export async function applyInput(
  tx: Tx,
  running: RunningPolicy,
  current: LeadState | undefined,
  input: LeadInput,
  at: {
    now: Date;
    newLeadId: string;
    account: AccountMatch | undefined;
    routing: RoutingCache;
    /** Read the routing rows with a lock (a retry after the copy was behind). */
    lockRouting?: boolean;
    /** The routing rows this decision read and wrote, to forget them if the transaction fails. */
    touched: RoutingVersions;
    /** The routing rows this decision wrote, to tell the copy once the transaction commits. */
    written: RoutingVersions;
    /** Set to the copy's generation the decision read at, for noteConflict. */
    generation?: number;
  },
  hooks?: readonly DecisionHook[],
): Promise<{ lead: LeadState; effects: number }> {
  const { now, newLeadId, account } = at;
  const ctx: DecideContext = { policy: running.policy, policyVersion: running.version, now, newLeadId, ...(account ? { account } : {}) };

  let decision = decide(current, input, ctx);
  let versions: WrittenVersions = {};
  let check: RoutingCheck | undefined;
  if (decision.kind === 'needs_routing') {
    const { pools, reps } = decision;
    const rows: RowSource = (p, r, lock) => readRoutingRows(tx, p, r, lock);
    const routed = await at.routing.decide(rows, running.policy, pools, reps, at.lockRouting ?? false, (snapshot) => {
      const routedDecision = decide(current, input, { ...ctx, routing: snapshot });
      if (routedDecision.kind === 'needs_routing') throw new Error('decide asked for routing state twice');
      return { decision: routedDecision, change: routedDecision.routing };
    });
    decision = routed.decision;
    ({ check, generation: at.generation, written: versions } = routed);
    at.touched.pools.push(...check.pools);
    at.touched.reps.push(...check.reps);
    if (decision.routing?.poolState && versions.pool !== undefined) at.written.pools.push([decision.routing.poolState.pool, versions.pool]);
    if (decision.routing?.repLoad && versions.rep !== undefined) at.written.reps.push([decision.routing.repLoad.rep, versions.rep]);
    at.touched.pools.push(...at.written.pools);
    at.touched.reps.push(...at.written.reps);
  }
  const { state, events, effects, routing } = decision;
  // Queued: they go out with the commit (or a hook's first awaited statement); the check first,
  // so the routing rows are locked (in order) before anything is written.
  if (check && (check.pools.length > 0 || check.reps.length > 0)) await deferRoutingCheck(tx, check, at.written);
  await writeDecision(tx, { before: current, lead: state, events, effects, now, ...(routing ? { routing: { ...routing, versions } } : {}) });
  await runDecisionHooks(hooks, tx, [{ before: current, lead: state, events, effects }], running, now);
  return { lead: state, effects: effects.length };
}
