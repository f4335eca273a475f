/** Write side of forms: views (how far each visitor got) and submissions. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { json } from '../store/database.js';
import type { FieldValue } from './validate.js';

export async function recordView(db: Kysely<Database>, view: { id: string; form_id: string; visitor_id: string | null; fields: string[]; at: Date }): Promise<void> {
  await db
    .insertInto('form_views')
    .values({ id: view.id, form_id: view.form_id, visitor_id: view.visitor_id, fields: json(view.fields), viewed_at: view.at })
    .execute();
}

/** The browser sends its whole progress each time, so a lost report costs nothing. */
export async function saveProgress(
  db: Kysely<Database>,
  progress: { view_id: string; form_id: string; touched: string[]; filled: string[]; last: string | null },
  at: Date,
): Promise<void> {
  await db
    .updateTable('form_views')
    .set((eb) => ({
      started_at: eb.fn.coalesce('started_at', eb.val(at)),
      touched: json(progress.touched),
      filled: json(progress.filled),
      last_field: progress.last,
    }))
    .where('id', '=', progress.view_id)
    .where('form_id', '=', progress.form_id)
    .where('submitted_at', 'is', null)
    .execute();
}

export interface SubmissionRecord {
  id: string;
  form_id: string;
  view_id: string | null;
  visitor_id: string | null;
  lead_id: string | null;
  outcome: 'accepted' | 'spam' | 'bot';
  answers: Record<string, FieldValue>;
  consented: boolean;
  consent_text: string | null;
  at: Date;
}

/** Records a submission once (a retried one is already there) and marks its view submitted. */
export async function recordSubmission(db: Kysely<Database>, s: SubmissionRecord): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('form_submissions')
      .values({
        id: s.id,
        form_id: s.form_id,
        view_id: s.view_id,
        visitor_id: s.visitor_id,
        lead_id: s.lead_id,
        outcome: s.outcome,
        answers: json(s.answers),
        consented: s.consented,
        consent_text: s.consent_text,
        received_at: s.at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    if (s.view_id && s.outcome === 'accepted') {
      await tx
        .updateTable('form_views')
        .set((eb) => ({ submitted_at: s.at, started_at: eb.fn.coalesce('started_at', eb.val(s.at)) }))
        .where('id', '=', s.view_id)
        .where('form_id', '=', s.form_id)
        .execute();
    }
  });
}
