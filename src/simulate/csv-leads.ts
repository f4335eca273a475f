/**
 * A CSV of leads (as `baton import` reads it) as replay inputs: each row is a submission at its
 * `event.occurred_at` (or `source.at`) if it has one, else one minute after the row before,
 * starting at --start. Rows for the same e-mail are the same lead (without an e-mail column,
 * every row is its own). Columns that are no lead field are read as form answers. Rows that
 * would be refused by intake are left out and listed, with their line, in the report's notes.
 * An outcome column (--outcome, --positive) gives the conversion of the leads each policy sends.
 */
import { columnIndex, readTable, type ReadProgress } from '../calibrate/table.js';
import { normalizeText } from '../domain/conditions/values.js';
import type { Activity } from '../domain/lead/activity.js';
import { normalizeLeadFields } from '../domain/normalize/lead-input.js';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import { headerKey, planColumns, rowToObject } from '../import/columns.js';
import { leadRequestSchema } from '../intake/requests.js';
import { leadRequestToFields } from '../intake/submit-lead.js';
import type { Policy } from '../policy/schema.js';
import type { KnownOutcome, ReplayHistory, ReplayInput } from './history.js';

export interface CsvLeads {
  history: ReplayHistory;
  window: { from: string; to: string };
  notes: string[];
}

export interface CsvLeadOptions {
  map: Map<string, string>;
  start: Date;
  delimiter?: string;
  progress?: ReadProgress;
  /** A column with each lead's outcome, and its won value: the conversion of the leads each policy sends. */
  outcome?: { column: string; positive: string };
}

export async function csvLeadHistory(file: string, policy: Policy, options: CsvLeadOptions): Promise<CsvLeads> {
  const table = await readTable(file, { ...(options.delimiter ? { delimiter: options.delimiter } : {}), ...(options.progress ? { progress: options.progress } : {}) });
  let plan;
  try {
    plan = planColumns('leads', table.columns, options.map);
  } catch (error) {
    throw new BatonError('invalid_request', `${file} line 1: ${(error as Error).message}`);
  }
  const outcomeIndex = options.outcome ? columnIndex(table, options.outcome.column, '--outcome') : -1;
  // Columns that are no lead field are form answers (as calibrate reads them), not dropped as an import would.
  const asAnswers = plan.ignored.filter((c) => table.columns.indexOf(c) !== outcomeIndex);
  plan = {
    targets: plan.targets.map((target, i) => (i === outcomeIndex ? undefined : (target ?? `answers.${headerKey(table.columns[i]!).replaceAll('.', '_') || `column_${i + 1}`}`))),
    ignored: [],
  };
  const noEmail = !plan.targets.includes('email');
  const positive = options.outcome ? normalizeText(options.outcome.positive) : '';
  const outcomes = new Map<string, KnownOutcome>();
  const inputs: ReplayInput[] = [];
  const ids = new Map<string, string>();
  const rejected: string[] = [];
  let clock = options.start.getTime();
  table.rows.forEach((row, r) => {
    const line = table.lines[r]!;
    const object = rowToObject('leads', plan, row);
    if (noEmail) object.email = `row${line}@rows.invalid`;
    const parsed = leadRequestSchema.safeParse(object);
    if (!parsed.success) {
      rejected.push(`line ${line}: ${fieldIssues(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      return;
    }
    const at = parsed.data.event?.occurred_at ?? parsed.data.source?.at ?? new Date(clock).toISOString();
    clock += 60_000;
    const normalized = normalizeLeadFields(leadRequestToFields(parsed.data), policy.domains, { receivedAt: at });
    if (!normalized.ok) {
      rejected.push(`line ${line}: ${normalized.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      return;
    }
    const email = normalized.profile.email;
    let id = ids.get(email);
    if (!id) {
      id = `csv-line-${line}`;
      ids.set(email, id);
    }
    const event = parsed.data.event;
    const activity: Activity | undefined = event
      ? { ...Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)), type: event.type, occurred_at: at }
      : undefined;
    inputs.push({ kind: 'submitted', lead: id, at, profile: normalized.profile, facts: normalized.facts, ...(activity ? { activity } : {}) });
    const value = outcomeIndex >= 0 ? row[outcomeIndex]!.trim() : '';
    if (value !== '') {
      const won = normalizeText(value) === positive;
      outcomes.set(id, { accepted: false, rejected: false, converted: won, won, lost: !won });
    }
  });
  if (options.outcome && ![...outcomes.values()].some((o) => o.won)) {
    throw new BatonError('invalid_request', `--positive "${options.outcome.positive}" never appears in the column "${options.outcome.column}" of ${file}.`);
  }
  const order = inputs.map((input, k) => ({ input, k, t: Date.parse(input.at) })).sort((a, b) => a.t - b.t || a.k - b.k);
  const sorted = order.map((o) => o.input);
  const notes = [
    `Replayed from a CSV of leads: no rep actions, so acceptance and response times are not known${options.outcome ? '' : ', nor conversion (give --outcome and --positive)'}; accounts are not matched (no account-owner routing).`,
  ];
  if (noEmail) notes.push('The file has no e-mail column: each row is a lead of its own (row<line>@rows.invalid).');
  if (asAnswers.length) notes.push(`Columns read as form answers (answers.<name>): ${asAnswers.join(', ')}.`);
  if (rejected.length) notes.push(`${rejected.length} rows would be refused by intake and were left out: ${rejected.slice(0, 10).join(' | ')}${rejected.length > 10 ? ' | …' : ''}`);
  return {
    history: { inputs: sorted, outcomes, responses: [], recordedOwner: new Map(), events: table.rows.length, leads: ids.size },
    window: { from: sorted[0]?.at ?? options.start.toISOString(), to: sorted[sorted.length - 1]?.at ?? options.start.toISOString() },
    notes,
  };
}
