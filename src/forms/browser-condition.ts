/**
 * A follow-up's `show_if` as the browser evaluates it: every part that reads an answer Baton
 * already has is decided here and sent as a constant, so the page never receives what Baton
 * knows about the visitor; only the parts that read questions on the form are left.
 * The browser's evaluator (client/forms.js, `holds`) follows the same rules as
 * src/domain/conditions for the values a form produces (text, numbers, booleans).
 */
import type { ConditionNode, Scalar } from '../domain/conditions/condition.js';
import { evaluateNode } from '../domain/conditions/evaluate.js';
import type { Known } from './known.js';

export type BrowserCondition =
  | { op: 'and' | 'or'; args: BrowserCondition[] }
  | { op: 'not'; arg: BrowserCondition }
  | { op: 'const'; value: boolean }
  | { op: 'truthy' | 'exists' | 'missing'; field: string }
  | { op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; field: string; value: Scalar }
  | { op: 'in' | 'not_in'; field: string; values: Scalar[] }
  | { op: 'between'; field: string; low: number; high: number }
  | { op: 'matches' | 'glob'; field: string; source: string; flags: string }
  | { op: 'contains' | 'starts_with' | 'ends_with'; field: string; value: string };

/** `onForm` holds the names of the questions on the form; every other field is read from what is known. */
export function browserCondition(node: ConditionNode, onForm: ReadonlySet<string>, known: Known): BrowserCondition {
  switch (node.op) {
    case 'and':
    case 'or':
      return { op: node.op, args: node.args.map((arg) => browserCondition(arg, onForm, known)) };
    case 'not':
      return { op: 'not', arg: browserCondition(node.arg, onForm, known) };
    case 'const':
      return { op: 'const', value: node.value };
    default: {
      if (!onForm.has(node.field)) return { op: 'const', value: evaluateNode(node, known.subject) };
      switch (node.op) {
        case 'matches':
        case 'glob':
          return { op: node.op, field: node.field, source: node.pattern.source, flags: node.pattern.flags.replace(/[gy]/g, '') };
        case 'in':
        case 'not_in':
          return { op: node.op, field: node.field, values: [...node.values] };
        default:
          return { ...node };
      }
    }
  }
}
