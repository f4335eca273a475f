/** One of the four metrics: its value against the target, the counts behind it, and its weekly trend. */
import { useMemo, type ReactNode } from 'react';
import { Chart, PALETTE, type ChartOption } from '../../components/Chart';
import { percent } from '../../format';
import { Link } from '../../router';

export function MetricCard(props: {
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

