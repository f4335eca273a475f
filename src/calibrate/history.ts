/**
 * A history of leads with known outcomes, whatever it came from (a CRM export or Baton's own
 * records): the columns to learn from, the outcome of each row, and what the current policy
 * needs to score the same rows.
 */
import type { ConditionSubject } from '../domain/conditions/condition.js';
import type { Activity } from '../domain/lead/activity.js';
import type { HistoryColumn } from './features.js';

/** How often a row did something an engagement rule counts (or an activity type no rule counts). */
export interface ActivityCounts {
  /** `scoring.engagement.rules[i]` of the current policy, or `event:<type>` for activity no rule matches. */
  key: string;
  event: string;
  label: string;
  /** Index of the current policy's engagement rule, when the counts follow one. */
  rule?: number;
  counts: Uint16Array;
}

export interface History {
  /** Where the rows came from, for the report ("bank-full.csv", "Baton leads since 2026-05-01"). */
  source: string;
  columns: HistoryColumn[];
  /** 1 for the positive outcome. */
  y: Uint8Array;
  /** What the positive outcome is, in words ("y = yes", "closed won"). */
  positive: string;
  /** The file's data row number (1-based) of each history row, when the rows came from a file. */
  dataRows?: Int32Array;
  activity: ActivityCounts[];
  /** The object the current policy's conditions read for row r. */
  subject(row: number): ConditionSubject;
  /** Activities of row r, oldest first (Baton history only), for the current policy's engagement points. */
  activities?(row: number): Activity[];
  /** Things the reader should know (rows left out, columns read as answers.*). */
  notes: string[];
}
