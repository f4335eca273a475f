/** The tables tracking and forms add (migration src/store/migrations/005-tracking.ts), as Kysely types. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** A browser the snippet gave an id; linked to a lead once the person identifies. */
export interface TrackingVisitorTable {
  id: string;
  site: string;
  lead_id: string | null;
  /** The visitor id this one turned out to be the same person as (the lead's first visitor). */
  merged_into: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  identified_at: Timestamp | null;
  /** UTM parameters, referrer and landing page of the first page view. */
  first_touch: Json<Record<string, string> | null> | null;
}

/** Page views and custom events; `stitched_at` once recorded on the lead through the intake. */
export interface TrackingActivityTable {
  id: Generated<string>;
  visitor_id: string;
  site: string;
  type: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  url: string | null;
  title: string | null;
  properties: Json<Record<string, string | number | boolean> | null> | null;
  lead_id: string | null;
  stitched_at: Timestamp | null;
}

/** Secrets Baton generates for itself once (the key that signs tracked e-mail links). */
export interface TrackingSecretTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

/** One rendering of a form, and how far the visitor got with it. */
export interface FormViewTable {
  id: string;
  form_id: string;
  visitor_id: string | null;
  /** Names of the fields shown, in order. */
  fields: Json<string[]>;
  viewed_at: Timestamp;
  started_at: Timestamp | null;
  touched: ColumnType<string[], string | undefined, string>;
  filled: ColumnType<string[], string | undefined, string>;
  last_field: string | null;
  submitted_at: Timestamp | null;
}

export interface FormSubmissionTable {
  id: string;
  form_id: string;
  view_id: string | null;
  visitor_id: string | null;
  lead_id: string | null;
  /** accepted, or why it was dropped without a lead: spam (honeypot), bot (user agent). */
  outcome: string;
  answers: Json<Record<string, string | number | boolean>>;
  consented: boolean;
  consent_text: string | null;
  received_at: Timestamp;
}

export interface TrackingTables {
  tracking_visitors: TrackingVisitorTable;
  tracking_activity: TrackingActivityTable;
  tracking_secrets: TrackingSecretTable;
  form_views: FormViewTable;
  form_submissions: FormSubmissionTable;
}
