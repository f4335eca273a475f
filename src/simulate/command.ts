/**
 * `baton simulate --policy draft.yaml [--since 90d | --leads leads.csv]`: replay recorded history
 * (or a CSV of leads) under the current policy and the draft, and show them side by side.
 */
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseCliOptions, sinceDate, withDatabase } from '../calibrate/cli-shared.js';
import { parseMap } from '../calibrate/csv-history.js';
import { loadPolicy, policyFileFor } from '../calibrate/policy-file.js';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import { csvLeadHistory } from './csv-leads.js';
import { historyFromEvents, type ReplayHistory } from './history.js';
import { renderSimulationHtml } from './html.js';
import { readRecordedEvents } from './recorded.js';
import { simulate, type SimulationReport } from './simulate.js';
import { formatSimulation } from './terminal.js';

const optionsSchema = z.object({
  policy: z.string({ error: 'the draft policy file is required: --policy draft.yaml' }),
  current: z.string().optional(),
  since: z.string().default('90d'),
  leads: z.string().optional(),
  map: z.string().optional(),
  start: z.string().optional(),
  outcome: z.string().optional(),
  positive: z.string().optional(),
  delimiter: z.string().length(1, 'one character').optional(),
  json: z.boolean().optional(),
  html: z.string().optional(),
  quiet: z.boolean().optional(),
});

export type SimulateOptions = z.input<typeof optionsSchema>;

export interface SimulateIo {
  env?: NodeJS.ProcessEnv;
  /** The database to read (Default: the one `baton serve` uses, from the environment). */
  db?: Kysely<Database>;
  now?: Date;
  progress?: boolean;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Replay recorded leads, activity and rep actions under a draft policy and compare it with the current one')
    .option('--policy <file>', 'the draft policy to try (required)')
    .option('--current <file>', 'the policy to compare with (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .option('--since <age>', 'replay leads created in this window, e.g. 90d, or since a date (Default: 90d)')
    .option('--leads <file>', 'replay a CSV of leads (as baton import reads it) instead of the recorded history')
    .option('--map <pairs>', 'with --leads: column mapping, e.g. "Employees=company.size"')
    .option('--start <time>', 'with --leads: time of the first row when rows have no time (Default: 2026-01-05T09:00:00Z), one minute apart')
    .option('--delimiter <char>', 'with --leads: field delimiter (Default: sniffed)')
    .option('--outcome <column>', 'with --leads: a column with each lead\'s outcome, for the conversion of the leads each policy sends')
    .option('--positive <value>', 'with --outcome: the value that means won')
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'write the report as an HTML page with charts')
    .option('--quiet', 'no progress bar')
    .action(async (raw: SimulateOptions) => {
      const report = await runSimulation(raw, { progress: !raw.quiet && !raw.json && process.stderr.isTTY === true });
      if (raw.html) await writeSimulationHtml(raw.html, report);
      process.stdout.write(raw.json ? `${JSON.stringify(report, null, 2)}\n` : formatSimulation(report, raw.html ? { html: raw.html } : {}));
    });
}

export async function runSimulation(raw: SimulateOptions, io: SimulateIo = {}): Promise<SimulationReport> {
  const o = parseCliOptions(optionsSchema, raw);
  const env = io.env ?? process.env;
  const now = io.now ?? new Date();
  const draft = await loadPolicy(o.policy, '--policy');
  const current = await loadPolicy(policyFileFor(o.current, env), '--current');
  const bar = io.progress ? new cliProgress.SingleBar({ format: '{what} |{bar}| {percentage}% | {value}/{total}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const progress = (what: string) => (done: number, total: number) => {
    if (!bar) return;
    if (!started) bar.start(total, 0, { what });
    started = true;
    bar.setTotal(total);
    bar.update(done, { what });
  };

  let history: ReplayHistory;
  let window: { from: string; to: string };
  let source: string;
  const notes: string[] = [];
  try {
    if (o.leads) {
      const start = new Date(o.start ?? '2026-01-05T09:00:00Z');
      if (Number.isNaN(start.getTime())) throw new BatonError('invalid_request', `--start: "${o.start}" is not a time such as 2026-01-05T09:00:00Z.`);
      if ((o.outcome === undefined) !== (o.positive === undefined)) throw new BatonError('invalid_request', '--outcome and --positive go together: the outcome column and the value that means won.');
      let size = 0;
      const reading = progress('reading');
      const csv = await csvLeadHistory(o.leads, current.policy, {
        map: parseMap(o.map),
        start,
        ...(bar ? { progress: { start: (total: number) => reading(0, (size = total)), update: (bytes: number) => reading(bytes, size), stop: () => undefined } } : {}),
        ...(o.delimiter ? { delimiter: o.delimiter } : {}),
        ...(o.outcome !== undefined && o.positive !== undefined ? { outcome: { column: o.outcome, positive: o.positive } } : {}),
      });
      history = csv.history;
      window = csv.window;
      source = o.leads;
      notes.push(...csv.notes);
    } else {
      if (o.map || o.start || o.outcome) throw new BatonError('invalid_request', '--map, --start and --outcome apply to --leads files only.');
      const since = sinceDate(o.since, now);
      const events = await withDatabase(io.db, env, 'the recorded history', (db) => readRecordedEvents(db, since, progress('reading')));
      history = historyFromEvents(events);
      window = { from: since.toISOString(), to: now.toISOString() };
      source = 'recorded history';
    }
    return simulate({ history, current, draft, window, source, notes, onProgress: progress('replaying') });
  } finally {
    if (started) bar?.stop();
  }
}

export async function writeSimulationHtml(file: string, report: SimulationReport): Promise<void> {
  await writeFile(file, renderSimulationHtml(report));
}
