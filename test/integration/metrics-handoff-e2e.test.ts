/**
 * End to end through the real intake and hand-off: two demo requests are routed, one rep tries,
 * accepts and wins the lead, the other rejects; the metrics read what the hand-off recorded
 * (its clocks, its attempts), with business time in the reps' New York hours.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

const POLICY = path.resolve(import.meta.dirname, '../fixtures/handoff-policy.yaml');
const START = new Date('2026-06-09T10:00:00-04:00'); // a Tuesday morning in New York
let now = START;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: POLICY, clock: { now: () => now }, env: { BATON_SLA_SWEEP_MS: '0' } });
});
afterAll(async () => {
  await t?.close();
});

const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const act = async (id: string, body: unknown) => {
  const res = await t.api('POST', `/api/v1/leads/${id}/actions`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('metrics over a real hand-off', () => {
  it('counts what reps did through the actions API, exactly', async () => {
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const res = await t.api('POST', '/api/v1/leads', { email: `buyer${n}@firm${n}.com`, company: { name: `Firm ${n}`, size: 300, country: 'US' }, source: { utm_source: 'google' }, event: { type: 'demo_requested' } });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const [won, rejected] = ids as [string, string];
    const owners = await Promise.all(ids.map(async (id) => (await t.api('GET', `/api/v1/leads/${id}`)).body.owner));
    expect(new Set(owners)).toEqual(new Set(['ana', 'ben']));

    now = minutes(10);
    await act(won, { type: 'attempt', channel: 'call', outcome: 'no_answer' });
    now = minutes(12);
    await act(won, { type: 'accept' });
    now = minutes(30);
    await act(rejected, { type: 'reject', reason: 'wrong_company_size' });
    now = minutes(60);
    await act(won, { type: 'connected', channel: 'call' });
    now = minutes(24 * 60);
    await act(won, { type: 'convert', to: 'sql' });
    await act(won, { type: 'convert', to: 'opportunity' });
    now = minutes(3 * 24 * 60);
    await act(won, { type: 'close', outcome: 'won', disposition: 'went_dark' });

    const { body: m } = await t.api('GET', '/api/v1/metrics?from=2026-06-01&to=2026-06-30&by=rep');
    expect(m.acceptance_rate).toMatchObject({ value: 0.5, accepted: 1, rejected: 1, handed_off: 2 });
    expect(m.response_time).toMatchObject({
      count: 1,
      median_ms: 10 * 60_000,
      business: { median_ms: 10 * 60_000 },
      distribution: { under_5m: 0, under_1h: 1, under_4h: 0, under_24h: 0, over_24h: 0, never: 1 },
    });
    expect(m.mql_to_opportunity).toMatchObject({ value: 0.5, mqls: 2, opportunities: 1 });
    expect(m.funnel.map((f: { stage: string; count: number }) => [f.stage, f.count])).toEqual([
      ['mql', 2],
      ['sal', 1],
      ['sql', 1],
      ['opportunity', 1],
      ['won', 1],
    ]);

    // SLA compliance agrees with the hand-off's own view of each clock.
    const clocks = (await Promise.all(ids.map(async (id) => (await t.api('GET', `/api/v1/leads/${id}/clocks`)).body.clocks))).flat() as { status: string; due_at: string }[];
    const met = clocks.filter((c) => c.status === 'met').length;
    const breached = clocks.filter((c) => c.status === 'breached' || (c.status === 'open' && Date.parse(c.due_at) < now.getTime())).length;
    expect(met).toBeGreaterThan(0);
    expect(m.sla_compliance).toMatchObject({ met, due: met + breached });

    const winner = owners[0];
    const row = m.breakdown.find((r: { key: string }) => r.key === winner);
    expect(row.acceptance_rate).toMatchObject({ accepted: 1, rejected: 0 });
    expect(row.mql_to_opportunity).toMatchObject({ mqls: 1, opportunities: 1 });

    const rejections = (await t.api('GET', '/api/v1/analysis/rejections?from=2026-06-01&to=2026-06-30')).body;
    expect(rejections.reasons).toEqual([{ reason: 'wrong_company_size', label: 'wrong company size', count: 1, share: 1, cumulative_share: 1 }]);
    expect(rejections.by_rep.map((g: { key: string; rejected: number; decided: number }) => [g.key, g.rejected, g.decided])).toEqual([
      [owners[1], 1, 1],
      [owners[0], 0, 1],
    ]);
  });
});
