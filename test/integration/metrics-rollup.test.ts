/**
 * The figures GET /api/v1/metrics reads from the rollups (daily counters, value histograms and
 * exact percentiles from one bucket's rows) equal the same figures computed straight from the
 * hand-off and clock rows with count(*), avg() and percentile_cont, to the millisecond, for
 * periods that start and end anywhere (mid-day, at midnight, inside one day, across months) and
 * for every breakdown. The history is random (seeded) and the read model is built in batches of
 * a few events, so the rollups are kept as differences of rows rewritten many times.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp, resetReadModel } from '../../src/metrics/read-model/projector.js';
import { recomputeRollups } from '../../src/metrics/read-model/rollup-writes.js';
import { metricsPolicyFile, randomHistory } from '../support/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-20T12:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: await metricsPolicyFile(), clock: { now: () => NOW }, workers: false });
  const history = randomHistory({ seed: 4, leads: 260, from: '2026-07-01T00:00:00Z', to: NOW.toISOString(), now: NOW.toISOString(), reps: ['ana', 'ben', 'cy'] });
  await history.save(t.app.deps.db, t.app.running.version);
  await catchUp(t.app.deps.db, () => t.app.running.policy, { batchSize: 7 });
}, 300_000);
afterAll(async () => {
  await t?.close();
});

interface Expected {
  handed_off: number;
  accepted: number;
  rejected: number;
  attempted: number;
  wall: (number | null)[];
  business: (number | null)[];
  distribution: Record<string, number>;
  mqls: number;
  reached: number[];
  time_in_stage: (number | null)[];
  met: number;
  due: number;
}

const round = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

/** The figures from the rows, per key of `by` (key '' for the total), written as plainly as SQL allows. */
async function fromRows(from: string, to: string, by?: string): Promise<Map<string, Expected>> {
  const db = t.app.deps.db;
  const key = by ? sql`coalesce(${sql.ref(`h.${by}`)}, '(none)')` : sql`''`;
  const clockKey = by ? sql`coalesce(${sql.ref(`c.${by}`)}, '(none)')` : sql`''`;
  const handed = sql`h.assigned_at >= ${from}::timestamptz and h.assigned_at < ${to}::timestamptz`;
  const qualified = sql`h.mql_at >= ${from}::timestamptz and h.mql_at < ${to}::timestamptz`;
  const attempted = sql`${handed} and h.response_ms is not null`;
  const span = (a: string, b: string) => sql`(extract(epoch from (${sql.ref(`h.${b}`)} - ${sql.ref(`h.${a}`)})) * 1000)::float8`;
  const stage = (a: string, b: string) => sql`percentile_cont(0.5) within group (order by ${span(a, b)}) filter (where ${qualified} and ${sql.ref(`h.${a}`)} is not null and ${sql.ref(`h.${b}`)} is not null)`;
  const handoffs = await sql<Record<string, unknown>>`
    select ${key} as key,
      count(*) filter (where ${handed}) as handed_off,
      count(*) filter (where ${handed} and h.accepted_at is not null) as accepted,
      count(*) filter (where ${handed} and h.rejected_at is not null and h.accepted_at is null) as rejected,
      count(*) filter (where ${attempted}) as attempted,
      percentile_cont(array[0.5, 0.9]) within group (order by h.response_ms) filter (where ${attempted}) as wall,
      avg(h.response_ms) filter (where ${attempted}) as wall_mean,
      percentile_cont(array[0.5, 0.9]) within group (order by h.response_business_ms) filter (where ${attempted}) as business,
      avg(h.response_business_ms) filter (where ${attempted}) as business_mean,
      count(*) filter (where ${attempted} and h.response_ms < 300000) as under_5m,
      count(*) filter (where ${attempted} and h.response_ms >= 300000 and h.response_ms < 3600000) as under_1h,
      count(*) filter (where ${attempted} and h.response_ms >= 3600000 and h.response_ms < 14400000) as under_4h,
      count(*) filter (where ${attempted} and h.response_ms >= 14400000 and h.response_ms < 86400000) as under_24h,
      count(*) filter (where ${attempted} and h.response_ms >= 86400000) as over_24h,
      count(*) filter (where ${handed} and h.response_ms is null) as never,
      count(*) filter (where ${qualified}) as mqls,
      count(*) filter (where ${qualified} and coalesce(h.sal_at, h.sql_at, h.opportunity_at, h.won_at) is not null) as sal,
      count(*) filter (where ${qualified} and coalesce(h.sql_at, h.opportunity_at, h.won_at) is not null) as sql,
      count(*) filter (where ${qualified} and coalesce(h.opportunity_at, h.won_at) is not null) as opportunity,
      count(*) filter (where ${qualified} and h.won_at is not null) as won,
      ${stage('mql_at', 'mql_left_at')} as t_mql, ${stage('sal_at', 'sal_left_at')} as t_sal,
      ${stage('sql_at', 'sql_left_at')} as t_sql, ${stage('opportunity_at', 'opportunity_left_at')} as t_opportunity
    from metrics_handoffs h where (${handed}) or (${qualified}) group by 1
  `.execute(db);
  const clocks = await sql<{ key: string; met: number; due: number }>`
    select ${clockKey} as key, count(*) filter (where c.status = 'met') as met,
      count(*) filter (where c.status in ('met', 'breached') or (c.status = 'open' and c.due_at < ${NOW})) as due
    from metrics_clocks c where c.started_at >= ${from}::timestamptz and c.started_at < ${to}::timestamptz group by 1
  `.execute(db);
  const result = new Map<string, Expected>();
  for (const r of handoffs.rows) {
    const n = (c: string) => Number(r[c]);
    result.set(String(r.key), {
      handed_off: n('handed_off'),
      accepted: n('accepted'),
      rejected: n('rejected'),
      attempted: n('attempted'),
      wall: [...((r.wall as number[] | null) ?? [null, null]).map(round), round(r.wall_mean)],
      business: [...((r.business as number[] | null) ?? [null, null]).map(round), round(r.business_mean)],
      distribution: Object.fromEntries(['under_5m', 'under_1h', 'under_4h', 'under_24h', 'over_24h', 'never'].map((b) => [b, n(b)])),
      mqls: n('mqls'),
      reached: ['mqls', 'sal', 'sql', 'opportunity', 'won'].map(n),
      time_in_stage: ['t_mql', 't_sal', 't_sql', 't_opportunity'].map((c) => round(r[c])),
      met: 0,
      due: 0,
    });
  }
  for (const r of clocks.rows) {
    const e = result.get(r.key) ?? ({ handed_off: 0, accepted: 0, rejected: 0, attempted: 0, wall: [null, null, null], business: [null, null, null], distribution: {}, mqls: 0, reached: [], time_in_stage: [], met: 0, due: 0 } as Expected);
    result.set(r.key, { ...e, met: Number(r.met), due: Number(r.due) });
  }
  return result;
}

type Figures = {
  acceptance_rate: { accepted: number; rejected: number; handed_off: number };
  response_time: { count: number; median_ms: number | null; p90_ms: number | null; mean_ms: number | null; business: { median_ms: number | null; p90_ms: number | null; mean_ms: number | null }; distribution: Record<string, number> };
  sla_compliance: { met: number; due: number };
  mql_to_opportunity: { mqls: number; opportunities: number };
};

function observed(f: Figures) {
  const r = f.response_time;
  return {
    handed_off: f.acceptance_rate.handed_off,
    accepted: f.acceptance_rate.accepted,
    rejected: f.acceptance_rate.rejected,
    attempted: r.count,
    wall: [r.median_ms, r.p90_ms, r.mean_ms],
    business: [r.business.median_ms, r.business.p90_ms, r.business.mean_ms],
    mqls: f.mql_to_opportunity.mqls,
    opportunities: f.mql_to_opportunity.opportunities,
    met: f.sla_compliance.met,
    due: f.sla_compliance.due,
  };
}

function expectedOf(e: Expected) {
  return { handed_off: e.handed_off, accepted: e.accepted, rejected: e.rejected, attempted: e.attempted, wall: e.wall, business: e.business, mqls: e.mqls, opportunities: e.reached[3] ?? 0, met: e.met, due: e.due };
}

const PERIODS: [string, string][] = [
  ['2026-07-01T00:00:00.000Z', '2026-11-21T00:00:00.000Z'], // everything, whole months and days
  ['2026-07-15T13:27:01.123Z', '2026-09-03T04:00:00.001Z'], // parts of days, days and months
  ['2026-08-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'], // one calendar month
  ['2026-08-10T08:00:00.000Z', '2026-08-10T20:00:00.000Z'], // inside one day
  ['2026-08-31T03:00:00.000Z', '2026-09-01T21:00:00.000Z'], // across midnight, no whole day
  ['2026-10-20T00:00:00.000Z', '2026-11-20T11:59:59.999Z'], // up to now: clocks still running
];

describe('figures from the rollups equal figures from the rows', () => {
  it.each(PERIODS)('in total, per clock and per week, from %s to %s', async (from, to) => {
    const { status, body } = await t.api('GET', `/api/v1/metrics?from=${from}&to=${to}`);
    expect(status, JSON.stringify(body)).toBe(200);
    const expected = (await fromRows(from, to)).get('') ?? null;
    if (!expected) throw new Error(`no hand-offs from ${from} to ${to}: pick another period`);
    expect(observed(body)).toEqual(expectedOf(expected));
    expect(body.response_time.distribution).toEqual(expected.distribution);
    expect(body.funnel.map((s: { count: number }) => s.count)).toEqual(expected.reached);
    expect(body.funnel.slice(0, 4).map((s: { median_time_in_stage_ms: number | null }) => s.median_time_in_stage_ms)).toEqual(expected.time_in_stage);
    const perClock = await sql<{ clock: string; met: number; due: number }>`
      select c.clock, count(*) filter (where c.status = 'met')::int as met,
        count(*) filter (where c.status in ('met', 'breached') or (c.status = 'open' and c.due_at < ${NOW}))::int as due
      from metrics_clocks c where c.started_at >= ${from}::timestamptz and c.started_at < ${to}::timestamptz group by 1
    `.execute(t.app.deps.db);
    expect(Object.fromEntries(Object.entries(body.sla_compliance.by_clock).map(([k, v]) => [k, { met: (v as { met: number }).met, due: (v as { due: number }).due }]))).toEqual(
      Object.fromEntries(perClock.rows.map((r) => [r.clock, { met: r.met, due: r.due }])),
    );
    const weeks = await sql<{ week: string; handed_off: number; mqls: number }>`
      select to_char(date_trunc('week', x.at at time zone 'UTC'), 'YYYY-MM-DD') as week,
        (count(*) filter (where x.kind = 'h'))::int as handed_off, (count(*) filter (where x.kind = 'q'))::int as mqls
      from (select 'h' as kind, assigned_at as at from metrics_handoffs union all select 'q', mql_at from metrics_handoffs) x
      where x.at >= ${from}::timestamptz and x.at < ${to}::timestamptz group by 1
    `.execute(t.app.deps.db);
    const trend = Object.fromEntries(body.trend.filter((w: { handed_off: number; mqls: number }) => w.handed_off + w.mqls > 0).map((w: { week: string; handed_off: number; mqls: number }) => [w.week, [w.handed_off, w.mqls]]));
    expect(trend).toEqual(Object.fromEntries(weeks.rows.map((w) => [w.week, [w.handed_off, w.mqls]])));
  });

  it.each(['rep', 'team', 'pool', 'source', 'segment', 'priority', 'score_band'])('per %s, for every key', async (by) => {
    for (const [from, to] of [PERIODS[0]!, PERIODS[1]!]) {
      const { body } = await t.api('GET', `/api/v1/metrics?from=${from}&to=${to}&by=${by}`);
      const expected = await fromRows(from, to, by);
      const got = Object.fromEntries(body.breakdown.map((row: Figures & { key: string }) => [row.key, observed(row)]));
      expect(got).toEqual(Object.fromEntries([...expected].map(([k, e]) => [k, expectedOf(e)])));
      for (const row of body.breakdown) expect(row.response_time.distribution).toEqual({ ...expected.get(row.key)!.distribution });
    }
  });

  it('keeps the same rollups event by event as summed from the rows or rebuilt in one pass', async () => {
    const snapshot = async () => {
      const counters = await sql`select * from metrics_rollup where (handed_off, mqls, clocks_started, attempted) <> (0, 0, 0, 0) order by day, dim, key`.execute(t.app.deps.db);
      const hist = await sql`select * from metrics_rollup_hist where n <> 0 order by grain, start, dim, measure, key, bucket`.execute(t.app.deps.db);
      return { counters: counters.rows, hist: hist.rows };
    };
    const kept = await snapshot();
    expect(kept.hist.length).toBeGreaterThan(100);
    await recomputeRollups(t.app.deps.db);
    expect(await snapshot()).toEqual(kept);
    await resetReadModel(t.app.deps.db);
    await catchUp(t.app.deps.db, () => t.app.running.policy, { batchSize: 100_000 });
    expect(await snapshot()).toEqual(kept);
  });
});
