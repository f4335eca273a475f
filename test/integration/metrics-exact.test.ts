/**
 * Every figure of GET /api/v1/metrics against a known history worked out by hand. The period is
 * Mon 2026-10-05 to Sun 2026-10-18 (UTC); "now" is 2026-10-20 12:00. Ana works 09:00-17:00 on
 * weekdays (business time), everyone else around the clock. The hand computation is in comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHistory, metricsPolicyFile, type LeadHistory } from '../support/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-10-20T12:00:00Z');
const M = 60_000;
const H = 60 * M;
const PERIOD = 'from=2026-10-05&to=2026-10-18';

let t: TestApp;
let L: Record<string, LeadHistory>;

beforeAll(async () => {
  t = await startTestApp({ policyFile: await metricsPolicyFile(), clock: { now: () => NOW }, workers: false });
  const known = knownHistory();
  L = known.leads;
  await known.history.save(t.app.deps.db, t.app.running.version);
});
afterAll(async () => {
  await t?.close();
});

const ids = (...names: string[]) => names.map((n) => L[n]!.id).sort();

describe('the four metrics, from a known history', () => {
  it('computes acceptance, response time, SLA compliance, MQL → opportunity, funnel, leaks and trend exactly', async () => {
    const { status, body } = await t.api('GET', `/api/v1/metrics?${PERIOD}`, undefined, { token: t.readToken });
    expect(status).toBe(200);
    expect(body.period).toEqual({ from: '2026-10-05T00:00:00.000Z', to: '2026-10-19T00:00:00.000Z' });

    // Handed off in the period: L1 L2 L3 L4 L5 L7 L8 L10 L4' = 9. Accepted L1 L3 L7 L8 L10 L4' = 6; rejected L2 L4 = 2 → 6/8.
    expect(body.acceptance_rate).toEqual({ value: 0.75, accepted: 6, rejected: 2, handed_off: 9, target: { low: 0.5, high: 0.7 }, met: false });

    // Wall: 2m 4m 10m 10m 30m 2h 18h 26h → median (10m+30m)/2 = 20m; p90 = 18h + 0.3 × 8h = 20.4h; mean 168,960,000/8.
    // Business: L2 is 1 h Monday + 1 h Tuesday in ana's hours = 2 h → 2m 4m 10m 10m 30m 2h 2h 26h.
    expect(body.response_time).toEqual({
      count: 8,
      median_ms: 20 * M,
      mean_ms: 21_120_000,
      p90_ms: 73_440_000,
      business: { median_ms: 20 * M, mean_ms: 13_920_000, p90_ms: 33_120_000 },
      distribution: { under_5m: 2, under_1h: 3, under_4h: 1, under_24h: 1, over_24h: 1, never: 1 },
      target_ms: H,
      target_basis: 'wall',
      met: true,
    });

    // Clocks started in the period: met L1×2 L3×2 L8×2 L10 L4' = 8; breached L2 L4 L7, and L5 (open past due) = 4; L5's cancelled clock is not due.
    const sla = body.sla_compliance;
    expect(sla).toMatchObject({ value: 8 / 12, met: 8, due: 12, target: { low: 0.85, high: 1 }, met_target: false });
    expect(sla.by_clock).toEqual({ first_touch: { value: 5 / 9, met: 5, due: 9 }, accept_or_reject: { value: 1, met: 3, due: 3 } });
    expect(sla.breaches.map((b: { lead_id: string }) => b.lead_id).sort()).toEqual(ids('l2', 'l4', 'l5', 'l7'));
    const l5 = sla.breaches.find((b: { lead_id: string }) => b.lead_id === L.l5!.id);
    expect(l5).toMatchObject({ clock: 'first_touch', rep: 'cy', due_at: '2026-10-08T13:00:00.000Z', stopped_at: null, late_ms: NOW.getTime() - Date.parse('2026-10-08T13:00:00Z') });
    expect(sla.breaches.find((b: { lead_id: string }) => b.lead_id === L.l2!.id).late_ms).toBe(17 * H);

    // Qualified in the period: L1–L8 and L4' = 9; opportunities L1 L7 → 2/9.
    expect(body.mql_to_opportunity).toEqual({ value: 2 / 9, mqls: 9, opportunities: 2, target: { low: 0.15, high: 0.3 }, met: true });

    // Reached SAL: L1 L3 L7 L8 L4' (5); SQL: L1 L3 L7; opportunity: L1 L7; won: L1.
    // Time in MQL (left it): 5m 10m 20m 30m 1h 2.5h 19h → 30m; SAL: 24.5h 26h 48h → 26h; SQL: 24h 24h; opportunity: 48h 48h.
    expect(body.funnel).toEqual([
      { stage: 'mql', count: 9, conversion_from_previous: null, median_time_in_stage_ms: 30 * M },
      { stage: 'sal', count: 5, conversion_from_previous: 5 / 9, median_time_in_stage_ms: 26 * H },
      { stage: 'sql', count: 3, conversion_from_previous: 3 / 5, median_time_in_stage_ms: 24 * H },
      { stage: 'opportunity', count: 2, conversion_from_previous: 2 / 3, median_time_in_stage_ms: 48 * H },
      { stage: 'won', count: 1, conversion_from_previous: 1 / 2, median_time_in_stage_ms: null },
    ]);

    // Open right now: L5 owned but never attempted (since its hand-off), L6 nobody owns (since queued).
    expect(body.leaks).toEqual([
      { lead_id: L.l5!.id, email: 'l5@acme.com', reason: 'no_first_touch', since: '2026-10-08T12:00:00.000Z', owner: 'cy' },
      { lead_id: L.l6!.id, email: 'l6@acme.com', reason: 'no_owner', since: '2026-10-09T12:00:00.000Z', owner: null },
    ]);
    expect(body.leak_counts).toEqual({ no_owner: 1, no_first_touch: 1 });

    expect(body.trend).toEqual([
      { week: '2026-10-05', leads: 6, mqls: 6, handed_off: 6, accepted: 3, rejected: 2, opportunities: 1 },
      { week: '2026-10-12', leads: 2, mqls: 3, handed_off: 3, accepted: 3, rejected: 0, opportunities: 1 },
    ]);
    expect(body.breakdown).toBeUndefined();
  });

  it('breaks every metric down by the rep it was handed to, with SLA clocks on the rep whose clock it was', async () => {
    const { body } = await t.api('GET', `/api/v1/metrics?${PERIOD}&by=rep`);
    const rows = Object.fromEntries(body.breakdown.map((r: { key: string }) => [r.key, r]));
    expect(body.breakdown.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['ana', 'Ana Ruiz'],
      ['cy', 'Cy Park'],
      ['ben', 'Ben Ode'],
      ['(none)', '(none)'],
    ]);
    expect(rows.ana.acceptance_rate).toMatchObject({ value: 2 / 3, accepted: 2, rejected: 1, handed_off: 3 });
    expect(rows.ben.acceptance_rate).toMatchObject({ value: 2 / 3, accepted: 2, rejected: 1, handed_off: 3 });
    expect(rows.cy.acceptance_rate).toMatchObject({ value: 1, accepted: 2, rejected: 0, handed_off: 3 });
    // ana: 2m 4m 18h → median 4m; business 2m 4m 2h.
    expect(rows.ana.response_time).toMatchObject({ count: 3, median_ms: 4 * M, business: { median_ms: 4 * M, p90_ms: 5_808_000 } });
    expect(rows.cy.response_time.distribution).toEqual({ under_5m: 0, under_1h: 1, under_4h: 0, under_24h: 0, over_24h: 1, never: 1 });
    expect(rows.ana.sla_compliance).toMatchObject({ met: 4, due: 5 });
    expect(rows.ben.sla_compliance).toMatchObject({ met: 3, due: 4 });
    expect(rows.cy.sla_compliance).toMatchObject({ met: 1, due: 3 });
    expect(rows.ana.mql_to_opportunity).toMatchObject({ mqls: 3, opportunities: 1 });
    expect(rows.ben.mql_to_opportunity).toMatchObject({ mqls: 2, opportunities: 0 });
    expect(rows['(none)'].mql_to_opportunity).toMatchObject({ mqls: 1, opportunities: 0 });
    expect(body.acceptance_rate.value).toBe(0.75);
  });

  it('breaks down by team, source, segment, priority and score band', async () => {
    const keys = async (by: string) => {
      const { status, body } = await t.api('GET', `/api/v1/metrics?${PERIOD}&by=${by}`);
      expect(status).toBe(200);
      return Object.fromEntries(body.breakdown.map((r: { key: string; acceptance_rate: { handed_off: number }; mql_to_opportunity: { mqls: number } }) => [r.key, [r.acceptance_rate.handed_off, r.mql_to_opportunity.mqls]]));
    };
    expect(await keys('team')).toEqual({ east: [6, 5], west: [3, 3], '(none)': [0, 1] });
    expect(await keys('source')).toEqual({ google: [4, 5], linkedin: [4, 3], '(none)': [1, 1] });
    expect(await keys('segment')).toEqual({ mid: [4, 4], smb: [3, 3], '(none)': [2, 2] });
    expect(await keys('priority')).toEqual({ high: [1, 1], normal: [8, 8] });
    expect(Object.keys(await keys('score_band'))).toEqual(['0-19', '20-39', '40-59', '60-79', '80-99']);
    expect(await keys('score_band')).toEqual({ '0-19': [1, 1], '20-39': [3, 3], '40-59': [2, 2], '60-79': [2, 2], '80-99': [1, 1] });
  });

  it('lists exactly the leads behind each number', async () => {
    const list = async (query: string) => {
      const { status, body } = await t.api('GET', `/api/v1/metrics/leads?${PERIOD}&${query}`);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.total).toBe(body.leads.length);
      return body.leads.map((l: { id: string }) => l.id).sort();
    };
    expect(await list('metric=acceptance_rate&bucket=rejected')).toEqual(ids('l2', 'l4'));
    expect(await list('metric=acceptance_rate&bucket=accepted')).toEqual(ids('l1', 'l3', 'l4', 'l7', 'l8', 'l10'));
    expect(await list('metric=response_time&bucket=never')).toEqual(ids('l5'));
    expect(await list('metric=response_time&bucket=under_1h')).toEqual(ids('l3', 'l4', 'l10'));
    expect(await list('metric=sla_compliance&bucket=breached')).toEqual(ids('l2', 'l4', 'l5', 'l7'));
    expect(await list('metric=sla_compliance&bucket=met&clock=accept_or_reject')).toEqual(ids('l1', 'l3', 'l8'));
    expect(await list('metric=mql_to_opportunity&bucket=opportunities')).toEqual(ids('l1', 'l7'));
    expect(await list('metric=funnel&bucket=sql')).toEqual(ids('l1', 'l3', 'l7'));
    expect(await list('metric=leaks&bucket=no_owner')).toEqual(ids('l6'));
    expect(await list('metric=acceptance_rate&bucket=handed_off&by=rep&key=ben')).toEqual(ids('l3', 'l4', 'l10'));
    expect(await list('metric=mql_to_opportunity&bucket=mqls&by=source&key=(none)')).toEqual(ids('l5'));
    expect(await list('metric=trend&bucket=leads&week=2026-10-12')).toEqual(ids('l7', 'l8'));
    expect(await list('metric=trend&bucket=handed_off&week=2026-10-05')).toEqual(ids('l1', 'l2', 'l3', 'l4', 'l5', 'l10'));
    const { body } = await t.api('GET', `/api/v1/metrics/leads?${PERIOD}&metric=acceptance_rate&bucket=rejected`);
    expect(body.leads.find((l: { id: string }) => l.id === L.l2!.id)).toMatchObject({ email: 'l2@acme.com', name: 'Test Lead', company: 'Acme', reason: 'wrong_company_size', rep: 'ana' });
  });

  it('answers bad queries with what to fix', async () => {
    const bad = async (query: string, path: string) => {
      const { status, body } = await t.api('GET', query);
      expect(status).toBe(400);
      expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad('/api/v1/metrics?by=colour', 'query.by');
    await bad('/api/v1/metrics?from=last-week', 'query.from');
    await bad('/api/v1/metrics?from=2026-10-10&to=2026-10-01', 'query.from');
    await bad('/api/v1/metrics/leads?metric=speed&bucket=x', 'query.metric');
    await bad('/api/v1/metrics/leads?metric=response_time&bucket=fast', 'query.bucket');
    await bad('/api/v1/metrics/leads?metric=trend&bucket=leads', 'query.week');
    expect((await t.api('GET', '/api/v1/metrics', undefined, { token: t.ingestToken })).status).toBe(403);
  });

  it('is reproducible: rebuilding the read model from the log gives the same figures', async () => {
    const before = (await t.api('GET', `/api/v1/metrics?${PERIOD}&by=source`)).body;
    const { resetReadModel } = await import('../../src/metrics/read-model/projector.js');
    await resetReadModel(t.app.deps.db);
    const after = (await t.api('GET', `/api/v1/metrics?${PERIOD}&by=source`)).body;
    expect(after).toEqual(before);
  });
});
