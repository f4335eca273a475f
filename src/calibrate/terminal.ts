/** The calibration report as a person reads it at a terminal. */
import type { CalibrationReport } from './calibrate.js';
import { pct } from './threshold.js';

const f3 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(3));
const f2 = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(2));

export function formatReport(report: CalibrationReport, written: { policy?: string; html?: string }): string {
  const lines: string[] = [];
  const { learned, current } = report;
  lines.push(`Calibrated on ${report.source}: ${report.rows} rows, ${report.positives} with ${report.positive} (${pct(report.positives / report.rows)}).`);
  lines.push(`Split: ${report.split.description} (${report.split.train} train, ${report.split.test} test). Fit in ${(report.fit_ms / 1000).toFixed(2)} s.`);
  lines.push(`Scale: +${report.scale.pdo} points double the odds; 0 points = ${pct(report.scale.rate_at_0_points)} chance.`);
  lines.push('');
  lines.push('Held-out rows         learned points   current policy');
  lines.push(`  ROC AUC             ${f3(learned.roc_auc).padEnd(17)}${f3(current.roc_auc)}`);
  lines.push(`  log loss            ${f3(learned.log_loss).padEnd(17)}${f3(current.log_loss)}`);
  lines.push(`  Brier score         ${f3(learned.brier).padEnd(17)}${f3(current.brier)}`);
  lines.push(`  lift in top 10 %    ${f2(learned.lift_top_10).padEnd(17)}${f2(current.lift_top_10)}`);
  lines.push('');
  lines.push('Calibration of the learned points (held-out rows, 10 bands):');
  lines.push('  points          rows   predicted   observed');
  for (const band of learned.calibration) {
    const range = band.low === band.high ? `${band.low}` : `${band.low} to ${band.high}`;
    lines.push(`  ${range.padEnd(14)}${String(band.rows).padStart(6)}   ${pct(band.predicted).padStart(9)}   ${pct(band.observed).padStart(8)}`);
  }
  lines.push('');
  const strongest = report.features
    .map((f) => ({ column: f.column, spread: Math.max(...f.bins.map((b) => b.points)) - Math.min(...f.bins.map((b) => b.points)) }))
    .sort((a, b) => b.spread - a.spread);
  lines.push(`Points by column (widest range first): ${strongest.map((s) => `${s.column} ${s.spread}`).join(', ')}.`);
  for (const i of report.interactions) lines.push(`Crossed: ${i.columns[0]} × ${i.columns[1]} (${i.rules} rules).`);
  for (const e of report.events) lines.push(`Engagement: ${e.event} ${e.points_per_event} points each, up to ${e.cap_events} (${e.key}).`);
  lines.push(`${report.rules.length} fit rules learned.`);
  if (report.threshold) {
    const t = report.threshold;
    const aim = t.target.kind === 'acceptance' ? `${pct(t.target.rate)} acceptance` : `${t.target.count} MQLs`;
    lines.push(
      t.threshold !== undefined
        ? `MQL bar for ${aim}: total ≥ ${t.threshold} points, ${t.mqls} of the history's leads (${pct(t.share)}), predicted ${pct(t.predicted_rate)}, observed ${pct(t.observed_rate)}.`
        : `MQL bar for ${aim}: ${t.note}`,
    );
  }
  for (const skipped of report.skipped) lines.push(`Column "${skipped.column}" not used: it ${skipped.reason}.`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  if (written.policy) lines.push(`Wrote the proposed policy to ${written.policy} (check it: baton policy check ${written.policy}; try it: baton simulate --policy ${written.policy}).`);
  if (written.html) lines.push(`Wrote the report to ${written.html}.`);
  return `${lines.join('\n')}\n`;
}
