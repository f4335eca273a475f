/**
 * What a condition means for a subject (a lead, or an activity for engagement rules):
 *
 * - Fields: a dotted path walks nested objects (`company.size`, `event.properties.plan`).
 *   A path that leads nowhere, or to null/undefined, is *missing*. On a missing field every
 *   comparison is false, except `!=`, `not in` and the `not …` forms (true, being negations)
 *   and `is missing` (true). `= null` is written-out `is missing`; `in [a, null]` also holds
 *   for a missing field.
 * - Text: `=`, `!=`, `in`, `not in`, `contains`, `starts with`, `ends with` ignore case and
 *   leading/trailing spaces of the field ("  ACME " = acme). The text after contains/starts/ends
 *   is not trimmed, so `ends with " gmbh"` keeps its space.
 * - Numbers: a number and a numeric string compare as numbers, so `company.size >= 20` holds
 *   for "25" and `zip = 02134` holds for "2134". `<`, `<=`, `>`, `>=` and `between` (both ends
 *   included) hold only for numbers and numeric strings; any other value makes them false.
 * - Booleans: `true`/`false` match booleans and the words "true", "yes", "false", "no".
 * - `matches` tests the regex against the value as text (numbers and booleans included);
 *   `like` does the same with a glob, ignoring case and covering the whole text.
 * - A bare field is truthy when it is true, a non-zero number, a non-empty string other than
 *   "false", "no" or "0", a non-empty list, or an object.
 * - A list value (a multi-select answer) satisfies a comparison when any of its items does;
 *   `!=` and `not in` therefore hold only when none of the items is equal.
 *
 * Speed: each node becomes a closure once (cached per node) with its constants prepared, so
 * evaluation never parses or compiles anything and allocates at most the trimmed, lower-cased
 * copy of a subject string. Measured on Node 20.20 with one lead subject, 20M calls after 1M
 * warm-up, on a shared development machine: 25-50 ns for =, in, >=, matches; about 80 ns for
 * contains (it lower-cases the value); under 10 ns for a bare field. evaluateCondition adds a
 * WeakMap lookup (a few ns); conditionPredicate skips it.
 */
import type { Condition, ConditionNode, ConditionSubject } from './condition.js';
import { predicateFor, type Predicate } from './predicate.js';

const predicates = new WeakMap<ConditionNode, Predicate>();

/** The reusable test for a condition; hot loops can hold on to it and skip the cache lookup. */
export function conditionPredicate(condition: Condition): Predicate {
  return nodePredicate(condition.root);
}

export function evaluateCondition(condition: Condition, subject: ConditionSubject): boolean {
  return nodePredicate(condition.root)(subject);
}

export function evaluateNode(node: ConditionNode, subject: ConditionSubject): boolean {
  return nodePredicate(node)(subject);
}

function nodePredicate(node: ConditionNode): Predicate {
  let predicate = predicates.get(node);
  if (!predicate) {
    predicate = predicateFor(node);
    predicates.set(node, predicate);
  }
  return predicate;
}
