/**
 * The browser side of the web tests: Debian's Chromium driven by playwright-core, signing in
 * through the sign-in page, and screenshots saved as test artefacts (test/browser/artifacts/).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { saveUser } from '../../src/web/user-store.js';
import type { NewUser } from '../../src/web/user-rules.js';
import type { TestApp } from '../support/test-app.js';

export const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts');
export const PASSWORD = 'browser-test-password';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.BATON_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function addUser(t: TestApp, user: Omit<NewUser, 'password'>): Promise<void> {
  await saveUser(t.app.deps.db, { ...user, password: PASSWORD }, new Date(), { replace: true });
}

/** A new browser context signed in through the sign-in page, on `start` (Default: /). */
export async function signedIn(browser: Browser, t: TestApp, email: string, options: { viewport?: { width: number; height: number }; start?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, baseURL: t.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(options.start ?? '/');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.topbar').waitFor();
  expect(errors).toEqual([]);
  return { context, page };
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Sends a demo request for someone at `domain` (routed to the domain's account owner when there is one). */
export async function sendLead(t: TestApp, n: number, domain: string, extra: Record<string, unknown> = {}): Promise<{ id: string; owner: string | null }> {
  const res = await t.api('POST', '/api/v1/leads', {
    email: `buyer${n}@${domain}`,
    first_name: 'Kim',
    last_name: `Buyer${n}`,
    title: 'VP Sales',
    company: { name: `Company ${domain}`, size: 400, country: 'US' },
    event: { type: 'demo_requested' },
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** An account owned by `rep`, so leads from `domain` go to them. */
export async function accountOwnedBy(t: TestApp, domain: string, rep: string): Promise<void> {
  const res = await t.api('POST', '/api/v1/accounts', { name: `Company ${domain}`, domain, owner: rep });
  expect(res.status).toBeLessThan(300);
}
