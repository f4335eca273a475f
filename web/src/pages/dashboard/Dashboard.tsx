/**
 * The hand-off dashboard: the four metrics against their targets with weekly trend lines, the
 * speed-to-lead distribution, the funnel, the rejection Pareto, conversion by source and score
 * band, the leak list, and an optional breakdown. Every number links to the leads behind it
 * (/dashboard/leads, served by GET /api/v1/metrics/leads with the same definitions).
 */
import { useEffect, useState } from 'react';
import { get, query } from '../../api';
import { Layout } from '../../components/Layout';
import { Show } from '../../components/states';
import { useResource } from '../../data';
import { duration, percent } from '../../format';
import { dashboardQuery, leadsHref, type DashboardQuery } from '../../period';
import { useLocation } from '../../router';
import type { Metrics } from '../../types';
import { ConversionView, Funnel, Pareto, SpeedToLead } from './Charts';
import { MetricCard } from './MetricCard';
import { Pickers } from './Pickers';
import { basis, medianOf, num, Num, rate, targetLine, type Conversion, type Rejections } from './shared';
import { Breakdown, Leaks } from './Tables';

export default function Dashboard() {
  const { search } = useLocation();
  const q = dashboardQuery(search);
  const metrics = useResource<Metrics>(`/api/v1/metrics${query({ from: q.from, to: q.to, by: q.by })}`);
  // The analyses after the four metrics: one database serves them all, so the figures come first.
  const then = (path: string) => (metrics.data || metrics.error ? path : undefined);
  const rejections = useResource<Rejections>(then(`/api/v1/analysis/rejections${query({ from: q.from, to: q.to })}`));
  const conversion = useResource<Conversion>(then(`/api/v1/analysis/conversion${query({ from: q.from, to: q.to })}`));
  const weekly = useWeeklyFigures(metrics.data, q, Boolean((rejections.data || rejections.error) && (conversion.data || conversion.error)));

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

/**
 * Response time and SLA compliance per week of the period (the trend carries only counts): one
 * metrics request a week, one at a time, once the rest of the page has loaded (`ready`).
 */
function useWeeklyFigures(m: Metrics | undefined, q: DashboardQuery, ready: boolean): (Metrics | null)[] | undefined {
  const [weeks, setWeeks] = useState<(Metrics | null)[]>();
  const key = m && ready ? `${q.from}|${q.to}|${m.trend.map((w) => w.week).join(',')}` : '';
  useEffect(() => {
    if (!m || !ready) return;
    let cancelled = false;
    const end = Date.parse(m.period.to);
    const starts = m.trend.map((w) => w.week).slice(-13);
    void (async () => {
      const result: (Metrics | null)[] = [];
      for (const week of starts) {
        const from = new Date(Math.max(Date.parse(`${week}T00:00:00Z`), Date.parse(m.period.from)));
        const to = new Date(Math.min(Date.parse(`${week}T00:00:00Z`) + 7 * 86_400_000, end));
        result.push(to > from ? await get<Metrics>(`/api/v1/metrics${query({ from: from.toISOString(), to: to.toISOString() })}`).catch(() => null) : null);
        if (cancelled) return;
      }
      setWeeks(result);
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return weeks;
}
