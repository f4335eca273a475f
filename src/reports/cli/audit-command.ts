/**
 * `baton audit --month 2026-10 [--out FILE.html] [--md FILE.md] [--json FILE.json]`: the monthly
 * audit as one self-contained HTML file (and Markdown), with progress while it works.
 */
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import { withReadModel } from '../../metrics/cli/open-read-model.js';
import { BatonError } from '../../errors/baton-error.js';
import { monthName, parseMonth, previousMonth } from '../../metrics/period.js';
import { AUDIT_STEPS, buildAudit } from '../audit/audit-data.js';
import { auditDocument } from '../audit/audit-document.js';
import { renderHtml } from '../document/html.js';
import { renderMarkdown } from '../document/markdown.js';

interface AuditOptions {
  month?: string;
  out?: string;
  md?: string;
  json?: string;
  policy?: string;
  rebuild?: boolean;
  quiet?: boolean;
}

export function auditCommand(): Command {
  return new Command('audit')
    .description('Write the monthly hand-off audit: metrics against targets and last month, SLA by rep, rejections, conversion, stalled leads, policy changes, actions')
    .option('--month <YYYY-MM>', 'the month, in UTC (Default: last month)')
    .option('--out <file>', 'HTML report (Default: baton-audit-YYYY-MM.html unless --md or --json is given)')
    .option('--md <file>', 'also (or only) write Markdown')
    .option('--json <file>', 'also (or only) write the figures as JSON')
    .option('--rebuild', 'rebuild the metrics read model from the whole event log first')
    .option('--policy <file>', 'policy file (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .option('--quiet', 'no progress output')
    .action(async (opts: AuditOptions) => {
      const month = opts.month ? parseMonth(opts.month) : previousMonth(parseMonth(new Date().toISOString().slice(0, 7))!);
      if (!month) throw new BatonError('invalid_request', `--month: expected a month as YYYY-MM, e.g. 2026-10, got "${opts.month}"`);
      const html = opts.out ?? (opts.md || opts.json ? undefined : `baton-audit-${monthName(month)}.html`);
      const progress = opts.quiet ? undefined : stepProgress();
      const audit = await withReadModel(opts, (app) =>
        buildAudit(app.db, {
          month,
          policy: app.running.policy,
          running: { version: app.running.version, hash: app.running.hash },
          now: new Date(),
          ...(progress ? { onStep: progress.step } : {}),
        }),
      );
      progress?.stop();
      const doc = auditDocument(audit);
      const written: string[] = [];
      if (html) written.push(await write(html, renderHtml(doc)));
      if (opts.md) written.push(await write(opts.md, renderMarkdown(doc)));
      if (opts.json) written.push(await write(opts.json, `${JSON.stringify(audit, null, 2)}\n`));
      process.stdout.write(`audit ${audit.month}: wrote ${written.join(', ')}\n${audit.recommendations.map((r, i) => `  ${i + 1}. ${r}`).join('\n')}\n`);
    });
}

async function write(file: string, text: string): Promise<string> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new BatonError('invalid_request', `cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}

/** A bar on a terminal, one line per step otherwise (logs, CI). */
function stepProgress(): { step: (n: number, total: number, label: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { step: (n, total, label) => process.stderr.write(`audit: ${n}/${total} ${label}\n`), stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: 'audit |{bar}| {value}/{total} {label}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(AUDIT_STEPS, 0, { label: '' });
  return { step: (n, _total, label) => bar.update(n, { label }), stop: () => bar.stop() };
}
