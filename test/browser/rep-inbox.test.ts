/**
 * A rep's day in the browser: sign in, see a new lead arrive in the inbox without reloading (sent
 * through the API while the page is open), open its brief, accept it, log a contact attempt; and
 * a rep who opens another rep's lead by its URL sees that it is not theirs.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { accountOwnedBy, addUser, launchChromium, PHONE, screenshot, sendLead, signedIn } from './browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  await addUser(t, { email: 'ana@example.com', name: 'Ana Ruiz', role: 'rep', rep: 'ana' });
  await accountOwnedBy(t, 'ana-account.com', 'ana');
  await accountOwnedBy(t, 'ben-account.com', 'ben');
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the rep inbox', () => {
  it('shows a new lead as it arrives, then accepts it and logs an attempt', async () => {
    const { page, context } = await signedIn(browser, t, 'ana@example.com');
    await expect.poll(() => page.url()).toContain('/inbox');
    await page.getByText('No open leads').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    const lead = await sendLead(t, 1, 'ana-account.com');
    expect(lead.owner).toBe('ana');
    const row = page.locator(`[data-lead-id="${lead.id}"]`);
    await row.waitFor({ timeout: 10_000 }); // pushed over the live stream: no reload
    await expect.poll(() => row.getByText('New', { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => row.locator('.countdown').count()).toBeGreaterThan(0);
    await row.getByRole('button', { name: 'Brief' }).click();
    await row.locator('.brief').getByText('Why you').waitFor();
    await screenshot(page, 'rep-inbox-desktop');

    await row.getByRole('button', { name: 'Accept' }).click();
    await row.getByText('Accepted.').waitFor();
    await row.getByRole('button', { name: 'Log attempt…' }).click();
    await row.getByLabel('Channel').selectOption('call');
    await row.getByLabel('Outcome').selectOption('no_answer');
    await row.getByLabel('Note (optional)').fill('left a voicemail at reception');
    await row.getByRole('button', { name: 'Log attempt', exact: true }).click();
    await row.getByText('Attempt logged (call, no answer).').waitFor();

    const detail = await t.api('GET', `/api/v1/leads/${lead.id}`);
    expect(detail.body.stage).toBe('sal');
    const mine = detail.body.timeline.filter((e: { actor: string }) => e.actor === 'user:ana@example.com');
    expect(mine.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['accepted', 'contact_attempted']));
    expect(mine.find((e: { type: string }) => e.type === 'contact_attempted').data).toMatchObject({ rep: 'ana', channel: 'call', outcome: 'no_answer', note: 'left a voicemail at reception', attempt: 1 });
    await context.close();
  });

  it('requires a reason from the policy to reject a lead', async () => {
    const lead = await sendLead(t, 2, 'ana-account.com');
    const { page, context } = await signedIn(browser, t, 'ana@example.com', { viewport: PHONE });
    const row = page.locator(`[data-lead-id="${lead.id}"]`);
    await row.getByRole('button', { name: 'Reject…' }).click();
    // The form takes the focus, so a keyboard user carries on in it.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.field')?.querySelector('label')?.textContent)).toBe('Reason');
    const submit = row.getByRole('button', { name: 'Reject lead' });
    expect(await submit.isDisabled()).toBe(true);
    const reasons = await row.getByLabel('Reason').locator('option:not([disabled])').allTextContents();
    expect(reasons).toEqual(['wrong company size', 'no intent', 'bad data']);
    await row.getByLabel('Reason').selectOption('no_intent');
    await screenshot(page, 'rep-inbox-reject-phone');
    await submit.click();
    await row.waitFor({ state: 'detached' }); // back to marketing: out of the inbox
    const detail = await t.api('GET', `/api/v1/leads/${lead.id}`);
    expect(detail.body.timeline.find((e: { type: string }) => e.type === 'rejected')?.data).toMatchObject({ rep: 'ana', reason: 'no_intent' });
    await context.close();
  });

  it("shows another rep's lead as not found when opened by its URL", async () => {
    const other = await sendLead(t, 3, 'ben-account.com');
    expect(other.owner).toBe('ben');
    const { page, context } = await signedIn(browser, t, 'ana@example.com', { start: `/leads/${other.id}` });
    await page.getByRole('heading', { name: 'Lead not found' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('buyer3@ben-account.com');
    await context.close();
  });
});
