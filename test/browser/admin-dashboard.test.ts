/**
 * The hand-off dashboard in the browser shows exactly what GET /api/v1/metrics says: every figure
 * on the page (marked with the API field it shows) is compared with the API's answer for the same
 * period, and a figure's link lists as many leads as the figure counts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { accountOwnedBy, addUser, launchChromium, PHONE, screenshot, sendLead, signedIn } from './browser.js';

let t: TestApp;
let browser: Browser;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const period = { from: day(-29), to: day(0) };

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  await addUser(t, { email: 'admin@example.com', name: 'Rev Ops', role: 'admin' });
  await accountOwnedBy(t, 'ana-account.com', 'ana');
  await accountOwnedBy(t, 'ben-account.com', 'ben');
  // Six hand-offs: three accepted (two of them called), two rejected, one waiting.
  const leads = [];
  for (let i = 0; i < 6; i++) leads.push(await sendLead(t, i, i % 2 ? 'ben-account.com' : 'ana-account.com'));
  const act = async (id: string, body: unknown) => expect((await t.api('POST', `/api/v1/leads/${id}/actions`, body)).status).toBe(200);
  for (const lead of leads.slice(0, 3)) await act(lead.id, { type: 'accept' });
  for (const lead of leads.slice(0, 2)) await act(lead.id, { type: 'attempt', channel: 'call', outcome: 'connected' });
  await act(leads[3]!.id, { type: 'reject', reason: 'no_intent' });
  await act(leads[4]!.id, { type: 'reject', reason: 'bad_data' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The API value a `data-figure` names (the same path in the metrics answer, with two derived figures). */
function expected(metrics: any, figure: string): unknown {
  if (figure === 'response_time.median_ms') return metrics.response_time.target_basis === 'business' ? metrics.response_time.business.median_ms : metrics.response_time.median_ms;
  if (figure === 'sla_compliance.breached') return metrics.sla_compliance.due - metrics.sla_compliance.met;
  if (figure.startsWith('funnel.')) return metrics.funnel.find((f: { stage: string }) => f.stage === figure.slice(7))?.count;
  return figure.split('.').reduce((v: any, key) => v?.[key], metrics);
}

describe('the hand-off dashboard', () => {
  it("shows the metrics API's figures, each linking to as many leads as it counts", async () => {
    const api = await t.api('GET', `/api/v1/metrics?from=${period.from}&to=${period.to}`);
    expect(api.status).toBe(200);
    expect(api.body.acceptance_rate.accepted).toBe(3);

    const { page, context } = await signedIn(browser, t, 'admin@example.com', { start: `/dashboard?from=${period.from}&to=${period.to}` });
    await page.locator('[data-figure="acceptance_rate.value"]').waitFor();
    const figures = await page.locator('[data-figure]').evaluateAll((els) => els.map((el) => ({ figure: el.getAttribute('data-figure')!, value: el.getAttribute('data-value')!, text: el.textContent!.trim() })));
    expect(figures.length).toBeGreaterThanOrEqual(20);
    for (const f of figures) {
      const want = expected(api.body, f.figure);
      expect({ figure: f.figure, value: f.value }).toEqual({ figure: f.figure, value: want === null || want === undefined ? '' : String(want) });
      if (Number.isInteger(want) && !/(_ms|\.value)$/.test(f.figure)) expect(f.text).toBe((want as number).toLocaleString('en-US'));
    }
    expect(await page.locator('[data-figure="acceptance_rate.value"]').innerText()).toBe(`${Math.round(api.body.acceptance_rate.value * 100)}%`);
    await page.locator('.chart svg').first().waitFor();
    await screenshot(page, 'dashboard-desktop');

    await page.locator('[data-figure="acceptance_rate.accepted"]').click();
    await page.getByTestId('total').waitFor();
    expect(await page.getByTestId('total').innerText()).toBe(String(api.body.acceptance_rate.accepted));
    expect(await page.locator('tbody tr').count()).toBe(api.body.acceptance_rate.accepted);
    await context.close();
  });

  it('breaks the metrics down by rep, as the API does', async () => {
    const api = await t.api('GET', `/api/v1/metrics?from=${period.from}&to=${period.to}&by=rep`);
    const { page, context } = await signedIn(browser, t, 'admin@example.com', { viewport: PHONE, start: `/dashboard?from=${period.from}&to=${period.to}` });
    await page.getByLabel('Breakdown', { exact: true }).selectOption('rep');
    const table = page.getByTestId('breakdown');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBe(api.body.breakdown.length);
    for (const row of api.body.breakdown) {
      const text = rows.find((r) => r.includes(row.label));
      expect(text).toBeDefined();
      expect(text).toContain(row.acceptance_rate.value === null ? '–' : `${Math.round(row.acceptance_rate.value * 100)}%`);
    }
    await screenshot(page, 'dashboard-by-rep-phone');
    await context.close();
  });
});
