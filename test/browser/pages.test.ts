/**
 * Every page at desktop and phone width (390 px): it shows its heading, every form control has a
 * label, nothing overflows sideways on a phone, and a screenshot of each is kept as a test
 * artefact. Sign-in works from the keyboard alone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { accountOwnedBy, addUser, DESKTOP, launchChromium, PASSWORD, PHONE, screenshot, sendLead, signedIn } from './browser.js';

let t: TestApp;
let browser: Browser;
let leadId: string;

beforeAll(async () => {
  t = await startTestApp();
  browser = await launchChromium();
  await addUser(t, { email: 'ana@example.com', name: 'Ana Ruiz', role: 'rep', rep: 'ana' });
  await addUser(t, { email: 'mia@example.com', name: 'Mia Chen', role: 'manager', manager: 'mia' });
  await addUser(t, { email: 'admin@example.com', name: 'Rev Ops', role: 'admin' });
  await accountOwnedBy(t, 'ana-account.com', 'ana');
  for (let i = 0; i < 3; i++) leadId = (await sendLead(t, i, 'ana-account.com')).id;
  await t.api('POST', `/api/v1/leads/${leadId}/actions`, { type: 'accept' });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const PAGES: { user: string; path: () => string; name: string; heading: RegExp }[] = [
  { user: 'ana@example.com', path: () => '/inbox', name: 'inbox', heading: /My inbox/ },
  { user: 'ana@example.com', path: () => `/leads/${leadId}`, name: 'lead', heading: /Kim Buyer2/ },
  { user: 'mia@example.com', path: () => '/desk', name: 'desk', heading: /Team desk/ },
  { user: 'admin@example.com', path: () => '/dashboard', name: 'dashboard', heading: /Hand-off dashboard/ },
  { user: 'admin@example.com', path: () => '/dashboard/leads?metric=funnel&bucket=mql', name: 'dashboard-leads', heading: /funnel: mql/ },
  { user: 'admin@example.com', path: () => '/leads', name: 'leads', heading: /Leads/ },
  { user: 'admin@example.com', path: () => '/policy', name: 'policy', heading: /Policy/ },
  { user: 'admin@example.com', path: () => '/health', name: 'health', heading: /Integration health/ },
];

/** Form controls without a label or accessible name (none should be). */
async function unlabelled(page: Page): Promise<string[]> {
  return page.locator('input, select, textarea').evaluateAll((els) =>
    els
      .filter((el) => {
        const field = el as HTMLInputElement;
        return field.type !== 'hidden' && (field.labels?.length ?? 0) === 0 && !field.getAttribute('aria-label') && !field.getAttribute('aria-labelledby');
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

describe('every page', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const size = viewport === PHONE ? 'phone' : 'desktop';
    it(`shows its content, with labelled controls, at ${size} width`, async () => {
      const sessions = new Map<string, Page>();
      for (const p of PAGES) {
        let page = sessions.get(p.user);
        if (!page) {
          page = (await signedIn(browser, t, p.user, { viewport })).page;
          sessions.set(p.user, page);
        }
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(p.path());
        await page.getByRole('heading', { level: 1, name: p.heading }).waitFor();
        await page.waitForLoadState('networkidle');
        await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' });
        expect(await unlabelled(page), p.name).toEqual([]);
        if (viewport === PHONE) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.name} overflows at 390px`).toBeLessThanOrEqual(PHONE.width);
        await screenshot(page, `page-${p.name}-${size}`);
        expect(errors, p.name).toEqual([]);
      }
      for (const page of sessions.values()) await page.context().close();
    });
  }

  it('signs in with the keyboard alone, and the sign-in page is labelled too', async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: t.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'page-sign-in-phone');
    await page.keyboard.press('Tab'); // skip link is not on the sign-in page: first stop is the e-mail field
    await page.keyboard.type('ana@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'My inbox' }).waitFor();
    // The first Tab on a signed-in page reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await context.close();
  });
});
