/**
 * Form analytics: views, starts, submissions and conversion per form, and for each question
 * how often it was shown, answered, and where people who started gave up, so marketing can see
 * what each extra question costs. Counted from form_views (one row per rendering) and
 * form_submissions; spam and bot submissions are counted apart and never as conversions.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/database.js';

export interface FieldCounts {
  field: string;
  shown: number;
  answered: number;
  /** Views that started the form, did not submit, and were last in this field. */
  abandoned_here: number;
}

export interface FormCounts {
  views: number;
  starts: number;
  submissions: number;
  spam: number;
  bots: number;
  fields: FieldCounts[];
  by_question_count: { questions: number; views: number; submissions: number }[];
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The figures people read: rates next to every count (null when there is nothing to divide by). */
export function formAnalytics(counts: FormCounts, fieldOrder: readonly string[]) {
  const order = new Map(fieldOrder.map((name, i) => [name, i]));
  return {
    views: counts.views,
    starts: counts.starts,
    submissions: counts.submissions,
    start_rate: rate(counts.starts, counts.views),
    completion_rate: rate(counts.submissions, counts.starts),
    conversion_rate: rate(counts.submissions, counts.views),
    dropped: { spam: counts.spam, bots: counts.bots },
    fields: [...counts.fields]
      .sort((a, b) => (order.get(a.field) ?? 1e9) - (order.get(b.field) ?? 1e9) || a.field.localeCompare(b.field))
      .map((f) => ({ ...f, answer_rate: rate(f.answered, f.shown), drop_off_rate: rate(f.abandoned_here, counts.starts) })),
    by_question_count: counts.by_question_count.map((b) => ({ ...b, conversion_rate: rate(b.submissions, b.views) })),
  };
}

export async function formCounts(db: Kysely<Database>, formId: string, from: Date, to: Date): Promise<FormCounts> {
  const totals = await db
    .selectFrom('form_views')
    .select((eb) => [eb.fn.countAll<string>().as('views'), eb.fn.count<string>('started_at').as('starts'), eb.fn.count<string>('submitted_at').as('submitted')])
    .where('form_id', '=', formId)
    .where('viewed_at', '>=', from)
    .where('viewed_at', '<', to)
    .executeTakeFirstOrThrow();
  const outcomes = await db
    .selectFrom('form_submissions')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('n')])
    .where('form_id', '=', formId)
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .groupBy('outcome')
    .execute();
  const fields = await sql<{ field: string; shown: string; answered: string; abandoned: string }>`
    select f.name as field, count(*) as shown,
      count(*) filter (where v.filled @> jsonb_build_array(f.name) or v.submitted_at is not null) as answered,
      count(*) filter (where v.started_at is not null and v.submitted_at is null and v.last_field = f.name) as abandoned
    from form_views v cross join lateral jsonb_array_elements_text(v.fields) as f(name)
    where v.form_id = ${formId} and v.viewed_at >= ${from.toISOString()}::timestamptz and v.viewed_at < ${to.toISOString()}::timestamptz
    group by f.name`.execute(db);
  const byCount = await sql<{ questions: number; views: string; submissions: string }>`
    select jsonb_array_length(fields) as questions, count(*) as views, count(submitted_at) as submissions
    from form_views
    where form_id = ${formId} and viewed_at >= ${from.toISOString()}::timestamptz and viewed_at < ${to.toISOString()}::timestamptz
    group by 1 order by 1`.execute(db);
  const outcome = (name: string) => Number(outcomes.find((o) => o.outcome === name)?.n ?? 0);
  return {
    views: Number(totals.views),
    starts: Number(totals.starts),
    // Submissions in the period, whether or not their view was recorded (a form posted without rendering).
    submissions: outcome('accepted'),
    spam: outcome('spam'),
    bots: outcome('bot'),
    fields: fields.rows.map((r) => ({ field: r.field, shown: Number(r.shown), answered: Number(r.answered), abandoned_here: Number(r.abandoned) })),
    by_question_count: byCount.rows.map((r) => ({ questions: Number(r.questions), views: Number(r.views), submissions: Number(r.submissions) })),
  };
}
