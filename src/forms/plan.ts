/**
 * Progressive profiling: which questions a form shows this visitor now. The pool is asked in
 * the order the policy lists it, skipping what Baton already knows, up to `max_fields`.
 *
 * - The e-mail is always asked while the visitor is anonymous (it is how a submission finds the
 *   lead) and counts as one of the `max_fields`.
 * - A field with `show_if` on answers Baton already has is decided now: shown (counting as a
 *   question) or left out. One whose condition reads a question shown on this form is a
 *   follow-up: it rides along with that question, is shown or hidden in the browser as the
 *   visitor answers, and does not count towards `max_fields`. A follow-up to a question that
 *   is not shown this time waits for a later visit.
 */
import { evaluateCondition } from '../domain/conditions/evaluate.js';
import type { FormField, FormPolicy } from '../policy/sections/forms.js';
import type { Known } from './known.js';

export interface PlannedField {
  field: FormField;
  /** True for a follow-up whose `show_if` the browser evaluates as the visitor answers. */
  followUp: boolean;
}

export function planFields(form: FormPolicy, known: Known): PlannedField[] {
  const unknown = form.fields.filter((f) => !known.has(f.name));
  const unknownNames = new Set(unknown.map((f) => f.name));
  const kind = new Map<FormField, 'question' | 'follow_up' | 'skip'>();
  for (const field of unknown) {
    if (!field.show_if) kind.set(field, 'question');
    else if (field.show_if.fields.some((name) => unknownNames.has(name))) kind.set(field, 'follow_up');
    else kind.set(field, evaluateCondition(field.show_if, known.subject) ? 'question' : 'skip');
  }

  const limit = form.max_fields ?? Number.POSITIVE_INFINITY;
  const chosen = new Set<FormField>();
  const email = unknown.find((f) => f.name === 'email');
  if (email) chosen.add(email);
  for (const field of unknown) {
    if (chosen.size >= limit) break;
    if (kind.get(field) === 'question') chosen.add(field);
  }
  const chosenNames = new Set([...chosen].map((f) => f.name));
  const planned: PlannedField[] = [];
  for (const field of unknown) {
    if (chosen.has(field)) planned.push({ field, followUp: false });
    else if (kind.get(field) === 'follow_up' && field.show_if!.fields.every((name) => chosenNames.has(name) || !unknownNames.has(name))) {
      planned.push({ field, followUp: true });
      chosenNames.add(field.name); // a follow-up may have follow-ups of its own
    }
  }
  return planned;
}
