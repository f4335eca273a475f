/**
 * A CRM export as a calibration history: the outcome column and its positive value, the other
 * columns as lead fields (matched like `baton import` does, or with --map; anything else is read
 * as a form answer, `answers.<column>`), minus the --exclude'd ones.
 */
import type { ConditionSubject } from '../domain/conditions/condition.js';
import { normalizeText } from '../domain/conditions/values.js';
import { emailFacts, normalizeEmail, type DomainLists } from '../domain/normalize/email.js';
import { BatonError } from '../errors/baton-error.js';
import { headerKey, isKnownTarget, planColumns } from '../import/columns.js';
import type { Cell, HistoryColumn } from './features.js';
import type { History } from './history.js';
import { columnIndex, type Table } from './table.js';

export interface CsvHistoryOptions {
  outcome: string;
  positive: string;
  /** Column → lead field, from --map. */
  map: Map<string, string>;
  exclude: string[];
  domains: DomainLists;
}

const TOUCH_FIELDS = new Set(['channel', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'landing_page']);
const EMAIL_FACTS = ['free_email', 'professional_email', 'student_email'] as const;

/** Parses --map "Column=field,Other=company.size"; a pair without "=" is a usage error. */
export function parseMap(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new BatonError('invalid_request', `--map: "${pair}" should look like "Column=field", e.g. "Employees=company.size" or "Budget=answers.budget".`);
    }
    out.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return out;
}

/** The policy field a column stands for: --map, else the import's loose header match, else answers.<column>. */
export function fieldsFor(table: Table, map: Map<string, string>): string[] {
  for (const [column, field] of map) {
    columnIndex(table, column, '--map');
    if (!isKnownTarget('leads', field) || field.startsWith('event.') || field === 'event_id') {
      throw new BatonError(
        'invalid_request',
        `--map: "${field}" (for the column "${column}") is not a lead field. Use one of email, title, country, company.size, company.industry, company.country, source.utm_source… or answers.<name> for anything else.`,
      );
    }
  }
  const auto = planColumns('leads', table.columns, new Map()).targets;
  return table.columns.map((column, i) => {
    const mapped = map.get(column);
    if (mapped) return TOUCH_FIELDS.has(mapped) ? `source.${mapped}` : mapped;
    const target = auto[i];
    if (target && !target.startsWith('event.') && target !== 'event_id') return TOUCH_FIELDS.has(target) ? `source.${target}` : target;
    return `answers.${headerKey(column).replaceAll('.', '_') || `column_${i + 1}`}`;
  });
}

export function csvHistory(table: Table, options: CsvHistoryOptions): History {
  const outcomeIndex = columnIndex(table, options.outcome, '--outcome');
  for (const column of options.exclude) columnIndex(table, column, '--exclude');
  const fields = fieldsFor(table, options.map);
  const positive = normalizeText(options.positive);

  const kept: number[] = [];
  const y: number[] = [];
  const seen = new Map<string, number>();
  const missingLines: number[] = [];
  table.rows.forEach((row, r) => {
    const raw = row[outcomeIndex]!.trim();
    if (raw === '') {
      missingLines.push(table.lines[r]!);
      return;
    }
    const value = normalizeText(raw);
    seen.set(raw, (seen.get(raw) ?? 0) + 1);
    kept.push(r);
    y.push(value === positive ? 1 : 0);
  });
  const positives = y.reduce((a, b) => a + b, 0);
  const values = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([v, c]) => `${v} (${c})`).join(', ');
  if (positives === 0) {
    throw new BatonError('invalid_request', `--positive "${options.positive}" never appears in the column "${options.outcome}" of ${table.file}; its values are: ${values || 'none'}.`);
  }
  if (positives === kept.length) {
    throw new BatonError('invalid_request', `every row of ${table.file} has "${options.outcome}" = "${options.positive}"; calibration needs both outcomes (values: ${values}).`);
  }

  const excluded = new Set([options.outcome, ...options.exclude]);
  const columns: HistoryColumn[] = [];
  table.columns.forEach((name, c) => {
    if (excluded.has(name)) return;
    const cells: Cell[] = kept.map((r) => {
      const text = table.rows[r]![c]!.trim();
      return text === '' ? undefined : text;
    });
    columns.push({ name, field: fields[c]!, cells });
  });
  const emailColumn = columns.find((c) => c.field === 'email');
  if (emailColumn) columns.push(...emailFactColumns(emailColumn, options.domains));

  const notes: string[] = [];
  if (missingLines.length) {
    notes.push(`${missingLines.length} rows have no "${options.outcome}" and were left out (line ${missingLines.slice(0, 5).join(', ')}${missingLines.length > 5 ? ', …' : ''}).`);
  }
  const asAnswers = columns.filter((c) => c.field.startsWith('answers.') && !options.map.has(c.name)).map((c) => c.name);
  if (asAnswers.length) notes.push(`Columns read as form answers (answers.<name>); map them to lead fields with --map if they are one: ${asAnswers.join(', ')}.`);

  const dataRows = Int32Array.from(kept, (r) => r + 1);
  return {
    source: table.file,
    columns,
    y: Uint8Array.from(y),
    positive: `${options.outcome} = ${options.positive}`,
    dataRows,
    activity: [],
    subject: (row) => subjectOf(columns, row, options.domains),
    notes,
  };
}

/** free_email, professional_email and student_email from the e-mail address, as the policy reads them. */
function emailFactColumns(email: HistoryColumn, domains: DomainLists): HistoryColumn[] {
  const facts = email.cells.map((cell) => {
    const normalized = typeof cell === 'string' ? normalizeEmail(cell) : undefined;
    return normalized?.ok ? emailFacts(normalized.email, domains) : undefined;
  });
  return EMAIL_FACTS.map((fact) => ({
    name: fact,
    field: fact,
    cells: facts.map((f) => (f ? String(f[fact]) : undefined)),
  }));
}

/** The condition subject of one row: its fields nested by path, with e-mail facts when there is an e-mail. */
export function subjectOf(columns: HistoryColumn[], row: number, domains: DomainLists): ConditionSubject {
  const subject: Record<string, unknown> = { company: {}, answers: {}, source: {} };
  for (const column of columns) {
    const cell = column.cells[row];
    if (cell === undefined) continue;
    setPath(subject, column.field, column.field === 'company.size' || column.field === 'company.annual_revenue' ? Number(cell) : cell);
  }
  if (typeof subject.email === 'string') {
    const normalized = normalizeEmail(subject.email);
    if (normalized.ok) Object.assign(subject, emailFacts(normalized.email, domains), { email: normalized.email });
  }
  subject.country ??= (subject.company as Record<string, unknown>).country;
  return subject;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
