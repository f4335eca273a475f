/** The dashboard's charts: speed to lead, the funnel, the rejection Pareto and conversion by score band and source. */
import { useMemo } from 'react';
import { Chart, PALETTE, type ChartOption } from '../../components/Chart';
import { duration, percent, stageLabel, words } from '../../format';
import { leadsHref, type DashboardQuery } from '../../period';
import { navigate } from '../../router';
import type { Metrics } from '../../types';
import { Num, type Conversion, type ConversionRow, type Rejections } from './shared';

const BUCKET_LABELS: Record<string, string> = { under_5m: '< 5 min', under_1h: '5–60 min', under_4h: '1–4 h', under_24h: '4–24 h', over_24h: '> 24 h', never: 'not yet' };

export function SpeedToLead({ m, q }: { m: Metrics; q: DashboardQuery }) {
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

export function Funnel({ m, q }: { m: Metrics; q: DashboardQuery }) {
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

export function Pareto({ r, q }: { r: Rejections; q: DashboardQuery }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 44, top: 10, bottom: 10, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: r.reasons.map((x) => x.label), axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate' } },
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

export function ConversionView({ c, q }: { c: Conversion; q: DashboardQuery }) {
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

