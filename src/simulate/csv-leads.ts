/**
 * A CSV of leads (as `baton import` reads it) as replay inputs: each row is a submission at its
 * `event.occurred_at` (or `source.at`) if it has one, else one minute after the row before,
 * starting at --start. Rows for the same e-mail are the same lead. Rows that would be refused
 * by intake are left out and listed, with their line, in the report's notes.
 */
import { readTable, type ReadProgress } from '../calibrate/table.js';
import type { Activity } from '../domain/lead/activity.js';
import { normalizeLeadFields } from '../domain/normalize/lead-input.js';
import { BatonError } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import { planColumns, rowToObject } from '../import/columns.js';
import { leadRequestSchema } from '../intake/requests.js';
import { leadRequestToFields } from '../intake/submit-lead.js';
import type { Policy } from '../policy/schema.js';
import type { ReplayHistory, ReplayInput } from './history.js';

export interface CsvLeads {
  history: ReplayHistory;
  window: { from: string; to: string };
  notes: string[];
}

export async function csvLeadHistory(
  file: string,
  policy: Policy,
  options: { map: Map<string, string>; start: Date; delimiter?: string; progress?: ReadProgress },
): Promise<CsvLeads> {
  const table = await readTable(file, { ...(options.delimiter ? { delimiter: options.delimiter } : {}), ...(options.progress ? { progress: options.progress } : {}) });
  let plan;
  try {
    plan = planColumns('leads', table.columns, options.map);
  } catch (error) {
    throw new BatonError('invalid_request', `${file} line 1: ${(error as Error).message}`);
  }
  const inputs: ReplayInput[] = [];
  const ids = new Map<string, string>();
  const rejected: string[] = [];
  let clock = options.start.getTime();
  table.rows.forEach((row, r) => {
    const line = table.lines[r]!;
    const parsed = leadRequestSchema.safeParse(rowToObject('leads', plan, row));
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
  });
  const order = inputs.map((input, k) => ({ input, k, t: Date.parse(input.at) })).sort((a, b) => a.t - b.t || a.k - b.k);
  const sorted = order.map((o) => o.input);
  const notes = [
    'Replayed from a CSV of leads: no rep actions or outcomes, so acceptance, conversion and response times are not known; accounts are not matched (no account-owner routing).',
  ];
  if (rejected.length) notes.push(`${rejected.length} rows would be refused by intake and were left out: ${rejected.slice(0, 10).join(' | ')}${rejected.length > 10 ? ' | …' : ''}`);
  if (plan.ignored.length) notes.push(`Columns ignored (map them with --map "Column=field"): ${plan.ignored.join(', ')}.`);
  return {
    history: { inputs: sorted, outcomes: new Map(), responses: [], recordedOwner: new Map(), events: table.rows.length, leads: ids.size },
    window: { from: sorted[0]?.at ?? options.start.toISOString(), to: sorted[sorted.length - 1]?.at ?? options.start.toISOString() },
    notes,
  };
}
