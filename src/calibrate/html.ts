/** The calibration report as an HTML page with inline SVG charts (calibration, ROC, points per column). */
import type { CalibrateResult } from './calibrate.js';
import { pct } from './threshold.js';
import { barChart, escapeHtml as e, htmlPage, lineChart } from './svg.js';

const LEARNED = '#2563eb';
const CURRENT = '#9ca3af';

/** ROC curve points (false-positive rate, true-positive rate), at most ~100 of them. */
export function rocCurve(scores: number[], outcomes: number[]): { x: number; y: number }[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = outcomes.reduce((a, b) => a + b, 0);
  const negatives = outcomes.length - positives;
  const points = [{ x: 0, y: 0 }];
  let tp = 0;
  let fp = 0;
  const every = Math.max(1, Math.floor(order.length / 100));
  let sincePoint = 0;
  for (let i = 0; i < order.length; i++) {
    if (outcomes[order[i]!]) tp++;
    else fp++;
    sincePoint++;
    // A point at the end of each group of tied scores, at most about 100 of them.
    const tieNext = i + 1 < order.length && scores[order[i + 1]!] === scores[order[i]!];
    if (!tieNext && (sincePoint >= every || i === order.length - 1)) {
      points.push({ x: fp / Math.max(negatives, 1), y: tp / Math.max(positives, 1) });
      sincePoint = 0;
    }
  }
  return points;
}

export function renderHtml(result: CalibrateResult, test: Int32Array, y: Uint8Array): string {
  const { report } = result;
  const { learned, current } = report;
  const outcomes = Array.from(test, (r) => y[r]!);
  const rocLearned = rocCurve(Array.from(test, (r) => result.points.learned[r]!), outcomes);
  const rocCurrent = rocCurve(Array.from(test, (r) => result.points.current[r]!), outcomes);
  const maxRate = Math.max(0.05, ...learned.calibration.flatMap((b) => [b.predicted, b.observed]), ...current.calibration.flatMap((b) => [b.predicted, b.observed]));
  const calibration = lineChart({
    title: 'Calibration per score band',
    xLabel: 'predicted conversion',
    yLabel: 'observed conversion',
    xMax: maxRate,
    yMax: maxRate,
    series: [
      { name: 'perfect calibration', color: '#d1d5db', points: [{ x: 0, y: 0 }, { x: maxRate, y: maxRate }], dashed: true },
      { name: 'learned points', color: LEARNED, points: learned.calibration.map((b) => ({ x: b.predicted, y: b.observed })) },
      { name: 'current policy', color: CURRENT, points: current.calibration.map((b) => ({ x: b.predicted, y: b.observed })) },
    ],
  });
  const roc = lineChart({
    title: 'ROC curve on held-out rows',
    xLabel: 'false-positive rate',
    yLabel: 'true-positive rate',
    xMax: 1,
    yMax: 1,
    series: [
      { name: 'chance', color: '#d1d5db', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true },
      { name: `learned (AUC ${learned.roc_auc.toFixed(3)})`, color: LEARNED, points: rocLearned },
      { name: `current (AUC ${current.roc_auc.toFixed(3)})`, color: CURRENT, points: rocCurrent },
    ],
  });
  const metricRow = (name: string, a: number | undefined, b: number | undefined, digits: number) =>
    `<tr><td>${name}</td><td>${a === undefined ? '—' : a.toFixed(digits)}</td><td>${b === undefined ? '—' : b.toFixed(digits)}</td></tr>`;
  const featureCharts = report.features
    .map((f) =>
      barChart({
        title: `${f.column} (${f.field})`,
        bars: f.bins.filter((b) => b.rows > 0 || b.points !== 0).map((b) => ({ label: `${b.label} · ${b.rows} rows · ${pct(b.rate)}`, values: [b.points] })),
        series: [{ name: 'points', color: LEARNED }],
        width: 520,
        format: (v) => `${v > 0 ? '+' : ''}${v}`,
      }),
    )
    .join('');
  const bands = (rows: typeof learned.calibration) =>
    rows.map((b) => `<tr><td>${b.low === b.high ? b.low : `${b.low} to ${b.high}`}</td><td>${b.rows}</td><td>${pct(b.predicted)}</td><td>${pct(b.observed)}</td></tr>`).join('');
  const t = report.threshold;
  const body = `
<h1>Calibration report</h1>
<p>History: <code>${e(report.source)}</code>, ${report.rows} rows, ${report.positives} with ${e(report.positive)} (${pct(report.positives / report.rows)}).
Split: ${e(report.split.description)}: ${report.split.train} training rows, ${report.split.test} held out. Fit in ${(report.fit_ms / 1000).toFixed(2)} s.</p>
<p>Scale: <b>+${report.scale.pdo} points double the odds</b>; a lead with 0 points has a ${pct(report.scale.rate_at_0_points)} chance.</p>
${report.warnings.map((w) => `<div class="warn">${e(w)}</div>`).join('')}
<h2>Held-out figures</h2>
<table><tr><th></th><th>learned points</th><th>current policy</th></tr>
${metricRow('ROC AUC', learned.roc_auc, current.roc_auc, 3)}${metricRow('log loss', learned.log_loss, current.log_loss, 3)}
${metricRow('Brier score', learned.brier, current.brier, 3)}${metricRow('lift in top 10 %', learned.lift_top_10, current.lift_top_10, 2)}</table>
<p class="note">The current policy's points are turned into chances by a one-variable logistic fit on the training rows, for its log loss and Brier score.
${current.caveat ? e(current.caveat) : `Its fit rules that these rows can evaluate: ${current.usable_rules} of ${current.total_rules}.`}</p>
<div class="charts">${calibration}${roc}</div>
<h2>Calibration table (learned points): predicted vs observed conversion per score band</h2>
<table><tr><th>points</th><th>rows</th><th>predicted</th><th>observed</th></tr>${bands(learned.calibration)}</table>
<h2>MQL bar</h2>
<p>${t ? (t.threshold !== undefined ? `For ${t.target.kind === 'acceptance' ? `${pct(t.target.rate)} acceptance` : `${t.target.count} MQLs`}: <b>total ≥ ${t.threshold} points</b>: ${t.mqls} leads of the history (${pct(t.share)}), predicted ${pct(t.predicted_rate)}, observed ${pct(t.observed_rate)}.` : e(t.note ?? '')) : 'No target given (--target-acceptance or --target-mql-volume), and the policy has no acceptance-rate target.'}</p>
<h2>Points per column</h2>
<p class="note">Each bar is a bin: its points, training rows and observed conversion. The most common bin of each column is worth 0.</p>
<div class="charts">${featureCharts}</div>
${report.interactions.length ? `<h2>Crossed columns</h2><ul>${report.interactions.map((i) => `<li>${e(i.columns[0])} × ${e(i.columns[1])}: ${i.rules} rules adjust the two columns' own points</li>`).join('')}</ul>` : ''}
${report.events.length ? `<h2>Engagement</h2><ul>${report.events.map((ev) => `<li>${e(ev.event)} (${e(ev.key)}): ${ev.points_per_event} points each, up to ${ev.cap_events}</li>`).join('')}</ul>` : ''}
<h2>Single-column AUC (leakage check)</h2>
<table><tr><th>column</th><th>AUC alone</th></tr>${report.leakage.map((l) => `<tr><td>${e(l.column)}</td><td>${l.auc.toFixed(3)}</td></tr>`).join('')}</table>
${report.skipped.length ? `<p class="note">Not used: ${report.skipped.map((s) => `${e(s.column)} (${e(s.reason)})`).join('; ')}.</p>` : ''}
${report.notes.map((n) => `<p class="note">${e(n)}</p>`).join('')}
<h2>Learned rules (${report.rules.length})</h2>
<table><tr><th>when</th><th>points</th></tr>${report.rules.map((r) => `<tr><td><code>${e(r.when)}</code></td><td>${r.points}</td></tr>`).join('')}</table>`;
  return htmlPage('Baton calibration report', body);
}
