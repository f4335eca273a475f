/**
 * Integration health in the browser: an admin sees a dead delivery (a webhook that kept failing)
 * and sends it again with Retry; the channel's failures show beside it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addUser, launchChromium, screenshot, signedIn } from './browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  // No workers: nothing sends the retried delivery, so the test sees exactly what Retry did.
  t = await startTestApp({ workers: false });
  browser = await launchChromium();
  await addUser(t, { email: 'admin@example.com', name: 'Rev Ops', role: 'admin' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('integration health', () => {
  it('lists a dead delivery and queues it again on Retry', async () => {
    const now = new Date();
    // A delivery whose retries are used up, as the notify worker leaves one.
    const row = await t.app.deps.db
      .insertInto('notify_deliveries')
      .values({
        idempotency_key: 'browser-test-dead-1',
        channel: 'webhook',
        recipient: 'webhook:crm',
        lead_id: null,
        message: 'lead.assigned',
        outbox_id: null,
        event_id: null,
        content: JSON.stringify({ body: '{}' }),
        status: 'dead',
        attempts: 8,
        last_error: 'connect ECONNREFUSED 127.0.0.1:9',
        due_at: now,
        created_at: now,
        updated_at: now,
        sent_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const { page, context } = await signedIn(browser, t, 'admin@example.com', { start: '/health' });
    await page.getByRole('heading', { name: 'Integration health' }).waitFor();
    const dead = page.locator('section', { has: page.getByRole('heading', { name: /Dead deliveries/ }) });
    await dead.getByText('connect ECONNREFUSED 127.0.0.1:9').waitFor();
    await screenshot(page, 'health-dead-delivery-desktop');
    await dead.getByRole('button', { name: 'Retry the webhook delivery to webhook:crm' }).click();
    await dead.getByText('Delivery to webhook:crm queued again.').waitFor();
    await dead.getByText('None.').waitFor();

    const after = await t.api('GET', `/api/v1/deliveries/${row.id}`);
    expect(after.body.status).toBe('pending');
    await context.close();
  });
});
