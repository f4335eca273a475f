/** A form for unit tests, parsed by the policy schema so its conditions are compiled. */
import { formSchema, type FormPolicy } from '../policy/sections/forms.js';
import type { z } from 'zod';

export function testForm(input: z.input<typeof formSchema>): FormPolicy {
  return formSchema.parse(input);
}

export const CONTACT = testForm({
  title: 'Talk to us',
  max_fields: 3,
  fields: [
    { name: 'email', label: 'Work e-mail', required: true },
    { name: 'first_name', label: 'First name', required: true },
    { name: 'company.name', label: 'Company', required: true },
    { name: 'answers.role', label: 'Role', type: 'radio', options: ['manager', 'individual'] },
    { name: 'answers.team_size', label: 'Team size', type: 'number', min: 1, required: true, show_if: 'answers.role = manager' },
    { name: 'company.size', label: 'Company size', min: 1 },
    { name: 'title', label: 'Job title' },
  ],
  consent: { text: 'You may contact me.' },
});
