/**
 * A form submission's values, checked against the form: each value by its field's type and
 * limits, required questions that were shown, follow-ups whose condition no longer holds
 * dropped, and the consent box. Returns clean values by field name, or every problem at once.
 */
import { evaluateCondition } from '../domain/conditions/evaluate.js';
import type { FieldIssue } from '../errors/baton-error.js';
import type { FormField, FormPolicy } from '../policy/sections/forms.js';
import { nest, present, type Known } from './known.js';
import type { PlannedField } from './plan.js';

export type FieldValue = string | number | boolean;

export type ValidationResult =
  | { ok: true; values: Record<string, FieldValue> }
  | { ok: false; errors: FieldIssue[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSubmission(
  form: FormPolicy,
  planned: readonly PlannedField[],
  known: Known,
  submitted: Readonly<Record<string, unknown>>,
  consented: boolean,
): ValidationResult {
  const errors: FieldIssue[] = [];
  const values: Record<string, FieldValue> = {};
  const byName = new Map(form.fields.map((f) => [f.name, f]));
  for (const [name, raw] of Object.entries(submitted)) {
    const field = byName.get(name);
    if (!field) {
      errors.push({ path: name, message: 'not a question on this form' });
      continue;
    }
    const checked = checkValue(field, raw);
    if ('error' in checked) errors.push({ path: name, message: checked.error });
    else if (checked.value !== undefined) values[name] = checked.value;
  }
  // Questions shown this time must be answered if required; follow-ups only while they apply.
  const subject = nest(values, known.subject);
  for (const { field } of planned) {
    if (field.show_if && !evaluateCondition(field.show_if, subject)) {
      delete values[field.name];
      continue;
    }
    if (field.required && !(field.name in values) && !errors.some((e) => e.path === field.name)) {
      errors.push({ path: field.name, message: `${field.label}: please answer this question` });
    }
  }
  if (form.consent?.required && !consented) errors.push({ path: 'consent', message: 'please tick the box to agree before sending' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** One value by its field's rules; an empty answer is no answer. */
export function checkValue(field: FormField, raw: unknown): { value: FieldValue | undefined } | { error: string } {
  if (!present(raw)) return { value: undefined };
  if (field.type === 'checkbox') {
    if (typeof raw === 'boolean') return { value: raw };
    if (raw === 'true' || raw === 'on' || raw === 'yes') return { value: true };
    if (raw === 'false' || raw === 'no') return { value: false };
    return { error: 'expected yes or no' };
  }
  if (field.type === 'number') {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
    if (!Number.isFinite(n)) return { error: 'please enter a number' };
    if (field.min !== undefined && n < field.min) return { error: `please enter ${field.min} or more` };
    if (field.max !== undefined && n > field.max) return { error: `please enter ${field.max} or less` };
    return { value: n };
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return { error: 'expected text' };
  const text = String(raw).trim();
  const max = field.max_length ?? (field.type === 'email' ? 320 : 2_000);
  if (text.length > max) return { error: `please keep it under ${max} characters` };
  if (field.options && !field.options.some((o) => o.value === text)) {
    return { error: `please choose one of: ${field.options.map((o) => o.label).join(', ')}` };
  }
  if (field.type === 'email' && !EMAIL.test(text)) return { error: 'please enter an e-mail address such as name@company.com' };
  if (field.pattern && !new RegExp(field.pattern, 'u').test(text)) return { error: field.pattern_hint ?? 'please check the format' };
  return { value: text };
}
