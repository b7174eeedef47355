import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import { startTestApp, type TestApp } from '../test/test-app.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The bar of issue 14 item 13: WCAG 2.1 A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** Every page a spec opened through newPage, checked once more when each test ends. */
const openPages = new Set<Page>();
/** What each page looked like when axe last passed it: an unchanged page is not checked again (time under load). */
const lastPassed = new WeakMap<Page, string>();

/**
 * Waits until the console has settled: no requests in flight, no loader shown, no transition running, and the DOM
 * quiet for 300 ms (React has rendered what the data brought) — at most about 10 s under load.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
  await page
    .waitForFunction(
      () =>
        !!document.querySelector('#root > *') &&
        !document.querySelector('.mantine-Loader-root, [aria-busy=true]') &&
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout: 5000, polling: 100 },
    )
    .catch(() => undefined);
  await page
    .evaluate(
      () =>
        new Promise<void>((resolve) => {
          let timer = setTimeout(done, 300);
          const observer = new MutationObserver(() => {
            clearTimeout(timer);
            timer = setTimeout(done, 300);
          });
          const give = setTimeout(done, 5000);
          function done() {
            observer.disconnect();
            clearTimeout(give);
            resolve();
          }
          observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }),
    )
    .catch(() => undefined);
}

/**
 * Issue 14 item 13: runs axe-core (WCAG 2.1 A/AA) on the page as it is now and throws on any violation, naming the
 * rule, the elements and what is wrong with them. newPage's pages run it after every goto and waitForURL, at every
 * shot, and when each test ends, so every screen a spec visits is checked.
 */
export async function expectAccessible(page: Page, where = ''): Promise<void> {
  if (page.isClosed()) return;
  let url = '';
  let violations: AxeViolation[] = [];
  // A page that moves on while axe runs (a redirect) is checked again where it lands.
  for (let attempt = 0; attempt < 3; attempt++) {
    await settle(page);
    url = page.url();
    if (!url.startsWith('http')) return;
    const look = await page.evaluate(() => `${location.href} ${document.body.innerHTML.length} ${document.querySelectorAll('*').length}`).catch(() => '');
    if (look && lastPassed.get(page) === look) return;
    violations = await runAxe(page).catch((e: Error) => {
      if (/context was destroyed|Target closed|navigation/i.test(e.message)) return [];
      throw e;
    });
    if (page.url() === url) {
      if (!violations.length && look) lastPassed.set(page, look);
      break;
    }
  }
  if (!violations.length) return;
  if (process.env.NYCKEL_AXE_REPORT) {
    // Survey mode (while fixing): every violation is appended to the file and the test goes on.
    for (const v of violations)
      appendFileSync(
        process.env.NYCKEL_AXE_REPORT,
        `${JSON.stringify({ url, where, id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary })) })}\n`,
      );
    return;
  }
  const text = violations
    .map(
      (v) =>
        `  ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 6)
          .map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
  throw new Error(`axe: ${violations.length} WCAG 2.1 A/AA violation(s) at ${url}${where ? ` (${where})` : ''}\n${text}`);
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the console's CSP (no eval) is not involved.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    // WCAG 2.1 A/AA, plus two best-practice rules the issue names: one h1 per page and one main landmark.
    const rules = { 'page-has-heading-one': { enabled: true }, 'landmark-one-main': { enabled: true } };
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] })).violations;
  }, AXE_TAGS);
}

/** Wraps the page's navigations so each one is followed by an axe check. */
export function checkedPage(page: Page): Page {
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  const goto = page.goto.bind(page);
  const waitForURL = page.waitForURL.bind(page);
  page.goto = async (...args: Parameters<Page['goto']>) => {
    const response = await goto(...args);
    await expectAccessible(page, `after goto ${String(args[0])}`);
    return response;
  };
  page.waitForURL = async (...args: Parameters<Page['waitForURL']>) => {
    await waitForURL(...args);
    await expectAccessible(page, 'after waitForURL');
  };
  return page;
}

afterEach(async (ctx) => {
  const pages = [...openPages];
  if (ctx.task.result?.state === 'fail') return;
  for (const page of pages) await expectAccessible(page, 'when the test ended');
});

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
  /** Checks the page with axe (expectAccessible), then saves a screenshot under .test-results/screenshots/ for people to look at. */
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
      const page = checkedPage(await context.newPage());
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
      await expectAccessible(page, `screenshot ${name}`);
      await page.screenshot({ path: `.test-results/screenshots/${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
