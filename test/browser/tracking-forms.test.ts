/**
 * The top of the funnel in Chromium: a customer's site (another origin, on localhost) with the
 * snippet and Baton's forms. A visitor browses anonymously, fills in the short form, comes back
 * and is asked only new questions, then books a demo; the API shows one lead with the earlier
 * page views, the answers, the score and an owner.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_UA, TRACKING_POLICY } from '../fixtures/tracking-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchChromium, PHONE, screenshot } from './browser.js';

let t: TestApp;
let browser: Browser;
let site: Server;
let siteUrl: string;

function sitePage(title: string, body: string, key = 'pk_test_www'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>:root { --baton-accent: #0f766e; --baton-radius: 4px; --baton-font: 17px/1.5 Georgia, serif; } body { margin: 2rem; }</style>
<script async src="${t.url}/t/baton.js?key=${key}"></script>
</head><body><h1>${title}</h1><nav><a href="/">Home</a> <a href="/features">Features</a> <a href="/pricing">Pricing</a></nav>${body}</body></html>`;
}
const formPage = (title: string, form: string) => sitePage(title, `<div data-baton-form="${form}"></div><script async src="${t.url}/f/forms.js"></script>`);

const PAGES: Record<string, () => string> = {
  '/': () => sitePage('Northwind home', '<p>Welcome.</p>'),
  '/features': () => sitePage('Features', '<p>Everything.</p>'),
  '/pricing': () => sitePage('Pricing', '<p>Plans.</p>'),
  '/contact': () => formPage('Contact us', 'contact'),
  '/demo': () => formPage('Book a demo', 'demo'),
  '/consent': () => sitePage('Cookie banner', '<button id="accept" onclick="baton.consent(true)">Accept cookies</button>', 'pk_test_consent'),
};

beforeAll(async () => {
  t = await startTestApp({ policyFile: TRACKING_POLICY });
  site = createServer((req, res) => {
    const page = PAGES[new URL(req.url ?? '/', 'http://localhost').pathname];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ? page() : 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
  // Another origin than Baton's (127.0.0.1): the snippet's requests are cross-origin, as on a real site.
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => site?.close(resolve));
  await t?.close();
});

async function visitor(options: { gpc?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; sent: string[] }> {
  // A person's browser: HeadlessChrome in the user agent would be filtered as a bot.
  const context = await browser.newContext({ userAgent: BROWSER_UA, baseURL: siteUrl });
  if (options.gpc) await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${t.url}/t/`) && r.method() === 'POST') sent.push(new URL(r.url()).pathname);
  });
  page.on('close', () => expect(errors).toEqual([]));
  return { context, page, sent };
}

/** Opens a page and waits until its page view is committed (the snippet batches for 1 s). */
async function browse(page: Page, path: string): Promise<void> {
  const committed = page.waitForResponse((r) => r.url() === `${t.url}/t/events` && r.request().method() === 'POST');
  await page.goto(path);
  expect((await committed).status()).toBe(202);
}

async function leadByEmail(email: string) {
  const list = await t.api('GET', '/api/v1/leads?limit=500');
  const found = list.body.leads.find((l: { email: string }) => l.email === email);
  return found ? (await t.api('GET', `/api/v1/leads/${found.id}`)).body : undefined;
}

describe('tracking and forms in a browser', () => {
  it('sends nothing until the visitor consents, and nothing at all under Global Privacy Control', async () => {
    const { context, page, sent } = await visitor();
    await page.goto('/consent');
    await page.waitForTimeout(1_500);
    expect(sent).toEqual([]);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('baton_vid');
    const committed = page.waitForResponse((r) => r.url() === `${t.url}/t/events`);
    await page.getByRole('button', { name: 'Accept cookies' }).click();
    expect((await committed).status()).toBe(202);
    expect((await context.cookies()).map((c) => c.name)).toEqual(expect.arrayContaining(['baton_vid', 'baton_consent']));
    await context.close();

    const private_ = await visitor({ gpc: true });
    await private_.page.goto('/');
    await private_.page.goto('/pricing');
    await private_.page.waitForTimeout(1_500);
    expect(private_.sent).toEqual([]);
    await private_.context.close();
  });

  it('turns three anonymous page views and two forms into one scored, routed lead, asking nothing twice', async () => {
    const { context, page } = await visitor();
    for (const path of ['/', '/features', '/pricing']) await browse(page, path);
    const [vid] = (await context.cookies()).filter((c) => c.name === 'baton_vid');
    expect(vid?.value).toMatch(/^[0-9a-f-]{36}$/);

    // First visit to the contact form: the short version.
    await page.goto('/contact');
    const form = page.locator('form.baton-form');
    await form.waitFor();
    expect(await form.locator('.baton-field:not(.baton-hp) label').allTextContents()).toEqual([
      'Work e-mail *',
      'First name *',
      'Company *',
      'I agree that Test workspace may contact me about my request.',
    ]);
    // Sending it empty: errors are announced and the first field gets the focus.
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('4 answers need attention.');
    expect(await page.getByLabel('Work e-mail').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('email');
    await screenshot(page, 'tracking-contact-errors');

    await page.getByLabel('Work e-mail').fill('hedy@wingtip-robotics.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hedy');
    await page.getByLabel('Company').fill('Wingtip Robotics');
    await page.getByLabel('I agree').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! We will be in touch.').waitFor();

    // Back on the contact page: only the questions Baton does not know yet.
    await page.goto('/contact');
    await page.getByText('Your role').waitFor();
    expect(await page.getByLabel('Work e-mail').count()).toBe(0);
    expect(await page.getByLabel('Team size').isVisible()).toBe(false);
    await page.getByLabel('I manage a team').check();
    expect(await page.getByLabel('Team size').isVisible()).toBe(true);
    await page.getByLabel('Team size').fill('12');
    await page.getByLabel('Company size').fill('1500');
    await page.getByLabel('Job title').fill('VP Engineering');
    await page.getByLabel('I agree').check();
    await screenshot(page, 'tracking-contact-second-visit');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you! We will be in touch.').waitFor();

    // The demo form asks only for what is left: budget and timeline.
    await page.goto('/demo');
    await page.getByLabel('Budget').waitFor();
    expect(await page.locator('.baton-field:not(.baton-hp) label, .baton-field legend').allTextContents()).toEqual(['Budget', 'Timeline *']);
    await page.getByLabel('Budget').selectOption('100k+');
    await page.getByLabel('Timeline').selectOption('this_quarter');
    await screenshot(page, 'tracking-demo-form');
    await page.getByRole('button', { name: 'Book my demo' }).click();
    await page.getByText('Thank you! We will be in touch.').waitFor();
    await context.close();

    const lead = await leadByEmail('hedy@wingtip-robotics.com');
    const events = lead.timeline as { type: string; occurred_at: string; data: { activity?: { type: string; url?: string; form_id?: string } } }[];
    const views = events.filter((e) => e.data.activity?.type === 'page_viewed').map((e) => new URL(e.data.activity!.url!).pathname);
    expect(views.slice(0, 3)).toEqual(['/', '/features', '/pricing']);
    const firstForm = events.find((e) => e.data.activity?.type === 'form_submitted')!;
    const pricing = events.find((e) => e.data.activity?.url?.endsWith('/pricing'))!;
    expect(pricing.occurred_at < firstForm.occurred_at).toBe(true);
    expect(lead.profile).toMatchObject({
      first_name: 'Hedy',
      title: 'VP Engineering',
      company: { name: 'Wingtip Robotics', size: 1500 },
      answers: { role: 'manager', team_size: 12, budget: '100k+', timeline: 'this_quarter' },
    });
    expect(lead.score.engagement).toBeGreaterThan(0);
    // The anonymous pricing view earns its points on the lead.
    expect(lead.score.items).toContainEqual(expect.objectContaining({ kind: 'engagement', reason: 'pricing page', points: expect.any(Number) }));
    expect(lead.score.items.find((i: { reason: string }) => i.reason === 'pricing page').points).toBeGreaterThan(14);
    expect(lead.stage).toBe('mql');
    expect(lead.priority).toBe('high');
    expect(lead.owner).toEqual(expect.any(String));
  });

  it('works on a phone: the hosted form page fits the screen and can be filled in', async () => {
    const context = await browser.newContext({ userAgent: BROWSER_UA, viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${t.url}/f/demo`);
    await page.getByLabel('Work e-mail').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const button = await page.getByRole('button', { name: 'Book my demo' }).boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44);
    expect(button!.width).toBeGreaterThan(PHONE.width * 0.7);
    await page.getByLabel('Work e-mail').fill('mobile@wingtip-robotics.com');
    await page.getByLabel('First name').fill('Mo');
    await page.getByLabel('Company').fill('Wingtip Robotics');
    await screenshot(page, 'tracking-hosted-demo-phone');
    await page.getByRole('button', { name: 'Book my demo' }).click();
    await page.getByText('Thank you! We will be in touch.').waitFor();
    expect((await leadByEmail('mobile@wingtip-robotics.com')).priority).toBe('high');
    await context.close();
  });
});
