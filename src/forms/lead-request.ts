/** A form's answers as the intake's LeadRequest: lead fields where they belong, questions under `answers`. */
import type { LeadRequest } from '../intake/requests.js';
import type { FieldValue } from './validate.js';

type Company = NonNullable<LeadRequest['company']>;
const TEXT_FIELDS = ['first_name', 'last_name', 'title', 'phone', 'country'] as const;

export function answersToLead(values: Readonly<Record<string, FieldValue>>, email: string): LeadRequest {
  const request: LeadRequest = { email };
  const company: Record<string, string | number> = {};
  const answers: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === 'email') continue;
    if ((TEXT_FIELDS as readonly string[]).includes(name)) request[name as (typeof TEXT_FIELDS)[number]] = String(value);
    else if (name.startsWith('company.')) company[name.slice(8)] = typeof value === 'number' ? value : String(value);
    else if (name.startsWith('answers.')) answers[name.slice(8)] = value;
  }
  if (Object.keys(company).length > 0) request.company = company as Company;
  if (Object.keys(answers).length > 0) request.answers = answers;
  return request;
}
