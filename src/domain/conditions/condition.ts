/**
 * The condition language used throughout a policy (`fit`, `scoring`, `routing`):
 *   company.size between 200 and 5000
 *   title matches /(vp|head|director)/i
 *   company.country in [US, CA] and not free_email
 * A condition is compiled once, when the policy is parsed, and evaluated many times.
 */

/** A value a field can hold in a condition subject. */
export type Scalar = string | number | boolean | null;

/** The syntax tree of a compiled condition. */
export type ConditionNode =
  | { readonly op: 'and' | 'or'; readonly args: readonly ConditionNode[] }
  | { readonly op: 'not'; readonly arg: ConditionNode }
  | { readonly op: 'truthy'; readonly field: string }
  | { readonly op: 'exists' | 'missing'; readonly field: string }
  | { readonly op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; readonly field: string; readonly value: Scalar }
  | { readonly op: 'in' | 'not_in'; readonly field: string; readonly values: readonly Scalar[] }
  | { readonly op: 'between'; readonly field: string; readonly low: number; readonly high: number }
  | { readonly op: 'matches'; readonly field: string; readonly pattern: RegExp }
  | { readonly op: 'glob'; readonly field: string; readonly pattern: RegExp; readonly glob: string }
  | { readonly op: 'contains' | 'starts_with' | 'ends_with'; readonly field: string; readonly value: string }
  | { readonly op: 'const'; readonly value: boolean };

export interface Condition {
  /** The text as written in the policy, for documents and explanations. */
  readonly source: string;
  readonly root: ConditionNode;
  /** Every dotted field path the condition reads, e.g. ["company.size", "title"]. */
  readonly fields: readonly string[];
}

/** A plain object whose (nested) properties the dotted paths of a condition address. */
export type ConditionSubject = { readonly [key: string]: unknown };

export type CompileResult =
  | { readonly ok: true; readonly condition: Condition }
  | { readonly ok: false; readonly error: string };
