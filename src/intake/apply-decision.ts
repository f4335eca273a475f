/**
 * The imperative shell around decide(): inside the caller's transaction, decide, and if the
 * decision asks for routing state, decide again from this process's copy of it (routing-cache.ts);
 * then queue the lead row, its events, the routing change and the outbox. The caller queues the
 * routing check ahead of the writes (the commit's round trip locks the rows and checks their
 * versions; submit-lead.ts does it once for a group of leads) and runs the other capabilities'
 * hooks. The lead must already be locked and its account looked up (the caller reads both with
 * the transaction's first round trip).
 */
import { decide, type Decision } from '../engine/decide.js';
import type { DecideContext, LeadInput } from '../engine/inputs.js';
import type { LeadState } from '../engine/lead-state.js';
import type { AccountMatch } from '../domain/lead/subject.js';
import { writeDecision } from '../store/decision-writer.js';
import type { DecisionRecord } from './hooks.js';
import type { RoutingCache, RoutingCheck, RoutingVersions, RowSource, WrittenVersions } from '../store/routing-cache.js';
import { readRoutingRows } from '../store/routing-store.js';
import type { Tx } from '../store/transaction.js';
import type { RunningPolicy } from './context.js';

/** Where a decision is made: the moment, the new lead's id, its account, and the routing copy's bookkeeping. */
export interface DecisionSite {
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
}

/** A decision made, not yet written: with the routing check it stands on, if it read routing rows. */
export interface Decided {
  before: LeadState | undefined;
  decision: Exclude<Decision, { kind: 'needs_routing' }>;
  check?: RoutingCheck;
  /** The versions its routing change writes. */
  versions: WrittenVersions;
  /** The routing rows it writes, as (name, version). */
  writes: RoutingVersions;
}

/** Decides; if the decision asks for routing state, decides again from the routing copy. Writes nothing. */
export async function decideInput(tx: Tx, running: RunningPolicy, current: LeadState | undefined, input: LeadInput, at: DecisionSite): Promise<Decided> {
  const { now, newLeadId, account } = at;
  const ctx: DecideContext = { policy: running.policy, policyVersion: running.version, now, newLeadId, ...(account ? { account } : {}) };
  const first = decide(current, input, ctx);
  if (first.kind !== 'needs_routing') return { before: current, decision: first, versions: {}, writes: { pools: [], reps: [] } };
  const { pools, reps } = first;
  const rows: RowSource = (p, r, lock) => readRoutingRows(tx, p, r, lock);
  const routed = await at.routing.decide(rows, running.policy, pools, reps, at.lockRouting ?? false, (snapshot) => {
    const routedDecision = decide(current, input, { ...ctx, routing: snapshot });
    if (routedDecision.kind === 'needs_routing') throw new Error('decide asked for routing state twice');
    return { decision: routedDecision, change: routedDecision.routing };
  });
  const { decision, check, written: versions } = routed;
  at.generation = routed.generation;
  const writes: RoutingVersions = { pools: [], reps: [] };
  if (decision.routing?.poolState && versions.pool !== undefined) writes.pools.push([decision.routing.poolState.pool, versions.pool]);
  if (decision.routing?.repLoad && versions.rep !== undefined) writes.reps.push([decision.routing.repLoad.rep, versions.rep]);
  at.touched.pools.push(...check.pools, ...writes.pools);
  at.touched.reps.push(...check.reps, ...writes.reps);
  at.written.pools.push(...writes.pools);
  at.written.reps.push(...writes.reps);
  return { before: current, decision, check, versions, writes };
}

/** Queues the decision's writes: the lead row, its events, the outbox, the routing change. */
export async function writeDecided(tx: Tx, decided: Decided, now: Date): Promise<DecisionRecord> {
  const { before, decision, versions } = decided;
  const { state, events, effects, routing } = decision;
  await writeDecision(tx, { before, lead: state, events, effects, now, ...(routing ? { routing: { ...routing, versions } } : {}) });
  return { before, lead: state, events, effects };
}
