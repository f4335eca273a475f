/** Which stage moves the policy allows (`stages.transitions`, defaults filled in by the schema). */
import type { Stage } from '../lead/stage.js';
import type { Policy } from '../../policy/schema.js';

export type TransitionCheck =
  | { ok: true }
  | { ok: false; message: string; allowed: readonly Stage[] };

/** True when the policy lets a lead move from `from` to `to`; staying put is not a move. */
export function canTransition(policy: Policy, from: Stage, to: Stage): boolean {
  return allowedFrom(policy, from).includes(to);
}

/**
 * The same check with a message for the person who tried the move:
 * "a lead in sal can move to sql, nurture, disqualified or lost, not won".
 */
export function assertTransition(policy: Policy, from: Stage, to: Stage): TransitionCheck {
  const allowed = allowedFrom(policy, from);
  if (allowed.includes(to)) return { ok: true };
  if (from === to) return { ok: false, message: `the lead is already in ${from}`, allowed };
  if (allowed.length === 0) return { ok: false, message: `a lead in ${from} cannot move to another stage`, allowed };
  return { ok: false, message: `a lead in ${from} can move to ${orList(allowed)}, not ${to}`, allowed };
}

export function allowedFrom(policy: Policy, from: Stage): readonly Stage[] {
  return policy.stages.transitions[from] ?? [];
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
