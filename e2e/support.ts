import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../test/test-app.js';

/**
 * Browser tests: a real Nyckel server (fresh database, the built console from console/dist) and Debian's Chromium
 * driven by playwright-core. scripts/test.mjs builds the console first and sets NYCKEL_CHROMIUM.
 */
export interface E2E {
  t: TestApp;
  browser: Browser;
  /** A new browser context (own cookies) with a page at the console, in the given UI language. */
  newPage(locale?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** Signs in through the console's sign-in page. */
  signIn(page: Page, email: string, password: string): Promise<void>;
  /** Saves a screenshot under .test-results/screenshots/ (for people to look at; never asserted). */
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(overrides: Parameters<typeof startTestApp>[0] = {}): Promise<E2E> {
  const t = await startTestApp({ serveConsole: true, ...overrides });
  const browser = await chromium.launch({
    executablePath: process.env.NYCKEL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    t,
    browser,
    async newPage(locale = 'en-GB') {
      const context = await browser.newContext({ baseURL: t.url, locale, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
      const page = await context.newPage();
      return { context, page };
    },
    async signIn(page, email, password) {
      await page.goto('/login');
      await page
        .getByLabel(/e-?mail|e-post|sähköposti/i)
        .first()
        .fill(email);
      await page
        .getByLabel(/password|lösenord|salasana|passord/i)
        .first()
        .fill(password);
      await page.getByRole('button', { name: /sign in|logga in|kirjaudu|logg inn/i }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    },
    async shot(page, name) {
      await page.screenshot({ path: `.test-results/screenshots/${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
