/** `baton import FILE.csv [--kind leads|events|accounts] [--map "Col=field,…"]` with a progress bar. */
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { pino } from 'pino';
import { createApp } from '../../app.js';
import { readConfig } from '../../config.js';
import { BatonError } from '../../errors/baton-error.js';
import { parseMapOption, type ImportKind } from '../../import/columns.js';
import { importCsv, type ImportProgress, type ImportSummary } from '../../import/csv-import.js';

export function importCommand(): Command {
  return new Command('import')
    .description('Import leads, activity events or accounts from a CSV file (header row required)')
    .argument('<file>', 'CSV file')
    .addOption(new Option('--kind <kind>', 'what the rows are').choices(['leads', 'events', 'accounts']).default('leads'))
    .option('--map <pairs>', 'column mapping, e.g. "E-mail Address=email,Employees=company.size,Budget=answers.budget"')
    .option('--delimiter <char>', 'field delimiter (Default: ",")')
    .option('--policy <file>', 'policy file (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .option('--quiet', 'no progress bar')
    .action(async (file: string, opts: { kind: ImportKind; map?: string; delimiter?: string; policy?: string; quiet?: boolean }) => {
      let map: Map<string, string>;
      try {
        map = parseMapOption(opts.map);
      } catch (error) {
        throw new BatonError('invalid_request', (error as Error).message);
      }
      const config = readConfig({ ...process.env, ...(opts.policy ? { BATON_POLICY: opts.policy } : {}) });
      const app = await createApp(config, { logger: pino({ level: 'warn' }) });
      try {
        const summary = await importCsv(app.deps, file, {
          kind: opts.kind,
          map,
          actor: `import:${file}`,
          ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
          ...(opts.quiet || !process.stderr.isTTY ? {} : { progress: progressBar() }),
        }).catch((error: unknown) => {
          if (error instanceof Error && !(error instanceof BatonError) && /^--map|is not a field/.test(error.message)) {
            throw new BatonError('invalid_request', error.message);
          }
          throw error;
        });
        printSummary(file, summary);
        if (summary.rejected.length > 0) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}

function progressBar(): ImportProgress {
  const bar = new cliProgress.SingleBar(
    { format: 'importing |{bar}| {percentage}% | {rows} rows, {rejected} rejected | {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { rows: 0, rejected: 0 }),
    update: (bytes, s) => bar.update(bytes, { rows: s.rows, rejected: s.rejected.length }),
    stop: () => bar.stop(),
  };
}

export function printSummary(file: string, s: ImportSummary): void {
  const out = process.stdout;
  const verbs = s.kind === 'events' ? `${s.created} recorded, ${s.duplicates} duplicates skipped` : `${s.created} created, ${s.updated} updated`;
  out.write(`${file}: ${s.rows} rows: ${verbs}, ${s.rejected.length} rejected\n`);
  if (s.ignoredColumns.length) out.write(`  columns ignored (map them with --map "Column=field"): ${s.ignoredColumns.join(', ')}\n`);
  for (const r of s.rejected.slice(0, 200)) {
    out.write(`  line ${r.line}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`);
  }
  if (s.rejected.length > 200) out.write(`  … and ${s.rejected.length - 200} more rejected rows\n`);
}
