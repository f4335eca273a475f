/** The `forms` section: lead-capture forms with conditional fields and progressive profiling. */
import { z } from 'zod';
import { conditionSchema, id } from '../schema-fields.js';

/** Lead fields a form may ask for, by the names conditions and the API use. */
export const PROFILE_FIELDS = ['email', 'first_name', 'last_name', 'title', 'phone', 'country'] as const;
export const COMPANY_FIELDS = ['name', 'domain', 'website', 'size', 'industry', 'country', 'region', 'state', 'annual_revenue'] as const;
export const FIELD_TYPES = ['text', 'email', 'tel', 'number', 'url', 'textarea', 'select', 'radio', 'checkbox'] as const;
export const HIDDEN_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'landing_page'] as const;

const FIELD_NAME_HINT =
  `a lead field (${PROFILE_FIELDS.join(', ')}, company.${COMPANY_FIELDS.join('|')}) or a question as answers.<id>, e.g. answers.budget`;
const fieldName = z
  .string({ error: FIELD_NAME_HINT })
  .refine(
    (name) =>
      (PROFILE_FIELDS as readonly string[]).includes(name) ||
      (name.startsWith('company.') && (COMPANY_FIELDS as readonly string[]).includes(name.slice(8))) ||
      /^answers\.[a-z][a-z0-9_]{0,63}$/.test(name),
    { error: (issue) => `expected ${FIELD_NAME_HINT}, got ${JSON.stringify(issue.input)}` },
  );

const optionValue = z.union([z.string().min(1), z.number()]).transform(String);
const option = z.union([
  optionValue.transform((value) => ({ value, label: value.replaceAll('_', ' ') })),
  z.strictObject({ value: optionValue, label: z.string().min(1) }),
]);

const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { error: 'a regular expression (JavaScript syntax, without slashes)' },
);

export const formFieldSchema = z
  .strictObject({
    name: fieldName.meta({ description: 'Where the answer goes: a lead field or answers.<id>' }),
    label: z.string().min(1).meta({ description: 'The question as the visitor reads it' }),
    type: z.enum(FIELD_TYPES).optional().meta({ description: 'Input kind (Default: from the name: email, tel for phone, number for company.size, select when options are given, else text)' }),
    required: z.boolean().default(false).meta({ description: 'The visitor must answer it when it is shown (Default: false)' }),
    options: z.array(option).min(1).optional().meta({ description: 'Choices for select and radio fields: values, or {value, label}' }),
    placeholder: z.string().optional(),
    help: z.string().optional().meta({ description: 'A hint under the field' }),
    min: z.number().optional().meta({ description: 'Smallest number accepted (number fields)' }),
    max: z.number().optional().meta({ description: 'Largest number accepted (number fields)' }),
    max_length: z.number().int().positive().max(2000).optional().meta({ description: 'Longest text accepted (Default: 2000; 320 for e-mail)' }),
    pattern: pattern.optional().meta({ description: 'Regular expression the text must match, e.g. "^[0-9]{5}$"' }),
    pattern_hint: z.string().optional().meta({ description: 'What the pattern asks for, shown when it does not match' }),
    show_if: conditionSchema.optional().meta({ description: 'Show the field only when this holds for the answers so far, e.g. "answers.role = manager"' }),
  })
  .transform((field) => ({ ...field, type: field.type ?? inferType(field.name, field.options !== undefined) }));

function inferType(name: string, hasOptions: boolean): (typeof FIELD_TYPES)[number] {
  if (hasOptions) return 'select';
  if (name === 'email') return 'email';
  if (name === 'phone') return 'tel';
  if (name === 'company.size' || name === 'company.annual_revenue') return 'number';
  if (name === 'company.website') return 'url';
  return 'text';
}

export const formSchema = z
  .strictObject({
    title: z.string().min(1).meta({ description: 'Heading shown above the form' }),
    intro: z.string().optional().meta({ description: 'A sentence under the heading' }),
    site: id.optional().meta({ description: 'The tracking site whose origins may embed the form (Default: any site in tracking.sites)' }),
    activity: z
      .string()
      .regex(/^[a-z][a-z0-9_.:-]{0,63}$/i, 'an activity type such as form_submitted or demo_requested')
      .default('form_submitted')
      .meta({ description: 'Activity a submission records; one listed in mql.high_intent (e.g. demo_requested) hands the lead off at once (Default: form_submitted)' }),
    max_fields: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Progressive profiling: ask at most this many questions the visitor has not answered yet, in the order listed (Default: all)' }),
    fields: z.array(formFieldSchema).min(1).meta({ description: 'The question pool in priority order; known answers are skipped' }),
    hidden: z
      .array(z.enum(HIDDEN_FIELDS))
      .default([...HIDDEN_FIELDS])
      .meta({ description: 'Source fields filled from the page (UTM parameters, referrer, landing page) (Default: all)' }),
    consent: z
      .strictObject({
        text: z.string().min(1).meta({ description: 'The consent text; recorded word for word with each submission' }),
        required: z.boolean().default(true).meta({ description: 'The box must be ticked to submit (Default: true)' }),
      })
      .optional(),
    submit_label: z.string().default('Send').meta({ description: 'Text of the submit button (Default: Send)' }),
    success_message: z.string().default('Thank you! We will be in touch.').meta({ description: 'Shown after a submission (Default: "Thank you! We will be in touch.")' }),
  })
  .superRefine((form, ctx) => {
    const names = new Map<string, number>();
    form.fields.forEach((field, index) => {
      const first = names.get(field.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: `"${field.name}" is asked twice (also fields[${first}]); ask each question once` });
      else names.set(field.name, index);
      if ((field.type === 'select' || field.type === 'radio') && !field.options) {
        ctx.addIssue({ code: 'custom', path: ['fields', index, 'options'], message: `a ${field.type} field needs options` });
      }
    });
    if (!names.has('email')) {
      ctx.addIssue({ code: 'custom', path: ['fields'], message: 'a form needs an email field: it is how a submission finds or creates the lead' });
    }
  });

export const formsSchema = z
  .record(id, formSchema)
  .default({})
  .meta({ description: 'Lead-capture forms by id, served at /f/<id> and embeddable with a script tag' });

export type FormsPolicy = z.output<typeof formsSchema>;
export type FormPolicy = z.output<typeof formSchema>;
export type FormField = FormPolicy['fields'][number];
