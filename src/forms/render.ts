/** GET /f/:id/render: the questions to show this visitor now, as the browser script draws them. */
import type { FormPolicy } from '../policy/sections/forms.js';
import { browserCondition, type BrowserCondition } from './browser-condition.js';
import type { Known } from './known.js';
import type { PlannedField } from './plan.js';

export interface BrowserField {
  name: string;
  label: string;
  type: string;
  required: boolean;
  options?: { value: string; label: string }[];
  placeholder?: string;
  help?: string;
  min?: number;
  max?: number;
  max_length?: number;
  pattern?: string;
  pattern_hint?: string;
  show_if?: BrowserCondition;
}

export function browserForm(formId: string, form: FormPolicy, planned: readonly PlannedField[], known: Known) {
  const onForm = new Set(planned.map((p) => p.field.name));
  return {
    form: {
      id: formId,
      title: form.title,
      ...(form.intro ? { intro: form.intro } : {}),
      submit_label: form.submit_label,
      consent: form.consent ?? null,
      hidden: form.hidden,
    },
    fields: planned.map(({ field, followUp }): BrowserField => {
      const { show_if: _condition, name, label, type, required, ...limits } = field;
      return {
        name,
        label,
        type,
        required,
        ...limits,
        ...(followUp && field.show_if ? { show_if: browserCondition(field.show_if.root, onForm, known) } : {}),
      };
    }),
  };
}
