/**
 * The monthly audit over the known history (test/support/history.ts): its figures are the
 * metrics API's, it compares with the month before, lists the policy versions published in the
 * month with their diffs, derives actions, and its HTML is self-contained and prints in Chromium.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHistory, metricsPolicyFile } from '../support/history.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-02T12:00:00Z');
const CHROMIUM = '/usr/bin/chromium';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ policyFile: await metricsPolicyFile(), clock: { now: () => NOW }, workers: false });
  await knownHistory().history.save(t.app.deps.db, t.app.running.version);
  const db = t.app.deps.db;
  // The running policy was published at NOW (November); put it in October and add a later edit that moved a target.
  await db.updateTable('policy_versions').set({ published_at: '2026-10-01T08:00:00Z' }).where('version', '=', t.app.running.version).execute();
  const source = (await db.selectFrom('policy_versions').select('source').where('version', '=', t.app.running.version).executeTakeFirstOrThrow()).source;
  await db
    .insertInto('policy_versions')
    .values({ hash: 'edited-in-october', file: 'policy.yaml', source: source.replace('sla_compliance: 85%', 'sla_compliance: 80%'), published_at: '2026-10-15T10:00:00Z' })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

describe('the monthly audit', () => {
  it('reports the month against targets and the month before, with policy changes and actions (JSON)', async () => {
    const { status, body } = await t.api('GET', '/api/v1/reports/audit?month=2026-10&format=json', undefined, { token: t.readToken });
    expect(status).toBe(200);
    const metrics = (await t.api('GET', '/api/v1/metrics?from=2026-10-01&to=2026-10-31&by=rep')).body;
    expect(body.metrics).toEqual(metrics);
    expect(body.month).toBe('2026-10');
    expect(body.previous_month).toBe('2026-09');
    // September holds only L9: handed off, rejected as bad data, its clock breached.
    expect(body.previous.acceptance_rate).toMatchObject({ value: 0, accepted: 0, rejected: 1 });
    expect(body.previous.sla_compliance).toMatchObject({ met: 0, due: 1 });
    expect(body.rejections.reasons.map((r: { reason: string }) => r.reason).sort()).toEqual(['no_intent', 'wrong_company_size']);
    expect(body.policy_changes.map((c: { version: number; previous?: number }) => [c.version, c.previous])).toEqual([
      [t.app.running.version, undefined],
      [t.app.running.version + 1, t.app.running.version],
    ]);
    const edit = body.policy_changes[1].diff;
    expect(edit).toMatchObject({ added: 1, removed: 1 });
    expect(edit.lines.filter((l: { op: string }) => l.op !== ' ').map((l: { op: string; text: string }) => `${l.op}${l.text}`)).toEqual([
      '-targets: { acceptance_rate: 50%..70%, response_time: 1h, sla_compliance: 85%, mql_to_opportunity: 15%..30% }',
      '+targets: { acceptance_rate: 50%..70%, response_time: 1h, sla_compliance: 80%, mql_to_opportunity: 15%..30% }',
    ]);
    // The same 12 clocks as in metrics-exact (L11 has none), 8 met: under the 85 % target.
    expect(body.metrics.sla_compliance).toMatchObject({ met: 8, due: 12 });
    expect(body.recommendations.some((r: string) => /^SLA compliance was 66\.7 %.*most misses on first_touch.*lowest: Cy Park 33\.3 %/.test(r))).toBe(true);
    expect(body.recommendations).toContain('1 MQL waits with no owner in the fallback queue: add reps to the pools that route there, or widen their working hours.');
    expect(body.recommendations.some((r: string) => r.startsWith('Acceptance rose from 0.0 % to'))).toBe(true);
  });

  it('renders Markdown with the four metrics, rep-level SLA, the Pareto, conversion, open work and diffs', async () => {
    const { status, body, headers } = await t.api('GET', '/api/v1/reports/audit?month=2026-10&format=md');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/markdown/);
    for (const heading of ['# Test workspace: hand-off audit, October 2026', '## The four metrics', '### Recommended actions', '## SLA compliance', '### By rep', '## Rejections', '## Conversion', '## Stalled and leaked leads', '## Policy changes']) {
      expect(body).toContain(heading);
    }
    expect(body).toMatch(/\| MQL → SAL acceptance \| 75\.0 % \(6 of 8\) \| 0\.0 % \| \+75\.0 pts \| 50\.0 %–70\.0 % \| ✗ missed \|/);
    expect(body).toMatch(/\| Cy Park \| 1 \| 3 \| 33\.3 % \|/);
    expect(body).toContain('```diff\n');
    expect(body).toContain('+targets: { acceptance_rate: 50%..70%, response_time: 1h, sla_compliance: 80%');
  });

  it('renders one self-contained HTML page with inline SVG charts that prints offline', async () => {
    const { status, body: html, headers } = await t.api('GET', '/api/v1/reports/audit?month=2026-10&format=html');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<svg');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<(script|link|img)\b/i);
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    if (!existsSync(CHROMIUM)) return;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('h2', { hasText: 'Rejections' }).isVisible()).toBe(true);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });

  it('asks for a month it can read', async () => {
    const { status, body } = await t.api('GET', '/api/v1/reports/audit?month=October');
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('query.month');
  });
});
