/**
 * Decision hooks: work another capability does in the same transaction as an intake decision,
 * so it commits or rolls back with it (the hand-off starts SLA clocks when a lead qualifies or
 * is assigned). Hooks get every decision of a transaction at once, so a batch of activity costs
 * one call; they must be cheap when nothing concerns them.
 */
import type { Effect, LeadState, NewLeadEvent } from '../engine/lead-state.js';
import type { Tx } from '../store/transaction.js';
import type { RunningPolicy } from './context.js';

export interface DecisionRecord {
  /** The lead before this decision (undefined for a new lead). */
  before: LeadState | undefined;
  lead: LeadState;
  /** The events this decision appended, in order; the last has seq `lead.event_seq`. */
  events: readonly NewLeadEvent[];
  effects: readonly Effect[];
}

export type DecisionHook = (tx: Tx, decisions: readonly DecisionRecord[], running: RunningPolicy, now: Date) => Promise<void>;

export async function runDecisionHooks(
  hooks: readonly DecisionHook[] | undefined,
  tx: Tx,
  decisions: readonly DecisionRecord[],
  running: RunningPolicy,
  now: Date,
): Promise<void> {
  if (!hooks || decisions.length === 0) return;
  for (const hook of hooks) await hook(tx, decisions, running, now);
}
