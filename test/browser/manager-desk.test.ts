/**
 * A manager's desk in the browser: the team's open leads, a breach that appears as it happens
 * (the test moves Baton's clock past the deadline and runs the SLA sweep while the page is open),
 * reassigning the breached lead, and setting a rep away and their caps.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueClocks } from '../../src/handoff/sweeper.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { accountOwnedBy, addUser, launchChromium, PHONE, screenshot, sendLead, signedIn } from './browser.js';

let t: TestApp;
let browser: Browser;
let now = new Date();
const clock = { now: () => now };

beforeAll(async () => {
  // The sweeper is off: the test fires due clocks itself after moving the clock.
  t = await startTestApp({ clock, env: { BATON_SLA_SWEEP_MS: '0' } });
  browser = await launchChromium();
  await addUser(t, { email: 'mia@example.com', name: 'Mia Chen', role: 'manager', manager: 'mia' });
  await accountOwnedBy(t, 'ana-account.com', 'ana');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the manager desk', () => {
  it('shows a breach as it happens and reassigns the lead', async () => {
    const lead = await sendLead(t, 1, 'ana-account.com');
    expect(lead.owner).toBe('ana');
    const { page, context } = await signedIn(browser, t, 'mia@example.com');
    await expect.poll(() => page.url()).toContain('/desk');
    const row = page.locator(`.lead-card[data-lead-id="${lead.id}"]`);
    await row.waitFor();
    await page.getByText('No breached SLA clocks.').waitFor();

    // The high-intent first-touch promise is 1 h: two hours later it has lapsed.
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect((await runDueClocks(t.app.deps)).points).toBeGreaterThan(0);
    const breaches = page.getByTestId('breaches');
    await breaches.waitFor({ timeout: 10_000 }); // arrives over the live stream: no reload
    expect(await breaches.innerText()).toContain('first touch breached by ana');
    await screenshot(page, 'manager-desk-breach-desktop');

    await row.getByRole('button', { name: 'Reassign…' }).click();
    await row.getByLabel('To').selectOption('ben');
    await row.getByLabel('Reason').fill('Ana is at a customer workshop');
    await row.getByRole('button', { name: 'Reassign lead' }).click();
    await row.getByText('Reassigned to ben.').waitFor();

    const detail = await t.api('GET', `/api/v1/leads/${lead.id}`);
    expect(detail.body.owner).toBe('ben');
    expect(detail.body.timeline.find((e: { type: string }) => e.type === 'reassigned')).toMatchObject({
      actor: 'user:mia@example.com',
      data: { from: 'ana', to: 'ben', reason: 'Ana is at a customer workshop', by: 'manager' },
    });
    await expect.poll(async () => (await row.innerText()).includes('owner ben')).toBe(true);
    await context.close();
  });

  it('sets a rep away and back, and changes their caps', async () => {
    const { page, context } = await signedIn(browser, t, 'mia@example.com', { viewport: PHONE });
    const cy = page.locator('tr[data-rep="cy"]');
    await cy.getByRole('button', { name: 'Set Cy Park away' }).click();
    await cy.getByText('Cy Park is away.').waitFor();
    await cy.getByRole('button', { name: 'Set Cy Park back' }).waitFor();
    const reps = async () => (await t.api('GET', '/api/v1/reps')).body.reps as { id: string; away: boolean; caps: { open: number | null; per_day: number | null } }[];
    expect((await reps()).find((r) => r.id === 'cy')?.away).toBe(true);

    await cy.getByLabel('Open').fill('12');
    await cy.getByLabel('Per day').fill('4');
    await cy.getByRole('button', { name: 'Save caps' }).click();
    await cy.getByText('Caps saved.').waitFor();
    expect((await reps()).find((r) => r.id === 'cy')?.caps).toEqual({ open: 12, per_day: 4 });
    await screenshot(page, 'manager-desk-reps-phone');

    await cy.getByRole('button', { name: 'Set Cy Park back' }).click();
    await cy.getByText('Cy Park is back.').waitFor();
    expect((await reps()).find((r) => r.id === 'cy')?.away).toBe(false);
    await context.close();
  });
});
