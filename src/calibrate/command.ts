/**
 * `baton calibrate`: learn points from won/lost history and propose a policy with them.
 *   baton calibrate --history deals.csv --outcome Stage --positive "Closed Won" [--map …] [--exclude …]
 *   baton calibrate --from-baton --since 180d
 * Prints a summary (or --json), writes --html and --write-policy files. Bad input exits 1 with
 * the line or column to fix; nothing is written then.
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import { BatonError } from '../errors/baton-error.js';
import type { Database } from '../store/database.js';
import { batonHistory } from './baton-history.js';
import { parseCliOptions, sinceDate, withDatabase } from './cli-shared.js';
import { runCalibrate, type CalibrateResult } from './calibrate.js';
import { csvHistory, parseMap } from './csv-history.js';
import type { History } from './history.js';
import { renderHtml } from './html.js';
import { loadPolicy, policyFileFor } from './policy-file.js';
import { DEFAULT_LEARN } from './scorecard.js';
import { randomSplit, readSplitFile, type Split } from './split.js';
import { readTable, type ReadProgress } from './table.js';
import { formatReport } from './terminal.js';
import type { ThresholdTarget } from './threshold.js';

const optionsSchema = z
  .object({
    history: z.string().optional(),
    fromBaton: z.boolean().optional(),
    since: z.string().default('180d'),
    outcome: z.string().optional(),
    positive: z.string().optional(),
    map: z.string().optional(),
    exclude: z.string().optional(),
    split: z.string().optional(),
    seed: z.coerce.number({ error: 'a whole number' }).int('a whole number').default(1),
    json: z.boolean().optional(),
    html: z.string().optional(),
    writePolicy: z.string().optional(),
    policy: z.string().optional(),
    targetAcceptance: z
      .string()
      .regex(/^\d+(\.\d+)?%$/, 'a percentage such as 60%')
      .transform((s) => Number(s.slice(0, -1)) / 100)
      .refine((v) => v > 0 && v < 1, 'between 0% and 100%')
      .optional(),
    targetMqlVolume: z.coerce.number({ error: 'a whole number of leads' }).int('a whole number of leads').positive('a positive number of leads').optional(),
    pdo: z.coerce.number({ error: 'a number of points' }).positive('a positive number of points').default(DEFAULT_LEARN.pdo),
    interactions: z.coerce.number({ error: 'a whole number' }).int('a whole number').min(0).max(10).default(DEFAULT_LEARN.maxInteractions),
    delimiter: z.string().length(1, 'one character').optional(),
    quiet: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    if (!o.history === !o.fromBaton) ctx.addIssue({ code: 'custom', path: ['history'], message: 'give either --history FILE or --from-baton' });
    if (o.history && (!o.outcome || o.positive === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: '--history needs --outcome COLUMN and --positive VALUE (the value that means a won lead)' });
    }
    if (o.targetAcceptance !== undefined && o.targetMqlVolume !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['targetAcceptance'], message: 'give --target-acceptance or --target-mql-volume, not both' });
    }
  });

export type CalibrateOptions = z.input<typeof optionsSchema>;

export function calibrateCommand(): Command {
  return new Command('calibrate')
    .description('Learn points from won/lost history (a CRM export or Baton\'s own leads), compare them with the current policy, and propose a policy with them')
    .option('--history <file>', 'CSV of past leads with their outcome (header row; "," ";" tab or "|" separated)')
    .option('--from-baton', 'learn from the leads Baton recorded (outcomes from closed and rejected events)')
    .option('--since <age>', 'with --from-baton: leads created in this window, e.g. 180d, or a date (Default: 180d)')
    .option('--outcome <column>', 'the column that holds the outcome (with --history)')
    .option('--positive <value>', 'the outcome value that counts as won; with --from-baton: won or accepted (Default: won)')
    .option('--map <pairs>', 'columns to lead fields, e.g. "Employees=company.size,Industry=company.industry"; other columns are read as answers.<column>')
    .option('--exclude <columns>', 'columns to leave out, e.g. ones known only after the outcome: "duration,Lost Reason"')
    .option('--split <file>', 'fixed train/test split: a CSV with columns row (1 = first data row) and set (train or test)')
    .option('--seed <n>', 'seed of the stratified 75/25 split when there is no --split (Default: 1)')
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'write the report as an HTML page with charts')
    .option('--write-policy <file>', 'write the current policy with the learned points and the suggested MQL bar')
    .option('--policy <file>', 'the current policy (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .option('--target-acceptance <percent>', 'suggest the MQL bar for this acceptance rate, e.g. 60% (Default: the middle of targets.acceptance_rate)')
    .option('--target-mql-volume <n>', 'suggest the MQL bar that sends at most this many of the history\'s leads')
    .option('--pdo <points>', 'points that double the odds (Default: 20)')
    .option('--interactions <n>', 'most pairs of columns to cross (Default: 4; 0 for none)')
    .option('--delimiter <char>', 'field delimiter of --history (Default: sniffed from the header)')
    .option('--quiet', 'no progress bar')
    .action(async (raw: CalibrateOptions) => {
      const result = await calibrate(raw, { progress: !raw.quiet && !raw.json && process.stderr.isTTY === true });
      process.stdout.write(raw.json ? `${JSON.stringify(result.report, null, 2)}\n` : formatReport(result.report, { ...(raw.writePolicy ? { policy: raw.writePolicy } : {}), ...(raw.html ? { html: raw.html } : {}) }));
    });
}

/** The command without its printing: parse options, read the history, learn, write the files. */
export async function calibrate(raw: CalibrateOptions, io: { progress: boolean; env?: NodeJS.ProcessEnv; db?: Kysely<Database>; now?: Date }): Promise<CalibrateResult> {
  const o = parseCliOptions(optionsSchema, raw);
  const running = await loadPolicy(policyFileFor(o.policy, io.env ?? process.env));
  const policyFile = running.file;
  let history: History;
  let split: Split;
  if (o.history) {
    const table = await readTable(o.history, { ...(o.delimiter ? { delimiter: o.delimiter } : {}), ...(io.progress ? { progress: fileBar() } : {}) });
    history = csvHistory(table, {
      outcome: o.outcome!,
      positive: o.positive!,
      map: parseMap(o.map),
      exclude: (o.exclude ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      domains: running.policy.domains,
    });
    const indexOf = new Map(Array.from(history.dataRows!, (dataRow, i) => [dataRow, i]));
    split = o.split
      ? await readSplitFile(o.split, history.y.length, (d) => (d > table.rows.length ? -2 : (indexOf.get(d) ?? -1)), (i) => history.dataRows![i]!)
      : randomSplit(history.y, o.seed);
  } else {
    if (o.map || o.exclude || o.outcome) throw new BatonError('invalid_request', '--map, --exclude and --outcome apply to --history files; with --from-baton the fields are the leads\' own.');
    const positive = (o.positive ?? 'won').toLowerCase();
    if (positive !== 'won' && positive !== 'accepted') throw new BatonError('invalid_request', `--positive with --from-baton is won or accepted, not "${o.positive}".`);
    const since = sinceDate(o.since, io.now);
    history = await withDatabase(io.db, io.env ?? process.env, "Baton's leads", (db) => batonHistory(db, running.policy, { since, positive }));
    split = randomSplit(history.y, o.seed);
  }
  const target: ThresholdTarget | undefined =
    o.targetAcceptance !== undefined ? { kind: 'acceptance', rate: o.targetAcceptance } : o.targetMqlVolume !== undefined ? { kind: 'volume', count: o.targetMqlVolume } : undefined;
  const bar = io.progress ? stepBar() : undefined;
  let result: CalibrateResult;
  try {
    result = runCalibrate({
      history,
      split,
      policy: running.policy,
      policySource: running.source,
      policyFile,
      learn: { pdo: o.pdo, maxInteractions: o.interactions, seed: o.seed, ...(bar ? { progress: bar.update } : {}) },
      ...(target ? { target } : {}),
    });
  } finally {
    bar?.stop();
  }
  if (o.writePolicy) await writeFile(o.writePolicy, result.policyText);
  if (o.html) await writeFile(o.html, renderHtml(result, split.test, history.y));
  return result;
}

function fileBar(): ReadProgress {
  const bar = new cliProgress.SingleBar({ format: 'reading  |{bar}| {percentage}% | {rows} rows', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  return { start: (total) => bar.start(total, 0, { rows: 0 }), update: (bytes, rows) => bar.update(bytes, { rows }), stop: () => bar.stop() };
}

function stepBar(): { update: (done: number, total: number, what: string) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar({ format: 'learning |{bar}| {value}/{total} {what}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update: (done, total, what) => {
      if (!started) {
        bar.start(total, 0, { what });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { what });
    },
    stop: () => started && bar.stop(),
  };
}
