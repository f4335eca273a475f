/** `baton metrics [--from] [--to] [--by rep|pool|team|source|segment|priority|score_band] [--json]`. */
import { Command, Option } from 'commander';
import { BatonError } from '../../errors/baton-error.js';
import { DIMENSIONS, type Dimension } from '../definitions.js';
import { duration, pct, targetText, verdict } from '../format.js';
import { parsePeriod } from '../period.js';
import { computeMetrics, type MetricsReport } from '../query/metrics.js';
import { withReadModel } from './open-read-model.js';
import { textTable } from './text-table.js';

export function metricsCommand(): Command {
  return new Command('metrics')
    .description('The four hand-off metrics for a period, against the policy targets (from the event log)')
    .option('--from <date>', 'start: a date (2026-10-01) or ISO date-time (Default: 30 days before --to)')
    .option('--to <date>', 'end: a date is included whole (Default: now)')
    .addOption(new Option('--by <dimension>', 'break every metric down').choices([...DIMENSIONS]))
    .option('--json', 'print the API\'s JSON instead of a table')
    .option('--rebuild', 'rebuild the metrics read model from the whole event log first')
    .option('--policy <file>', 'policy file (Default: BATON_POLICY, ./baton.policy.yaml, else the example)')
    .action(async (opts: { from?: string; to?: string; by?: Dimension; json?: boolean; rebuild?: boolean; policy?: string }) => {
      const period = parsePeriod({ from: opts.from, to: opts.to }, new Date());
      if (!period.ok) throw new BatonError('invalid_request', 'Fix the period:', period.issues.map((i) => ({ ...i, path: `--${i.path}` })));
      const report = await withReadModel({ ...opts, quiet: opts.json ?? false }, (app) =>
        computeMetrics(app.db, { period: period.period, now: new Date(), policy: app.running.policy, ...(opts.by ? { by: opts.by } : {}) }),
      );
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : metricsText(report));
    });
}

export function metricsText(m: MetricsReport): string {
  const rt = m.response_time;
  const acc = m.acceptance_rate;
  const sla = m.sla_compliance;
  const opp = m.mql_to_opportunity;
  const lines = [
    `Hand-off metrics ${m.period.from.slice(0, 16).replace('T', ' ')} → ${m.period.to.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    textTable(
      ['metric', 'value', 'target', 'verdict', 'from'],
      [
        ['MQL → SAL acceptance', pct(acc.value), targetText(acc.target), verdict(acc.met), `${acc.accepted} accepted, ${acc.rejected} rejected of ${acc.handed_off} handed off`],
        ['Response time (median)', duration(rt.median_ms), rt.target_ms === null ? 'none' : `≤ ${duration(rt.target_ms)}${rt.target_basis === 'business' ? ' business' : ''}`, verdict(rt.met), `mean ${duration(rt.mean_ms)}, p90 ${duration(rt.p90_ms)}; business median ${duration(rt.business.median_ms)}, p90 ${duration(rt.business.p90_ms)}; ${rt.count} attempted`],
        ['SLA compliance', pct(sla.value), targetText(sla.target), verdict(sla.met_target), `${sla.met} met of ${sla.due} due; ${Object.entries(sla.by_clock).map(([c, v]) => `${c} ${pct(v.value)}`).join(', ') || 'no clocks'}`],
        ['MQL → opportunity', pct(opp.value), targetText(opp.target), verdict(opp.met), `${opp.opportunities} of ${opp.mqls} MQLs`],
      ],
      ['left', 'right', 'left', 'left', 'left'],
    ),
    '',
    `Speed to lead: under 5 min ${rt.distribution.under_5m} · under 1 h ${rt.distribution.under_1h} · under 4 h ${rt.distribution.under_4h} · under 24 h ${rt.distribution.under_24h} · over 24 h ${rt.distribution.over_24h} · never ${rt.distribution.never}`,
    `Funnel: ${m.funnel.map((f) => `${f.stage.toUpperCase()} ${f.count}${f.conversion_from_previous === null ? '' : ` (${pct(f.conversion_from_previous)})`}`).join(' → ')}`,
    `Leaks now: ${m.leak_counts.no_owner} with no owner, ${m.leak_counts.no_first_touch} with no first touch`,
  ];
  if (acc.hint) lines.push('', `Note: ${acc.hint}`);
  if (m.breakdown) {
    lines.push(
      '',
      `By ${m.by}:`,
      textTable(
        [m.by ?? 'key', 'handed off', 'acceptance', 'median response', 'SLA', 'MQLs', 'MQL → opp'],
        m.breakdown.map((r) => [r.label, String(r.acceptance_rate.handed_off), pct(r.acceptance_rate.value), duration(r.response_time.median_ms), pct(r.sla_compliance.value), String(r.mql_to_opportunity.mqls), pct(r.mql_to_opportunity.value)]),
        ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
