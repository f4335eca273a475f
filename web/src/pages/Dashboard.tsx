/**
 * The hand-off dashboard: the four metrics against their targets with weekly trend lines, the
 * speed-to-lead distribution, the funnel, the rejection Pareto, conversion by source and score
 * band, the leak list, and an optional breakdown. Every number links to the leads behind it
 * (/dashboard/leads, served by GET /api/v1/metrics/leads with the same definitions).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, query } from '../api';
import { Chart, PALETTE, type ChartOption } from '../components/Chart';
import { Layout } from '../components/Layout';
import { Show } from '../components/states';
import { useResource } from '../data';
import { ago, duration, percent, stageLabel, targetText, words } from '../format';
import { BREAKDOWNS, dashboardQuery, lastDays, leadsHref, PRESETS, type DashboardQuery } from '../period';
import { Link, navigate, useLocation } from '../router';
import type { Metrics, Target } from '../types';

interface ParetoRow {
  reason: string;
  label: string;
  count: number;
  share: number;
  cumulative_share: number;
}
interface Rejections {
  rejected: number;
  decided: number;
  reasons: ParetoRow[];
  hints?: { message: string }[];
}
interface ConversionRow {
  key: string;
  mqls: number;
  sal: number;
  sql: number;
  opportunity: number;
  won: number;
  to_opportunity: number | null;
  to_won: number | null;
}
interface Conversion {
  overall: ConversionRow;
  by_source: ConversionRow[];
  by_score_band: ConversionRow[];
  hints?: string[];
}

export default function Dashboard() {
  const { search } = useLocation();
  const q = dashboardQuery(search);
  const metrics = useResource<Metrics>(`/api/v1/metrics${query({ from: q.from, to: q.to, by: q.by })}`);
  const rejections = useResource<Rejections>(`/api/v1/analysis/rejections${query({ from: q.from, to: q.to })}`);
  const conversion = useResource<Conversion>(`/api/v1/analysis/conversion${query({ from: q.from, to: q.to })}`);
  const weekly = useWeeklyFigures(metrics.data, q);

  return (
    <Layout title="Hand-off dashboard">
      <Pickers q={q} />
      <Show resource={metrics} what="the metrics">
        {(m) => (
          <>
            <section aria-labelledby="four-h">
              <h2 id="four-h" className="visually-hidden">
                The four metrics
              </h2>
              <div className="cards">
                <MetricCard
                  title="Acceptance rate"
                  figure="acceptance_rate.value"
                  value={m.acceptance_rate.value}
                  display={percent(m.acceptance_rate.value)}
                  href={leadsHref(q, { metric: 'acceptance_rate', bucket: 'decided' })}
                  target={targetLine(m.acceptance_rate.target)}
                  met={m.acceptance_rate.met}
                  trend={m.trend.map((w) => rate(num(w.accepted), num(w.accepted) + num(w.rejected)))}
                  weeks={m.trend.map((w) => w.week)}
                  hint={m.acceptance_rate.hint}
                >
                  <Num q={q} figure="acceptance_rate.accepted" value={m.acceptance_rate.accepted} metric="acceptance_rate" bucket="accepted" /> accepted,{' '}
                  <Num q={q} figure="acceptance_rate.rejected" value={m.acceptance_rate.rejected} metric="acceptance_rate" bucket="rejected" /> rejected
                </MetricCard>
                <MetricCard
                  title="Response time (median)"
                  figure="response_time.median_ms"
                  value={medianOf(m)}
                  display={duration(medianOf(m))}
                  href={leadsHref(q, { metric: 'response_time', bucket: 'attempted' })}
                  target={m.response_time.target_ms ? `target ≤ ${duration(m.response_time.target_ms)}${basis(m)}` : 'no target set'}
                  met={m.response_time.met}
                  trend={weekly?.map((w) => (w ? medianOf(w) : null)) ?? []}
                  weeks={m.trend.map((w) => w.week)}
                  formatTrend={(v) => duration(v)}
                >
                  <Num q={q} figure="response_time.count" value={m.response_time.count} metric="response_time" bucket="attempted" /> first touches · p90 {duration(m.response_time.p90_ms)}
                </MetricCard>
                <MetricCard
                  title="SLA compliance"
                  figure="sla_compliance.value"
                  value={m.sla_compliance.value}
                  display={percent(m.sla_compliance.value)}
                  href={leadsHref(q, { metric: 'sla_compliance', bucket: 'due' })}
                  target={targetLine(m.sla_compliance.target)}
                  met={(m.sla_compliance.met_target as boolean | null | undefined) ?? null}
                  trend={weekly?.map((w) => w?.sla_compliance.value ?? null) ?? []}
                  weeks={m.trend.map((w) => w.week)}
                >
                  <Num q={q} figure="sla_compliance.met" value={Number(m.sla_compliance.met)} metric="sla_compliance" bucket="met" /> met of{' '}
                  <Num q={q} figure="sla_compliance.due" value={m.sla_compliance.due} metric="sla_compliance" bucket="due" /> due ·{' '}
                  <Num q={q} figure="sla_compliance.breached" value={m.sla_compliance.due - Number(m.sla_compliance.met)} metric="sla_compliance" bucket="breached" /> breached
                </MetricCard>
                <MetricCard
                  title="MQL → opportunity"
                  figure="mql_to_opportunity.value"
                  value={m.mql_to_opportunity.value}
                  display={percent(m.mql_to_opportunity.value)}
                  href={leadsHref(q, { metric: 'mql_to_opportunity', bucket: 'opportunities' })}
                  target={targetLine(m.mql_to_opportunity.target)}
                  met={m.mql_to_opportunity.met}
                  trend={m.trend.map((w) => rate(num(w.opportunities), num(w.mqls)))}
                  weeks={m.trend.map((w) => w.week)}
                >
                  <Num q={q} figure="mql_to_opportunity.opportunities" value={m.mql_to_opportunity.opportunities} metric="mql_to_opportunity" bucket="opportunities" /> opportunities of{' '}
                  <Num q={q} figure="mql_to_opportunity.mqls" value={m.mql_to_opportunity.mqls} metric="mql_to_opportunity" bucket="mqls" /> MQLs
                </MetricCard>
              </div>
            </section>

            {m.breakdown && <Breakdown m={m} q={q} />}

            <div className="two-col">
              <SpeedToLead m={m} q={q} />
              <Funnel m={m} q={q} />
            </div>
            <div className="two-col">
              <section aria-labelledby="pareto-h" className="panel">
                <h2 id="pareto-h">Why leads are rejected</h2>
                <Show resource={rejections} what="the rejection analysis">
                  {(r) => <Pareto r={r} q={q} />}
                </Show>
              </section>
              <section aria-labelledby="conv-h" className="panel">
                <h2 id="conv-h">Conversion by source and score band</h2>
                <Show resource={conversion} what="the conversion analysis">
                  {(c) => <ConversionView c={c} q={q} />}
                </Show>
              </section>
            </div>
            <Leaks m={m} q={q} />
          </>
        )}
      </Show>
    </Layout>
  );
}

const targetLine = (t: Target | null | undefined) => (t ? `target ${targetText(t)}` : 'no target set');
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const rate = (a: number, b: number) => (b > 0 ? a / b : null);
const medianOf = (m: Pick<Metrics, 'response_time'>) =>
  (m.response_time as { target_basis?: string }).target_basis === 'business' ? (m.response_time.business?.median_ms ?? null) : m.response_time.median_ms;
const basis = (m: Metrics) => ((m.response_time as { target_basis?: string }).target_basis === 'business' ? ' (business time)' : '');

/** Response time and SLA compliance per week of the period (the trend carries only counts), fetched after the main figures. */
function useWeeklyFigures(m: Metrics | undefined, q: DashboardQuery): (Metrics | null)[] | undefined {
  const [weeks, setWeeks] = useState<(Metrics | null)[]>();
  const key = m ? `${q.from}|${q.to}|${m.trend.map((w) => w.week).join(',')}` : '';
  useEffect(() => {
    if (!m) return;
    let cancelled = false;
    const end = Date.parse(m.period.to);
    const starts = m.trend.map((w) => w.week).slice(-13);
    void Promise.all(
      starts.map((week) => {
        const from = new Date(Math.max(Date.parse(`${week}T00:00:00Z`), Date.parse(m.period.from)));
        const to = new Date(Math.min(Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000, end));
        return to > from ? get<Metrics>(`/api/v1/metrics${query({ from: from.toISOString(), to: to.toISOString() })}`).catch(() => null) : Promise.resolve(null);
      }),
    ).then((result) => {
      if (!cancelled) setWeeks(result);
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return weeks;
}

function Pickers({ q }: { q: DashboardQuery }) {
  const [from, setFrom] = useState(q.from);
  const [to, setTo] = useState(q.to);
  useEffect(() => {
    setFrom(q.from);
    setTo(q.to);
  }, [q.from, q.to]);
  const go = (next: Partial<DashboardQuery>) => {
    const merged = { ...q, ...next };
    navigate(`/dashboard${query({ from: merged.from, to: merged.to, by: merged.by })}`, { replace: true });
  };
  const preset = PRESETS.find((p) => {
    const r = lastDays(p.days);
    return r.from === q.from && r.to === q.to;
  });
  return (
    <form
      className="pickers"
      aria-label="Period and breakdown"
      onSubmit={(e) => {
        e.preventDefault();
        go({ from, to });
      }}
    >
      <div className="field">
        <label htmlFor="preset">Period</label>
        <select id="preset" value={preset ? String(preset.days) : 'custom'} onChange={(e) => e.target.value !== 'custom' && go(lastDays(Number(e.target.value)))}>
          {PRESETS.map((p) => (
            <option key={p.days} value={p.days}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="from">From</label>
        <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="to">To</label>
        <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <button type="submit">Apply dates</button>
      <div className="field">
        <label htmlFor="by">Breakdown</label>
        <select id="by" value={q.by} onChange={(e) => go({ by: e.target.value })}>
          {BREAKDOWNS.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

/** A count that links to its leads; `data-figure` names the API field it shows. */
function Num({ q, figure, value, metric, bucket, extra }: { q: DashboardQuery; figure?: string; value: number; metric: string; bucket: string; extra?: Record<string, string> }) {
  return (
    <Link to={leadsHref(q, { metric, bucket, ...extra })} data-figure={figure} data-value={value} className="num-link">
      {value.toLocaleString()}
    </Link>
  );
}

function MetricCard(props: {
  title: string;
  figure: string;
  value: number | null;
  display: string;
  href: string;
  target: string;
  met: boolean | null | undefined;
  trend: (number | null)[];
  weeks: string[];
  formatTrend?: (v: number) => string;
  hint?: string | undefined;
  children: ReactNode;
}) {
  const status = props.met === true ? 'on target' : props.met === false ? 'off target' : props.value === null ? 'no data yet' : null;
  const fmt = props.formatTrend ?? ((v: number) => percent(v));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 4, right: 4, top: 6, bottom: 4 },
      xAxis: { type: 'category', show: false, data: props.weeks },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : '–') },
      series: [{ type: 'line', data: props.trend, smooth: true, symbolSize: 4, connectNulls: true, lineStyle: { color: PALETTE.blue, width: 2 }, itemStyle: { color: PALETTE.blue } }],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.trend.join(','), props.weeks.join(',')],
  );
  const trendText = props.trend.map((v, i) => `${props.weeks[i]}: ${v === null ? 'no data' : fmt(v)}`).join('; ');
  return (
    <article className={`card metric ${props.met === true ? 'met' : props.met === false ? 'missed' : ''}`} aria-labelledby={`${props.figure}-title`}>
      <h3 id={`${props.figure}-title`}>{props.title}</h3>
      <p className="big">
        <Link to={props.href} data-figure={props.figure} data-value={props.value ?? ''}>
          {props.display}
        </Link>
      </p>
      <p className="target">
        {props.target}
        {status && (
          <>
            {' · '}
            <strong className="status">{status}</strong>
          </>
        )}
      </p>
      <p className="detail">{props.children}</p>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.trend.length > 1 && <Chart option={option} height={56} label={`${props.title} by week: ${trendText}`} />}
    </article>
  );
}

const BUCKET_LABELS: Record<string, string> = { under_5m: '< 5 min', under_1h: '5–60 min', under_4h: '1–4 h', under_24h: '4–24 h', over_24h: '> 24 h', never: 'not yet' };

function SpeedToLead({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const buckets = Object.keys(BUCKET_LABELS).filter((b) => b in m.response_time.distribution);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: buckets.map((b) => BUCKET_LABELS[b]) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: buckets.map((b) => m.response_time.distribution[b] ?? 0), itemStyle: { color: PALETTE.blue }, cursor: 'pointer' }],
    }),
    [m, buckets.join()],
  );
  return (
    <section aria-labelledby="speed-h" className="panel">
      <h2 id="speed-h">Speed to lead</h2>
      <Chart option={option} label="Time from hand-off to first touch" onClick={(p) => navigate(leadsHref(q, { metric: 'response_time', bucket: buckets[p.dataIndex] }))} />
      <ul className="inline-figures">
        {buckets.map((b) => (
          <li key={b}>
            {BUCKET_LABELS[b]}: <Num q={q} figure={`response_time.distribution.${b}`} value={m.response_time.distribution[b] ?? 0} metric="response_time" bucket={b} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Funnel({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '5%',
          width: '55%',
          minSize: '6%',
          label: { show: true, position: 'right', color: '#1b1f24', formatter: '{b}: {c}' },
          data: m.funnel.map((f, i) => ({ name: stageLabel(f.stage), value: f.count, itemStyle: { color: [PALETTE.blue, '#2b61b8', PALETTE.teal, '#0d5f5b', '#174d2a'][i % 5] } })),
          cursor: 'pointer',
        },
      ],
    }),
    [m],
  );
  return (
    <section aria-labelledby="funnel-h" className="panel">
      <h2 id="funnel-h">Funnel</h2>
      <Chart option={option} label="Leads reaching each stage" onClick={(p) => navigate(leadsHref(q, { metric: 'funnel', bucket: m.funnel[p.dataIndex]?.stage }))} />
      <table>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="num">
              Leads
            </th>
            <th scope="col" className="num">
              From previous
            </th>
            <th scope="col" className="num">
              Median time
            </th>
          </tr>
        </thead>
        <tbody>
          {m.funnel.map((f) => (
            <tr key={f.stage}>
              <td>{stageLabel(f.stage)}</td>
              <td className="num">
                <Num q={q} figure={`funnel.${f.stage}`} value={f.count} metric="funnel" bucket={f.stage} />
              </td>
              <td className="num">{percent(f.conversion_from_previous)}</td>
              <td className="num">{duration(f.median_time_in_stage_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Pareto({ r, q }: { r: Rejections; q: DashboardQuery }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 40, top: 10, bottom: 60 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: r.reasons.map((x) => x.label), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', max: 1, axisLabel: { formatter: (v: number) => percent(v) } },
      ],
      series: [
        { type: 'bar', data: r.reasons.map((x) => x.count), itemStyle: { color: PALETTE.amber }, cursor: 'pointer' },
        { type: 'line', yAxisIndex: 1, data: r.reasons.map((x) => x.cumulative_share), itemStyle: { color: PALETTE.grey } },
      ],
    }),
    [r],
  );
  if (r.reasons.length === 0) return <p className="muted">No rejections in this period.</p>;
  return (
    <>
      <Chart option={option} label="Rejections by reason, most frequent first, with the cumulative share" onClick={(p) => navigate(leadsHref(q, { metric: 'rejections', bucket: 'rejected', reason: r.reasons[p.dataIndex]?.reason }))} />
      <ol className="inline-figures">
        {r.reasons.map((x) => (
          <li key={x.reason}>
            {x.label}: <Num q={q} value={x.count} metric="rejections" bucket="rejected" extra={{ reason: x.reason }} /> ({percent(x.share)})
          </li>
        ))}
      </ol>
      {r.hints?.map((h) => (
        <p key={h.message} className="hint">
          {h.message}
        </p>
      ))}
    </>
  );
}

function ConversionView({ c, q }: { c: Conversion; q: DashboardQuery }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 10, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? percent(v) : '–') },
      xAxis: { type: 'category', data: c.by_score_band.map((b) => b.key) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => percent(v) } },
      series: [{ type: 'bar', data: c.by_score_band.map((b) => b.to_opportunity), itemStyle: { color: PALETTE.teal }, cursor: 'pointer' }],
    }),
    [c],
  );
  const table = (title: string, by: string, rows: ConversionRow[]) => (
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{by === 'source' ? 'Source' : 'Score band'}</th>
          <th scope="col" className="num">
            MQLs
          </th>
          <th scope="col" className="num">
            Opportunities
          </th>
          <th scope="col" className="num">
            Rate
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>{words(row.key)}</td>
            <td className="num">
              <Num q={q} value={row.mqls} metric="conversion" bucket="mql" extra={{ by, key: row.key }} />
            </td>
            <td className="num">
              <Num q={q} value={row.opportunity} metric="conversion" bucket="opportunity" extra={{ by, key: row.key }} />
            </td>
            <td className="num">{percent(row.to_opportunity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      <Chart option={option} label="MQL to opportunity rate by score band" onClick={(p) => navigate(leadsHref(q, { metric: 'conversion', bucket: 'opportunity', by: 'score_band', key: c.by_score_band[p.dataIndex]?.key }))} />
      {table('By score band', 'score_band', c.by_score_band)}
      {table('By source', 'source', c.by_source)}
      {c.hints?.map((h) => (
        <p key={h} className="hint">
          {h}
        </p>
      ))}
    </>
  );
}

function Leaks({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const counts = (m as { leak_counts?: Record<string, number> }).leak_counts ?? {};
  return (
    <section aria-labelledby="leaks-h" className="panel">
      <h2 id="leaks-h">Leaks</h2>
      <p>
        {Object.entries(counts).map(([reason, n], i) => (
          <span key={reason}>
            {i > 0 && ' · '}
            {words(reason)}: <Num q={q} figure={`leak_counts.${reason}`} value={n} metric="leaks" bucket={reason} />
          </span>
        ))}
      </p>
      {m.leaks.length === 0 ? (
        <p className="muted">No leaks: every open MQL has an owner who has reached out.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Open leads waiting without an owner or a first touch, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Leak</th>
              <th scope="col">Waiting</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {m.leaks.slice(0, 25).map((l) => (
              <tr key={l.lead_id}>
                <td data-label="Lead">
                  <Link to={`/leads/${l.lead_id}`}>{String(l.email ?? l.lead_id)}</Link>
                </td>
                <td data-label="Leak">{words(l.reason)}</td>
                <td data-label="Waiting">{ago(l.since)}</td>
                <td data-label="Owner">{String(l.owner ?? '–')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Breakdown({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const rows = m.breakdown ?? [];
  if (!q.by) return null;
  return (
    <section aria-labelledby="breakdown-h" className="panel">
      <h2 id="breakdown-h">By {words(q.by)}</h2>
      {rows.length === 0 ? (
        <p className="muted">Nothing to break down in this period.</p>
      ) : (
        <table data-testid="breakdown">
          <thead>
            <tr>
              <th scope="col">{words(q.by)}</th>
              <th scope="col" className="num">
                Acceptance
              </th>
              <th scope="col" className="num">
                Response (median)
              </th>
              <th scope="col" className="num">
                SLA compliance
              </th>
              <th scope="col" className="num">
                MQL → opp.
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const extra = { by: q.by, key: row.key };
              return (
                <tr key={row.key}>
                  <td data-label={words(q.by)}>{row.label}</td>
                  <td data-label="Acceptance" className="num">
                    <Link to={leadsHref(q, { metric: 'acceptance_rate', bucket: 'decided', ...extra })}>{percent(row.acceptance_rate.value)}</Link>
                  </td>
                  <td data-label="Response" className="num">
                    <Link to={leadsHref(q, { metric: 'response_time', bucket: 'attempted', ...extra })}>{duration(medianOf({ response_time: row.response_time as Metrics['response_time'] }))}</Link>
                  </td>
                  <td data-label="SLA" className="num">
                    <Link to={leadsHref(q, { metric: 'sla_compliance', bucket: 'due', ...extra })}>{percent(row.sla_compliance.value)}</Link>
                  </td>
                  <td data-label="MQL → opp." className="num">
                    <Link to={leadsHref(q, { metric: 'mql_to_opportunity', bucket: 'opportunities', ...extra })}>{percent(row.mql_to_opportunity.value)}</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

