/**
 * Turns the text of a condition into a `Condition`, once, when the policy is loaded.
 * Bad input is an expected outcome (someone is editing a policy file), so it comes back as
 * `{ ok: false, error }` with a message that names the column and what was expected.
 */
import type { CompileResult } from './condition.js';
import { ConditionSyntaxError } from './messages.js';
import { parse } from './parse.js';

export function compileCondition(source: string): CompileResult {
  try {
    const { root, fields } = parse(source);
    return { ok: true, condition: { source, root, fields } };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) return { ok: false, error: error.message };
    throw error; // anything else is a bug in this compiler, not a problem with the condition
  }
}
