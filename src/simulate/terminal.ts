/** The simulation report as a side-by-side table at a terminal. */
import type { RunFigures } from './outcome.js';
import type { SimulationReport } from './simulate.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function diff(a: number | null, b: number | null, percent = false): string {
  if (a === null || b === null) return '';
  const d = b - a;
  if (Math.abs(d) < 1e-9) return '=';
  return percent ? `${d > 0 ? '+' : ''}${(d * 100).toFixed(1)} pts` : `${d > 0 ? '+' : ''}${num(d)}`;
}

export function tableRows(report: SimulationReport): [string, string, string, string][] {
  const { current: c, draft: d } = report;
  const rows: [string, string, string, string][] = [];
  const count = (label: string, get: (f: RunFigures) => number) => rows.push([label, num(get(c)), num(get(d)), diff(get(c), get(d))]);
  const rate = (label: string, get: (f: RunFigures) => number | null) => rows.push([label, pct(get(c)), pct(get(d)), diff(get(c), get(d), true)]);
  count('MQLs', (f) => f.mqls);
  rate('  high priority', (f) => f.high_priority_share);
  const keys = (pick: (f: RunFigures) => Record<string, number>) => [...new Set([...Object.keys(pick(c)), ...Object.keys(pick(d))])].sort();
  for (const key of keys((f) => f.by_source)) count(`  source ${key}`, (f) => f.by_source[key] ?? 0);
  for (const key of keys((f) => f.by_segment)) count(`  segment ${key}`, (f) => f.by_segment[key] ?? 0);
  for (const key of keys((f) => f.by_route)) count(`  route ${key}`, (f) => f.by_route[key] ?? 0);
  count('Assigned to a rep', (f) => f.assigned);
  count('Queued', (f) => f.queued);
  for (const rep of keys((f) => f.leads_per_rep)) count(`  ${rep}`, (f) => f.leads_per_rep[rep] ?? 0);
  for (const pool of [...new Set([...Object.keys(c.fairness), ...Object.keys(d.fairness)])].sort()) {
    count(`Pool ${pool}: max − min turns`, (f) => f.fairness[pool]?.max_minus_min ?? 0);
    rows.push([`  CV per weight`, (c.fairness[pool]?.cv_per_weight ?? 0).toFixed(3), (d.fairness[pool]?.cv_per_weight ?? 0).toFixed(3), '']);
  }
  count('First-touch breaches (projected)', (f) => f.first_touch.projected_breaches);
  rate('  breach rate', (f) => f.first_touch.breach_rate);
  count('Sent with a known outcome', (f) => f.outcomes.known);
  rate('  acceptance', (f) => f.outcomes.acceptance_rate);
  rate('  conversion', (f) => f.outcomes.conversion_rate);
  count('Sent, outcome unknown', (f) => f.outcomes.unknown);
  return rows;
}

export function formatSimulation(report: SimulationReport, written: { html?: string } = {}): string {
  const rows: [string, string, string, string][] = [['', 'current', 'draft', 'change'], ...tableRows(report)];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = [
    `Simulated ${report.history.inputs} inputs (${report.history.events} recorded events, ${report.history.leads} leads) from ${report.source}, ${report.window.from} to ${report.window.to}.`,
    `Current: ${report.policies.current.file}  Draft: ${report.policies.draft.file}`,
    '',
    ...rows.map((r) => `${r[0].padEnd(widths[0]!)}  ${r[1].padStart(widths[1]!)}  ${r[2].padStart(widths[2]!)}  ${r[3].padStart(widths[3]!)}`),
    '',
    `Leads that change owner: ${report.changes.owner_changed}; newly MQL: ${report.changes.newly_mql}; no longer MQL: ${report.changes.no_longer_mql}; newly sent: ${report.changes.newly_sent}; no longer sent: ${report.changes.no_longer_sent}.`,
  ];
  if (report.current_matches_recorded !== null) lines.push(`Replaying the current policy gives the recorded owner for ${pct(report.current_matches_recorded)} of assigned leads.`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  if (written.html) lines.push(`Wrote the report to ${written.html}.`);
  return `${lines.join('\n')}\n`;
}
