/** The monthly audit as a Document (rendered to self-contained HTML and to Markdown). */
import type { MetricsReport } from '../../metrics/query/metrics.js';
import { barChart, columnChart } from '../document/charts.js';
import { h, list, note, p, table, type Block, type Document } from '../document/blocks.js';
import type { AuditData } from './audit-data.js';
import { duration as hours, pct, targetText as target, verdict } from '../../metrics/format.js';

/** Rows listed per table of leads (breaches, stalled, leaks); the API lists them all (Default: 20). */
const LIST_ROWS = 20;

const points = (a: number | null, b: number | null) => (a === null || b === null ? '–' : `${a >= b ? '+' : ''}${((a - b) * 100).toFixed(1)} pts`);
const R = 'right' as const;
const L = 'left' as const;

export function auditDocument(a: AuditData): Document {
  const monthLabel = new Date(a.period.from).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    title: `${a.workspace}: hand-off audit, ${monthLabel}`,
    subtitle: `${a.period.from.slice(0, 10)} to ${a.period.to.slice(0, 10)} (UTC, end exclusive) · policy version ${a.policy.version} (${a.policy.hash.slice(0, 12)}) · generated ${a.generated_at.slice(0, 16).replace('T', ' ')} UTC`,
    blocks: [
      h(1, 'The four metrics'),
      summaryTable(a.metrics, a.previous, a.previous_month),
      h(2, 'Recommended actions'),
      list(a.recommendations, true),
      h(2, 'Weekly volume'),
      {
        kind: 'chart',
        alt: 'MQLs, hand-offs, accepted and rejected per week (figures in the table below)',
        svg: columnChart(
          a.metrics.trend.map((w) => w.week),
          [
            { name: 'MQLs', values: a.metrics.trend.map((w) => w.mqls) },
            { name: 'handed off', values: a.metrics.trend.map((w) => w.handed_off) },
            { name: 'accepted', values: a.metrics.trend.map((w) => w.accepted) },
            { name: 'rejected', values: a.metrics.trend.map((w) => w.rejected) },
          ],
          { format: (v) => String(Math.round(v)) },
        ),
      },
      table(
        ['Week of', 'New leads', 'MQLs', 'Handed off', 'Accepted', 'Rejected', 'Opportunities'],
        a.metrics.trend.map((w) => [w.week, ...[w.leads, w.mqls, w.handed_off, w.accepted, w.rejected, w.opportunities].map(String)]),
        [L, R, R, R, R, R, R],
      ),
      ...responseSection(a.metrics),
      ...slaSection(a.metrics),
      ...funnelSection(a.metrics),
      ...rejectionSection(a),
      ...conversionSection(a),
      ...openWorkSection(a),
      ...policySection(a),
    ],
  };
}

function summaryTable(m: MetricsReport, prev: MetricsReport, prevMonth: string): Block {
  const rt = m.response_time;
  return table(
    ['Metric', 'This month', prevMonth, 'Change', 'Target', 'Verdict'],
    [
      ['MQL → SAL acceptance', `${pct(m.acceptance_rate.value)} (${m.acceptance_rate.accepted} of ${m.acceptance_rate.accepted + m.acceptance_rate.rejected})`, pct(prev.acceptance_rate.value), points(m.acceptance_rate.value, prev.acceptance_rate.value), target(m.acceptance_rate.target), verdict(m.acceptance_rate.met)],
      [
        'Response time (median)',
        `${hours(rt.median_ms)} (business ${hours(rt.business.median_ms)})`,
        hours(prev.response_time.median_ms),
        '',
        rt.target_ms === null ? 'none' : `≤ ${hours(rt.target_ms)}${rt.target_basis === 'business' ? ' business' : ''}`,
        verdict(rt.met),
      ],
      ['SLA compliance', `${pct(m.sla_compliance.value)} (${m.sla_compliance.met} of ${m.sla_compliance.due})`, pct(prev.sla_compliance.value), points(m.sla_compliance.value, prev.sla_compliance.value), target(m.sla_compliance.target), verdict(m.sla_compliance.met_target)],
      ['MQL → opportunity', `${pct(m.mql_to_opportunity.value)} (${m.mql_to_opportunity.opportunities} of ${m.mql_to_opportunity.mqls})`, pct(prev.mql_to_opportunity.value), points(m.mql_to_opportunity.value, prev.mql_to_opportunity.value), target(m.mql_to_opportunity.target), verdict(m.mql_to_opportunity.met)],
    ],
    [L, R, R, R, L, L],
  );
}

function responseSection(m: MetricsReport): Block[] {
  const rt = m.response_time;
  const buckets: [keyof typeof rt.distribution, string][] = [
    ['under_5m', 'under 5 min'],
    ['under_1h', '5 min – 1 h'],
    ['under_4h', '1 – 4 h'],
    ['under_24h', '4 – 24 h'],
    ['over_24h', 'over 24 h'],
    ['never', 'never attempted'],
  ];
  const total = buckets.reduce((s, [k]) => s + rt.distribution[k], 0);
  return [
    h(1, 'Response time'),
    p(`From assignment to the first contact attempt, over ${rt.count} attempted hand-offs: median ${hours(rt.median_ms)}, mean ${hours(rt.mean_ms)}, 90th percentile ${hours(rt.p90_ms)}; in the rep's working hours median ${hours(rt.business.median_ms)}, 90th percentile ${hours(rt.business.p90_ms)}.`),
    { kind: 'chart', alt: 'Speed to lead: hand-offs per response-time bucket', svg: barChart(buckets.map(([k, label]) => ({ label, value: rt.distribution[k], note: `${rt.distribution[k]} (${pct(total ? rt.distribution[k] / total : null)})` })), { format: String }) },
    table(['Bucket', 'Hand-offs', 'Share'], buckets.map(([k, label]) => [label, String(rt.distribution[k]), pct(total ? rt.distribution[k] / total : null)]), [L, R, R]),
  ];
}

function slaSection(m: MetricsReport): Block[] {
  const sla = m.sla_compliance;
  const reps = (m.breakdown ?? []).filter((r) => r.key !== '(none)');
  return [
    h(1, 'SLA compliance'),
    table(['Clock', 'Met', 'Due', 'Compliance'], Object.entries(sla.by_clock).map(([clock, c]) => [`\`${clock}\``, String(c.met), String(c.due), pct(c.value)]), [L, R, R, R]),
    h(2, 'By rep'),
    reps.length
      ? table(
          ['Rep', 'Clocks met', 'Due', 'Compliance', 'Median response', 'Acceptance', 'Handed off'],
          reps.map((r) => [r.label, String(r.sla_compliance.met), String(r.sla_compliance.due), pct(r.sla_compliance.value), hours(r.response_time.median_ms), pct(r.acceptance_rate.value), String(r.acceptance_rate.handed_off)]),
          [L, R, R, R, R, R, R],
        )
      : p('No hand-offs to reps this month.'),
    h(2, `Breaches (${sla.due - sla.met})`),
    sla.breaches.length
      ? table(['Lead', 'Clock', 'Rep', 'Due', 'Late by'], sla.breaches.slice(0, LIST_ROWS).map((b) => [b.email ?? b.lead_id, b.clock, b.rep ?? '', b.due_at.slice(0, 16).replace('T', ' '), `${hours(b.late_ms)}${b.stopped_at ? '' : ' (still open)'}`]))
      : p('No breaches.'),
  ];
}

function funnelSection(m: MetricsReport): Block[] {
  return [
    h(1, 'Funnel'),
    p(`Of the ${m.mql_to_opportunity.mqls} leads that qualified this month, how far they got so far, and the median time spent in each stage by those that moved on.`),
    table(['Stage', 'Reached', 'From the stage before', 'Median time in stage'], m.funnel.map((f) => [f.stage.toUpperCase(), String(f.count), pct(f.conversion_from_previous), hours(f.median_time_in_stage_ms)]), [L, R, R, R]),
  ];
}

function rejectionSection(a: AuditData): Block[] {
  const r = a.rejections;
  if (r.reasons.length === 0) return [h(1, 'Rejections'), p('Sales rejected no hand-offs this month.')];
  const topBy = (groups: typeof r.by_source) =>
    groups.slice(0, 10).map((g) => [g.label, String(g.rejected), pct(g.rejection_rate), g.reasons[0] ? `${g.reasons[0].reason} (${pct(g.reasons[0].share)})` : '']);
  return [
    h(1, 'Rejections'),
    p(`${r.rejected} of ${r.decided} decided hand-offs were rejected. Reasons, most frequent first:`),
    { kind: 'chart', alt: 'Rejection reasons (Pareto)', svg: barChart(r.reasons.map((x) => ({ label: x.label, value: x.count, note: `${x.count} · ${pct(x.share)} · cum. ${pct(x.cumulative_share)}` })), { format: String }) },
    table(['Reason', 'Rejections', 'Share', 'Cumulative'], r.reasons.map((x) => [`\`${x.reason}\``, String(x.count), pct(x.share), pct(x.cumulative_share)]), [L, R, R, R]),
    ...(r.hints.length ? [list(r.hints.map((x) => x.message))] : []),
    h(2, 'By source'),
    table(['Source', 'Rejected', 'Rejection rate', 'Top reason'], topBy(r.by_source), [L, R, R, L]),
    h(2, 'By segment'),
    table(['Segment', 'Rejected', 'Rejection rate', 'Top reason'], topBy(r.by_segment), [L, R, R, L]),
    h(2, 'By rep (who rejected)'),
    table(['Rep', 'Rejected', 'Rejection rate', 'Top reason'], topBy(r.by_rep), [L, R, R, L]),
  ];
}

function conversionSection(a: AuditData): Block[] {
  const c = a.conversion;
  const rows = (list: typeof c.by_source) => list.slice(0, 15).map((x) => [x.key, String(x.mqls), pct(x.to_sal), pct(x.to_sql), pct(x.to_opportunity), pct(x.to_won)]);
  const head = (name: string) => [name, 'MQLs', '→ SAL', '→ SQL', '→ opportunity', '→ won'];
  const align = [L, R, R, R, R, R];
  return [
    h(1, 'Conversion'),
    h(2, 'By source'),
    table(head('Source'), rows(c.by_source), align),
    h(2, 'By score band'),
    { kind: 'chart', alt: 'MQL → opportunity by score band', svg: barChart(c.by_score_band.map((b) => ({ label: `score ${b.key}`, value: b.to_opportunity ?? 0, note: `${pct(b.to_opportunity)} of ${b.mqls}` })), { format: pct, max: 1 }) },
    table(head('Score band'), rows(c.by_score_band), align),
    p(
      c.score_bands.verdict === 'higher_converts_better'
        ? 'Higher score bands convert better: the scoring still ranks leads well.'
        : c.score_bands.verdict === 'not_better'
          ? (c.score_bands.message ?? '')
          : 'Too few leads per score band this month to judge the scoring.',
    ),
    h(2, 'By campaign'),
    table(head('Campaign'), rows(c.by_campaign), align),
    h(2, 'By first-touch channel'),
    table(head('Channel'), rows(c.by_channel), align),
  ];
}

function openWorkSection(a: AuditData): Block[] {
  const s = a.stalled;
  const m = a.metrics;
  return [
    h(1, 'Stalled and leaked leads'),
    note(`As of ${a.generated_at.slice(0, 16).replace('T', ' ')} UTC, whenever they qualified.`),
    table(
      ['What', 'Leads'],
      [
        ['No owner (waiting in the fallback queue)', String(m.leak_counts.no_owner)],
        ['Owned, no first contact attempt', String(m.leak_counts.no_first_touch)],
        ['Accepted, never attempted', String(s.counts.accepted_no_attempt)],
        ['Attempted, never connected', String(s.counts.attempted_not_connected)],
        ['Past an SLA deadline of their stage', String(s.counts.over_sla)],
        ...s.over_max_time.map((o) => [`In ${o.stage.toUpperCase()} longer than the policy's ${o.max_time}`, String(o.count)]),
      ],
      [L, R],
    ),
    ...(s.hints.length ? [list(s.hints)] : []),
    ...(m.leaks.length
      ? [h(2, 'Oldest leaks'), table(['Lead', 'Why', 'Owner', 'Waiting since'], m.leaks.slice(0, LIST_ROWS).map((l) => [l.email ?? l.lead_id, l.reason.replaceAll('_', ' '), l.owner ?? '', l.since.slice(0, 16).replace('T', ' ')]))]
      : []),
    ...(s.leads.length
      ? [h(2, 'Oldest stalled'), table(['Lead', 'Why', 'Stage', 'Owner', 'Attempts', 'Since'], s.leads.slice(0, LIST_ROWS).map((l) => [l.email ?? l.lead_id, l.max_time ? `over ${l.max_time} in stage` : l.reason.replaceAll('_', ' '), l.stage, l.owner ?? '', String(l.attempts), l.since.slice(0, 16).replace('T', ' ')]))]
      : []),
  ];
}

function policySection(a: AuditData): Block[] {
  if (a.policy_changes.length === 0) return [h(1, 'Policy changes'), p('The policy did not change this month.')];
  return [
    h(1, 'Policy changes'),
    ...a.policy_changes.flatMap((c): Block[] => [
      h(2, `Version ${c.version}, published ${c.published_at.slice(0, 16).replace('T', ' ')} UTC`),
      p(`${c.previous ? `Changes from version ${c.previous}` : 'The first version'}: ${c.diff.added} line${c.diff.added === 1 ? '' : 's'} added, ${c.diff.removed} removed (hash ${c.hash.slice(0, 12)}, ${c.file}).`),
      { kind: 'diff', lines: c.diff.lines.map((l) => ({ op: l.op, text: l.text })) },
    ]),
  ];
}
