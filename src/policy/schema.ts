/**
 * The shape of `baton.policy.yaml`: one zod schema that both validates the file and turns it
 * into the typed `Policy` every later function accepts (conditions compiled, durations parsed).
 * `z.toJSONSchema(policySchema, { io: 'input' })` exports the same shape for editors.
 */
import { z } from 'zod';
import { STAGES, type Stage } from '../domain/lead/stage.js';
import { conditionSchema, durationSchema, id, isoDate, target, timeRange, weekdays } from './schema-fields.js';
import { formsSchema } from './sections/forms.js';
import { notificationsSchema } from './sections/notifications.js';
import { trackingSchema } from './sections/tracking.js';

export { conditionSchema, durationSchema } from './schema-fields.js';

export const calendarSchema = z
  .strictObject({
    timezone: z.string().meta({ description: 'IANA time zone, e.g. America/New_York' }),
    hours: z.record(weekdays, z.union([timeRange, z.array(timeRange), z.literal('closed')])),
    holidays: z.array(isoDate).default([]),
  })
  .meta({ description: 'Working hours and holidays in one time zone; business durations (4bh, 1bd) count in them.' });

const outOfOffice = z.strictObject({ from: isoDate, to: isoDate, note: z.string().optional() });

export const repSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email(),
  phone: z.string().optional(),
  calendar: id.optional().meta({ description: 'Calendar id; defaults to sla.calendar' }),
  manager: id.optional().meta({ description: 'Id of a manager under `managers`' }),
  team: z.string().optional(),
  out_of_office: z.array(outOfOffice).default([]),
});

export const managerSchema = z.strictObject({
  name: z.string().min(1),
  email: z.email(),
  phone: z.string().optional(),
  calendar: id.optional(),
});

const poolMember = z.union([
  id.transform((rep) => ({ rep, weight: 1 })),
  z.strictObject({
    rep: id,
    // Zero is refused rather than meaning "paused": routing divides turns by weight. To pause a rep, give them an out_of_office period.
    weight: z
      .number({ error: 'a positive number' })
      .positive('a positive number')
      .default(1)
      .meta({ description: 'Share of turns relative to the other members (Default: 1)' }),
  }),
]);

export const poolSchema = z.strictObject({
  strategy: z.enum(['weighted_round_robin', 'lowest_load']).default('weighted_round_robin'),
  members: z.array(poolMember).min(1, 'at least one member'),
  caps: z
    .strictObject({
      open: z.number().int().positive().optional().meta({ description: 'Most open leads a rep may hold (Default: no cap)' }),
      per_day: z.number().int().positive().optional().meta({ description: 'Most new leads a rep gets per day in their calendar (Default: no cap)' }),
    })
    .default({}),
  working_hours_only: z
    .boolean()
    .default(true)
    .meta({ description: 'Skip reps outside their working hours (Default: true)' }),
});

const routingStep = z.union([
  z.literal('account_owner').transform(() => ({ kind: 'account_owner' as const, customersOnly: false })),
  z.strictObject({
    account_owner: z.literal(true),
    customers_only: z.boolean().default(false),
    when: conditionSchema.optional(),
  }).transform((s) => ({ kind: 'account_owner' as const, customersOnly: s.customers_only, when: s.when })),
  z.strictObject({ name: z.string().optional(), when: conditionSchema.optional(), pool: id })
    .transform((s) => ({ kind: 'pool' as const, name: s.name, when: s.when, pool: s.pool })),
  z.strictObject({ name: z.string().optional(), when: conditionSchema.optional(), rep: id })
    .transform((s) => ({ kind: 'rep' as const, name: s.name, when: s.when, rep: s.rep })),
]);

const fitCriterion = z.union([
  conditionSchema.transform((when) => ({ when, label: when.source })),
  z.strictObject({ when: conditionSchema, label: z.string() }),
]);

const fitRule = z.strictObject({
  when: conditionSchema,
  points: z.number().int(),
  reason: z.string().min(1),
  group: id.optional(),
});

const engagementRule = z.strictObject({
  event: z.string().min(1).meta({ description: 'Activity type, e.g. page_viewed, webinar_attended' }),
  url: z.string().optional().meta({ description: 'Glob on the page path or URL, e.g. "/pricing*"' }),
  when: conditionSchema.optional().meta({ description: 'Condition on the event, e.g. "event.form_id = demo"' }),
  points: z.number().int(),
  cap: z.number().int().positive().optional().meta({ description: 'Most points this rule contributes at any time (Default: no cap)' }),
  reason: z.string().optional(),
  group: id.optional(),
});

const stageId = z.enum(STAGES);

/** The moves a stage keeps when `stages.transitions` does not list it. */
export const DEFAULT_TRANSITIONS: Readonly<Record<Stage, readonly Stage[]>> = {
  known: ['mql', 'nurture', 'disqualified'],
  nurture: ['mql', 'disqualified'],
  mql: ['sal', 'nurture', 'disqualified'],
  sal: ['sql', 'nurture', 'disqualified', 'lost'],
  sql: ['opportunity', 'nurture', 'lost'],
  opportunity: ['won', 'lost'],
  won: [],
  lost: ['nurture'],
  disqualified: [],
};

const reasonCode = z.union([
  id.transform((code) => ({ code, label: code.replaceAll('_', ' '), to: undefined })),
  z.strictObject({
    code: id,
    label: z.string().optional(),
    to: z.enum(['nurture', 'disqualified']).optional().meta({ description: 'Where a lead rejected for this reason goes (Default: reject_to)' }),
  }).transform((r) => ({ code: r.code, label: r.label ?? r.code.replaceAll('_', ' '), to: r.to })),
]);

const escalationAction = z.enum(['remind_rep', 'notify_rep', 'notify_manager', 'notify_admins', 'reassign', 'to_fallback']);
export const SLA_CLOCKS = ['first_touch', 'accept_or_reject', 'route'] as const;
const slaClock = z.enum(SLA_CLOCKS);
/** The clock an `at` names: "75% of first_touch" → first_touch; undefined for an unknown name. */
export function clockOfAt(at: string): (typeof SLA_CLOCKS)[number] | undefined {
  const name = /^(?:[\d.]+% of )?([a-z_]+)/.exec(at)?.[1];
  return SLA_CLOCKS.find((clock) => clock === name);
}
const escalationStep = z.strictObject({
  clock: slaClock.optional().meta({ description: 'The clock this step watches (Default: the clock `at` names)' }),
  at: z
    .string()
    .regex(
      /^(\d+(\.\d+)?% of [a-z_]+|[a-z_]+( \+ \d+(\.\d+)?(s|m|h|d|w|bh|bd))?)$/,
      'a point on a clock: "75% of first_touch", "first_touch" or "first_touch + 1bh"',
    ),
  do: z.union([escalationAction, z.array(escalationAction).min(1)]).transform((d) => (Array.isArray(d) ? d : [d])),
}).transform((s) => ({ clock: s.clock ?? clockOfAt(s.at) ?? 'first_touch', at: s.at, do: s.do }));

export const policySchema = z
  .strictObject({
    version: z.literal(1).meta({ description: 'Policy file format version (1)' }),
    name: z.string().default('Baton workspace').meta({ description: 'Workspace name shown in documents (Default: Baton workspace)' }),
    calendars: z.record(id, calendarSchema).meta({ description: 'Working calendars by id; reps, managers and sla.calendar name one' }),
    stages: z
      .strictObject({
        definitions: z.partialRecord(stageId, z.string()).default({}).meta({ description: 'What each stage means, in words both teams agree on' }),
        transitions: z
          .partialRecord(stageId, z.array(stageId))
          .default({})
          .meta({ description: 'Stages a lead may move to from each stage; stages not listed keep the built-in moves' }),
        max_time: z
          .partialRecord(stageId, durationSchema)
          .default({})
          .meta({ description: 'Longest a lead should stay in a stage (e.g. sal: 5bd); longer shows as stalled in the analyses and the audit' }),
      })
      .default({ definitions: {}, transitions: {}, max_time: {} })
      .meta({ description: 'The qualification ladder: known → mql → sal → sql → opportunity → won/lost, with nurture and disqualified' })
      .transform((s) => ({ definitions: s.definitions, transitions: { ...DEFAULT_TRANSITIONS, ...s.transitions }, max_time: s.max_time })),
    domains: z
      .strictObject({
        competitors: z.array(z.string()).default([]),
        student_suffixes: z.array(z.string()).default(['edu', 'ac.uk', 'edu.au', 'ac.jp', 'ac.in', 'ac.nz', 'ac.za']),
        free_extra: z.array(z.string()).default([]).meta({ description: 'Domains to treat as free e-mail besides the maintained list' }),
        professional_extra: z.array(z.string()).default([]).meta({ description: 'Domains never to treat as free e-mail' }),
      })
      .prefault({})
      .meta({ description: 'Company domains with a meaning for scoring: competitors, student and free e-mail' }),
    fit: z.array(fitCriterion).default([]).meta({ description: 'All must hold for an MQL (unless high intent)' }),
    mql: z.strictObject({
      engagement_at_least: z.number().min(0).meta({ description: 'Engagement points that make a fitting lead an MQL' }),
      total_at_least: z.number().optional().meta({ description: 'Fit plus engagement points also required (Default: none)' }),
      high_intent: z.array(z.string().min(1)).default([]).meta({ description: 'Activity types that qualify at once with high priority' }),
    }).meta({ description: 'When a lead becomes a marketing-qualified lead' }),
    scoring: z.strictObject({
      groups: z
        .record(id, z.strictObject({ cap: z.number().int().positive() }))
        .default({})
        .meta({ description: 'Named groups of rules whose points together are capped' }),
      fit: z
        .strictObject({ cap: z.number().int().positive().optional(), rules: z.array(fitRule).default([]) })
        .default({ rules: [] }),
      engagement: z
        .strictObject({
          half_life: durationSchema.optional().meta({ description: 'Engagement points halve over this wall-clock time (Default: no decay)' }),
          cap: z.number().int().positive().optional(),
          rules: z.array(engagementRule).default([]),
        })
        .default({ rules: [] }),
    }).meta({ description: 'Points for who the lead is (fit) and what they do (engagement), each explained by its reason' }),
    reps: z.record(id, repSchema).meta({ description: 'Sales reps by id' }),
    managers: z.record(id, managerSchema).default({}).meta({ description: 'Managers by id; reps name theirs, escalations notify them' }),
    pools: z.record(id, poolSchema).meta({ description: 'Groups of reps that share leads in turn' }),
    routing: z.strictObject({
      order: z
        .array(routingStep)
        .min(1, 'at least one routing step')
        .meta({ description: 'Tried top to bottom; the first step that applies and has an available rep assigns the lead' }),
      fallback: id.meta({ description: 'Queue for leads nobody can take' }),
    }).meta({ description: 'Who gets a qualified lead' }),
    sla: z.strictObject({
      calendar: id.meta({ description: 'Calendar for reps and clocks that name none' }),
      // prefault, not default: the default goes through the parser, and JSON Schema shows "5m" rather than a parsed object.
      route: durationSchema.prefault('5m').meta({ description: 'Time to assign a new lead (Default: 5m)' }),
      first_touch: z
        .strictObject({ high_intent: durationSchema, standard: durationSchema })
        .meta({ description: 'Time from assignment to the first contact attempt' }),
      accept_or_reject: durationSchema.meta({ description: 'Time for the rep to accept or reject an assigned lead' }),
      attempts_before_recycle: z
        .number()
        .int()
        .min(0)
        .default(3)
        .meta({ description: 'Contact attempts without reply before the lead returns to nurture (Default: 3)' }),
    }).meta({ description: 'The service levels sales commits to; business durations count in sla.calendar or the rep\'s own' }),
    escalation: z
      .array(escalationStep)
      .default([])
      .meta({ description: 'What happens as an SLA clock runs down and lapses' }),
    reasons: z.strictObject({
      reject: z.array(reasonCode).min(1),
      reject_to: z.enum(['nurture', 'disqualified']).default('nurture'),
      reject_score: z.enum(['keep', 'reset']).default('keep'),
      disposition: z.array(reasonCode).default([]),
    }).meta({ description: 'Reason codes a rep picks when rejecting or closing a lead' }),
    targets: z
      .strictObject({
        acceptance_rate: target.optional(),
        response_time: durationSchema.optional(),
        sla_compliance: target.optional(),
        mql_to_opportunity: target.optional(),
      })
      .default({})
      .meta({ description: 'What both teams aim for; the dashboard compares each metric with it' }),
    notifications: notificationsSchema,
    tracking: trackingSchema,
    forms: formsSchema,
  });

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type Calendar = z.output<typeof calendarSchema>;
export type Rep = z.output<typeof repSchema>;
export type Pool = z.output<typeof poolSchema>;
export type RoutingStep = Policy['routing']['order'][number];
export type FitRule = Policy['scoring']['fit']['rules'][number];
export type EngagementRule = Policy['scoring']['engagement']['rules'][number];
