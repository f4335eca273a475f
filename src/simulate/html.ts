/** The simulation report as an HTML page: the side-by-side table and bar charts of mix, load and fairness. */
import { barChart, escapeHtml as e, htmlPage } from '../calibrate/svg.js';
import type { RunFigures } from './outcome.js';
import type { SimulationReport } from './simulate.js';
import { tableRows } from './terminal.js';

const SERIES = [
  { name: 'current', color: '#9ca3af' },
  { name: 'draft', color: '#2563eb' },
];

function pairChart(title: string, report: SimulationReport, pick: (f: RunFigures) => Record<string, number>): string {
  const keys = [...new Set([...Object.keys(pick(report.current)), ...Object.keys(pick(report.draft))])].sort();
  if (keys.length === 0) return '';
  return barChart({ title, series: SERIES, bars: keys.map((k) => ({ label: k, values: [pick(report.current)[k] ?? 0, pick(report.draft)[k] ?? 0] })) });
}

export function renderSimulationHtml(report: SimulationReport): string {
  const rows = tableRows(report)
    .map((r) => `<tr><td>${e(r[0]).replace(/^ +/, (s) => '&nbsp;'.repeat(s.length * 2))}</td><td>${e(r[1])}</td><td>${e(r[2])}</td><td>${e(r[3])}</td></tr>`)
    .join('');
  const pools = [...new Set([...Object.keys(report.current.fairness), ...Object.keys(report.draft.fairness)])].sort();
  const fairness = pools.map((pool) => pairChart(`Round-robin turns in pool ${pool}`, report, (f) => f.fairness[pool]?.counts ?? {})).join('');
  const body = `
<h1>Simulation: current policy vs draft</h1>
<p>${report.history.inputs} inputs (${report.history.events} recorded events, ${report.history.leads} leads) from ${e(report.source)},
${e(report.window.from)} to ${e(report.window.to)}. Current: <code>${e(report.policies.current.file)}</code>; draft: <code>${e(report.policies.draft.file)}</code>.</p>
<table><tr><th></th><th>current</th><th>draft</th><th>change</th></tr>${rows}</table>
<p>Leads that change owner: <b>${report.changes.owner_changed}</b>; newly MQL: ${report.changes.newly_mql}; no longer MQL: ${report.changes.no_longer_mql};
newly sent: ${report.changes.newly_sent}; no longer sent: ${report.changes.no_longer_sent}.</p>
<div class="charts">
${pairChart('MQLs by source', report, (f) => f.by_source)}
${pairChart('MQLs by route', report, (f) => f.by_route)}
${pairChart('MQLs by priority', report, (f) => f.by_priority)}
${pairChart('Leads per rep', report, (f) => f.leads_per_rep)}
${fairness}
</div>
${report.changes.examples.owner_changed.length ? `<h2>Some leads that change owner</h2><table><tr><th>lead</th><th>current</th><th>draft</th></tr>${report.changes.examples.owner_changed.map((x) => `<tr><td>${e(x.lead)}</td><td>${e(x.current)}</td><td>${e(x.draft)}</td></tr>`).join('')}</table>` : ''}
${report.notes.map((n) => `<p class="note">${e(n)}</p>`).join('')}`;
  return htmlPage('Baton simulation report', body);
}
