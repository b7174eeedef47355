import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, nextBusinessId } from '../../test/factories.js';
import { OPERATOR } from '../../test/test-app.js';
import { startE2E, type E2E } from '../support.js';

/** A business id of the right shape whose check digit is wrong (R-A2). */
function badBusinessId(country: 'FI' | 'SE'): string {
  const good = nextBusinessId(country);
  const last = Number(good.slice(-1));
  return `${good.slice(0, -1)}${(last + 1) % 10}`;
}

let e2e: E2E;

/** Full-page screenshots start at the top, so the fixed header does not land mid-page. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await e2e.shot(page, name);
}

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

/** The foundation flow: sign in → organisation list → new organisation, refused then created → listed. */
async function createOrgFlow(
  page: Page,
  texts: {
    listTitle: string;
    newButton: string;
    nameLabel: string;
    businessIdLabel: string;
    submit: string;
    badIdError: string;
  },
  country: 'FI' | 'SE',
  name: string,
  prefix: string,
) {
  await page.getByRole('heading', { name: texts.listTitle }).waitFor();
  await shot(page, `${prefix}-1-list`);
  await page.getByRole('link', { name: texts.newButton }).click();
  await page.waitForURL('**/orgs/new');

  const form = page.getByRole('form');
  await form.getByRole('textbox', { name: texts.nameLabel, exact: true }).fill(name);
  await form.getByRole('textbox', { name: texts.businessIdLabel }).fill(badBusinessId(country));
  await form.getByRole('button', { name: texts.submit }).click();

  // R-A2: the refusal names the field: the message sits under the business id input, which is marked invalid.
  const businessId = form.getByRole('textbox', { name: texts.businessIdLabel });
  await form.getByText(texts.badIdError).waitFor();
  expect(await businessId.getAttribute('aria-invalid')).toBe('true');
  await shot(page, `${prefix}-2-bad-business-id`);

  await businessId.fill(nextBusinessId(country));
  await form.getByRole('button', { name: texts.submit }).click();
  await page.waitForURL(/\/orgs\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name }).waitFor();
  await shot(page, `${prefix}-3-created`);

  await page.getByRole('link', { name: texts.listTitle }).first().click();
  await page.waitForURL('**/orgs');
  await page.locator('[data-testid=org-row]', { hasText: name }).waitFor();
  await shot(page, `${prefix}-4-listed`);
}

describe('R-A1 R-A2 organisations in the console', () => {
  it('R-A2 an operator sees a bad business id refused on its field, then creates the organisation (English)', async () => {
    const { context, page } = await e2e.newPage('en-GB');
    await e2e.signIn(page, OPERATOR.email, OPERATOR.password);
    // An operator starts at the organisations.
    await page.waitForURL((url) => url.pathname === '/orgs');
    const name = `Koivu Testi Oy ${Date.now()}`;
    await createOrgFlow(
      page,
      {
        listTitle: 'Organisations',
        newButton: 'New organisation',
        nameLabel: 'Name',
        businessIdLabel: 'Business ID',
        submit: 'Create organisation',
        badIdError: 'This business ID is not valid for the selected country.',
      },
      'FI',
      name,
      'orgs-en',
    );
    await context.close();
  });

  it('R-A2 the same in Swedish (sv-SE browser, Swedish account)', async () => {
    const operator = await makeAccount(e2e.t, { operator: true, language: 'sv' });
    const { context, page } = await e2e.newPage('sv-SE');
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Logga in i Nyckel' }).waitFor();
    await e2e.signIn(page, operator.email, operator.password);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    const name = `Björk Test AB ${Date.now()}`;
    await createOrgFlow(
      page,
      {
        listTitle: 'Organisationer',
        newButton: 'Ny organisation',
        nameLabel: 'Namn',
        businessIdLabel: 'Organisationsnummer',
        submit: 'Skapa organisation',
        badIdError: 'Organisationsnumret är inte giltigt för det valda landet.',
      },
      'SE',
      name,
      'orgs-sv',
    );
    // The new organisation is Swedish: its country shows in Swedish on the list.
    await page.locator('[data-testid=org-row]', { hasText: name }).getByText('Sverige').waitFor();
    await context.close();
  });
});
