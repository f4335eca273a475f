/**
 * `baton import FILE.csv`: bulk intake of leads, events or accounts through the same validation
 * and decision path as the API. Every rejected row is reported with its line and reason; none is
 * silently dropped.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { BatonError, type FieldIssue } from '../errors/baton-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import { accountInput } from '../http/routes/accounts.js';
import type { IntakeDeps } from '../intake/context.js';
import { recordEvents } from '../intake/record-events.js';
import { accountRequestSchema, leadRequestSchema } from '../intake/requests.js';
import { submitLead } from '../intake/submit-lead.js';
import { upsertAccount } from '../store/account-store.js';
import { planColumns, rowToObject, type ColumnPlan, type ImportKind } from './columns.js';

export interface RejectedRow {
  line: number;
  errors: FieldIssue[];
}

export interface ImportSummary {
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  duplicates: number;
  rejected: RejectedRow[];
  ignoredColumns: string[];
}

export interface ImportProgress {
  start(totalBytes: number): void;
  update(bytesRead: number, summary: ImportSummary): void;
  stop(): void;
}

const EVENT_BATCH = 500;

export async function importCsv(
  deps: IntakeDeps,
  file: string,
  options: { kind: ImportKind; map: Map<string, string>; actor: string; progress?: ImportProgress; delimiter?: string },
): Promise<ImportSummary> {
  const total = (await stat(file)).size;
  const summary: ImportSummary = { kind: options.kind, rows: 0, created: 0, updated: 0, duplicates: 0, rejected: [], ignoredColumns: [] };
  const stream = createReadStream(file);
  let bytes = 0;
  stream.on('data', (chunk) => (bytes += chunk.length));
  const parser = stream.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, ...(options.delimiter ? { delimiter: options.delimiter } : {}) }),
  );
  options.progress?.start(total);

  let plan: ColumnPlan | undefined;
  let pendingEvents: { line: number; event: Record<string, unknown> }[] = [];
  const flushEvents = async () => {
    if (pendingEvents.length === 0) return;
    const batch = pendingEvents;
    pendingEvents = [];
    const result = await recordEvents(deps, batch.map((b) => b.event), options.actor);
    for (const outcome of result.results) {
      const line = batch[outcome.index]!.line;
      if (outcome.status === 'accepted') summary.created++;
      else if (outcome.status === 'duplicate') summary.duplicates++;
      else summary.rejected.push({ line, errors: outcome.errors.map((e) => ({ ...e, path: e.path.replace(/^events\[\d+\]\.?/, '') || '(row)' })) });
    }
  };

  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!plan) {
        plan = planColumns(options.kind, record.record, options.map);
        summary.ignoredColumns = plan.ignored;
        continue;
      }
      summary.rows++;
      const line = record.info.lines;
      const object = rowToObject(options.kind, plan, record.record);
      if (options.kind === 'events') {
        pendingEvents.push({ line, event: object });
        if (pendingEvents.length >= EVENT_BATCH) await flushEvents();
      } else {
        await importOne(deps, options.kind, object, options.actor, line, summary);
      }
      if (summary.rows % 50 === 0) options.progress?.update(bytes, summary);
    }
    await flushEvents();
  } catch (error) {
    const csvError = error as { code?: string; lines?: number; message: string };
    if (csvError.code?.startsWith('CSV_')) {
      throw new BatonError('invalid_request', `${file} line ${csvError.lines ?? '?'}: the CSV is malformed (${csvError.message}); rows before it were imported.`);
    }
    throw error;
  } finally {
    options.progress?.update(total, summary);
    options.progress?.stop();
  }
  if (!plan) throw new BatonError('invalid_request', `${file} is empty: expected a header row and at least one data row.`);
  return summary;
}

async function importOne(deps: IntakeDeps, kind: 'leads' | 'accounts', object: Record<string, unknown>, actor: string, line: number, summary: ImportSummary) {
  try {
    if (kind === 'leads') {
      const parsed = leadRequestSchema.safeParse(object);
      if (!parsed.success) return summary.rejected.push({ line, errors: fieldIssues(parsed.error) });
      const result = await submitLead(deps, parsed.data, { actor, scope: 'import' });
      if (result.status === 201) summary.created++;
      else summary.updated++;
    } else {
      const parsed = accountRequestSchema.safeParse(object);
      if (!parsed.success) return summary.rejected.push({ line, errors: fieldIssues(parsed.error) });
      const { created } = await upsertAccount(deps.db, accountInput(parsed.data, deps.policy().policy.reps), deps.clock.now());
      if (created) summary.created++;
      else summary.updated++;
    }
  } catch (error) {
    if (error instanceof BatonError && error.status < 500) {
      summary.rejected.push({ line, errors: error.details.length ? error.details : [{ path: '(row)', message: error.message }] });
      return;
    }
    throw error;
  }
}
