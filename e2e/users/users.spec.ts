import ExcelJS from 'exceljs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
let operator: ApiClient;
let org: { id: string; name: string };
let context: BrowserContext;
let page: Page;

/** Full-page screenshots start at the top, so the fixed header does not land mid-page. */
async function shot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await e2e.shot(page, name);
}

const row = (email: string): Locator => page.locator(`[data-testid=user-row][data-email="${email}"]`);
const statusOf = (email: string) => row(email).locator('[data-testid=user-status]').getAttribute('data-status');
const dialog = () => page.getByRole('dialog');

async function openUsers() {
  await page.goto(`/orgs/${org.id}/users`);
  await page.locator('[data-testid=user-table]').waitFor();
}

async function chooseView(label: string) {
  await page.locator('[data-testid=user-view]').getByText(label, { exact: true }).click();
}

/** Runs a three-dots action and confirms it in its modal. */
async function runAction(email: string, action: string, shotName?: string) {
  await row(email).locator('[data-testid=user-actions]').click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
  const modal = dialog();
  await modal.waitFor();
  if (shotName) await shot(shotName);
  await modal.getByRole('button', { name: action, exact: true }).click();
}

async function licenseCell(module: string, cell: 'seats' | 'in-use' | 'available') {
  return page.locator(`[data-testid=license-row][data-module=${module}] [data-testid=${cell}]`).textContent();
}

beforeAll(async () => {
  e2e = await startE2E();
  operator = await e2e.t.operator();
  // One payroll seat, so the second payroll user hits the limit (R-B2).
  org = await makeOrg(operator, { name: `Palkka Testi Oy ${Date.now()}`, seats: { accounting: 5, invoicing: 5, payroll: 1 } });
  const admin = await makeOrgAdmin(e2e.t, org.id);
  ({ context, page } = await e2e.newPage('en-GB'));
  await e2e.signIn(page, admin.account.email, admin.account.password);
  await page.waitForURL((url) => url.pathname === '/orgs');
});

afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

describe('users and licenses in the console', () => {
  const employee = `paula.palkka.${Date.now()}@example.test`;

  it('R-C1 R-B1 adds an employee with a package through the stepper and the seat shows on the Licenses tab', async () => {
    await openUsers();
    expect(await page.getByRole('tab', { name: 'Users' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('menuitem', { name: /^Users with system access/ }).click();
    const modal = dialog();
    await modal.getByText('Add: Users with system access').waitFor();

    await modal.getByRole('textbox', { name: 'E-mail' }).fill(employee);
    await modal.getByRole('textbox', { name: 'First name' }).click(); // leaves the e-mail: the lookup runs
    await modal.getByRole('textbox', { name: 'First name' }).fill('Paula');
    await modal.getByRole('textbox', { name: 'Last name' }).fill('Palkka');
    await shot('users-1-stepper-details');
    await modal.getByRole('button', { name: 'Next' }).click();

    await modal.getByRole('checkbox', { name: 'Base package: payroll' }).check();
    await shot('users-2-stepper-packages');
    await modal.getByRole('button', { name: 'Next' }).click();
    await modal.locator('[data-testid=modules-picker]').waitFor();
    await shot('users-3-stepper-modules');
    await modal.getByRole('button', { name: 'Next' }).click();

    const summary = modal.locator('[data-testid=add-user-summary]');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Takes a license ofPayroll');
    await shot('users-4-stepper-summary');
    await modal.locator('[data-testid=add-user-submit]').click();
    await modal.waitFor({ state: 'hidden' });

    await row(employee).waitFor();
    expect(await statusOf(employee)).toBe('invited');
    await shot('users-5-added');

    await page.getByRole('tab', { name: 'Licenses' }).click();
    await page.waitForURL(`**/orgs/${org.id}/licenses`);
    await page.locator('[data-testid=license-row][data-module=payroll]').waitFor();
    expect(await licenseCell('payroll', 'seats')).toBe('1');
    expect(await licenseCell('payroll', 'in-use')).toBe('1');
    expect(await licenseCell('payroll', 'available')).toBe('0');
    await shot('users-6-licenses');
  });

  it('R-B2 R-C1 an existing account is looked up, and the license limit names the module', async () => {
    const elsewhere = await makeOrg(operator);
    const existing = await makeAccount(e2e.t, { homeOrgId: elsewhere.id });
    await openUsers();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('menuitem', { name: /^Users with system access/ }).click();
    const modal = dialog();
    await modal.getByRole('textbox', { name: 'E-mail' }).fill(existing.email);
    await modal.getByRole('textbox', { name: 'First name' }).click();
    await modal.locator('[data-testid=lookup-found]').waitFor();
    const firstName = modal.getByRole('textbox', { name: 'First name' });
    expect(await firstName.inputValue()).toBe('Test');
    expect(await firstName.getAttribute('readonly')).not.toBeNull();
    await shot('users-7-lookup-found');

    await modal.getByRole('button', { name: 'Next' }).click();
    await modal.getByRole('checkbox', { name: 'Base package: payroll' }).check();
    await modal.getByRole('button', { name: 'Next' }).click();
    await modal.getByRole('button', { name: 'Next' }).click();
    await modal.locator('[data-testid=add-user-submit]').click();

    const problem = modal.locator('[data-testid=add-user-error]');
    await problem.waitFor();
    const text = await problem.textContent();
    expect(text).toContain('There are not enough license seats for this change.');
    expect(text).toContain('Payroll: 1 license, 1 in use, 1 more needed');
    await shot('users-8-license-limit');
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await modal.waitFor({ state: 'hidden' });
    expect(await row(existing.email).count()).toBe(0);
  });

  it('R-C8 R-C9 R-B3 deactivates and reactivates a user after confirming, through a seat shortage and a checkout', async () => {
    const worker = await makeAccount(e2e.t, { homeOrgId: org.id });
    await makeMembership(e2e.t, org.id, worker.id, { packages: ['base-accounting'] });
    await openUsers();
    expect(await statusOf(worker.email)).toBe('active');

    await runAction(worker.email, 'Deactivate', 'users-9-deactivate-confirm');
    await dialog().waitFor({ state: 'hidden' });
    await row(worker.email).waitFor({ state: 'detached' }); // the default view holds no inactive users (R-D1)
    await chooseView('Inactive users');
    await row(worker.email).waitFor();
    expect(await statusOf(worker.email)).toBe('inactive');
    await shot('users-10-inactive');

    // The seats it freed are sold back: reactivation is refused whole, naming each module (R-B2, R-C9).
    const order = await operator.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { accounting: 0, invoicing: 0 } });
    expect(order.status).toBe(201);
    await runAction(worker.email, 'Reactivate');
    const notice = page.locator('.mantine-Notification-root', { hasText: 'could not be reactivated' });
    await notice.waitFor();
    const noticeText = await notice.textContent();
    expect(noticeText).toContain('There are not enough license seats for this change.');
    expect(noticeText).toContain('Accounting: 0 licenses, 0 in use, 1 more needed');
    expect(noticeText).toContain('Invoicing: 0 licenses, 0 in use, 1 more needed');
    await shot('users-11-reactivate-refused');
    expect(await statusOf(worker.email)).toBe('inactive');

    // Upgrade licenses: lowering payroll below its use is refused per module; raising accounting/invoicing goes through.
    await page.getByRole('tab', { name: 'Licenses' }).click();
    await page.getByRole('button', { name: 'Upgrade licenses' }).click();
    const checkout = dialog();
    await checkout.getByRole('textbox', { name: 'New total of Payroll licenses' }).fill('0');
    await checkout.getByRole('textbox', { name: 'New total of Accounting licenses' }).fill('3');
    await checkout.getByRole('textbox', { name: 'New total of Invoicing licenses' }).fill('3');
    const summary = checkout.locator('[data-testid=order-summary]');
    expect(await summary.textContent()).toContain('Accounting 0 → 3');
    await checkout.getByRole('button', { name: 'Check out' }).click();
    const refusal = checkout.locator('[data-testid=order-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Payroll: 1 in use — remove users or their access before going below 1');
    await shot('users-12-checkout-refused');
    await checkout.getByRole('textbox', { name: 'New total of Payroll licenses' }).fill('1');
    await checkout.getByRole('button', { name: 'Check out' }).click();
    await checkout.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=order-row]', { hasText: 'Accounting 0 → 3' }).waitFor();
    expect(await licenseCell('accounting', 'seats')).toBe('3');
    await shot('users-13-checkout-done');

    await page.getByRole('tab', { name: 'Users' }).click();
    await page.locator('[data-testid=user-table]').waitFor();
    await chooseView('Inactive users');
    await row(worker.email).waitFor();
    await runAction(worker.email, 'Reactivate', 'users-14-reactivate-confirm');
    await row(worker.email).waitFor({ state: 'detached' });
    await chooseView('All users');
    await row(worker.email).waitFor();
    expect(await statusOf(worker.email)).toBe('active');
    await shot('users-15-reactivated');
  });

  it('R-D3 exports exactly the filtered, sorted list to Excel', async () => {
    await openUsers();
    // Sort by first name, descending, and show active users only.
    const firstNameHeader = page.getByRole('columnheader', { name: 'First name' }).getByRole('button');
    await firstNameHeader.click();
    await page.waitForURL(/sort=firstName/);
    await firstNameHeader.click();
    await page.waitForURL(/order=desc/);
    await page.locator('[data-testid=filter-status]').click();
    await page.getByRole('option', { name: 'Active', exact: true }).click();
    await page.waitForURL(/status=active/);
    await page.locator('[data-testid=user-row][data-email="' + employee + '"]').waitFor({ state: 'detached' });

    const tableRows = await page.locator('[data-testid=user-row]').evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll('td'))
          // The selection checkbox (bulk actions) is not a column of the export.
          .filter((td) => !td.querySelector('input[type=checkbox]'))
          .slice(0, 3)
          .map((td) => td.textContent?.trim() ?? ''),
      ),
    );
    expect(tableRows.length).toBeGreaterThan(1);
    await shot('users-16-export-filters');

    const link = page.locator('[data-testid=export-users]');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain('status=active');
    expect(href).toContain('sort=firstName');
    expect(href).toContain('order=desc');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    const values: string[][] = [];
    sheet.eachRow((r) => values.push([1, 2, 3].map((c) => String(r.getCell(c).value ?? ''))));
    expect(values[0]).toEqual(['First name', 'Last name', 'E-mail']);
    expect(values.slice(1)).toEqual(tableRows);
    expect(values.slice(1).some(([, , email]) => email === employee)).toBe(false);
  });

  it('R-C6 changes details and access on the user page; a change beyond the seats is refused naming the module', async () => {
    const member = await makeAccount(e2e.t, { homeOrgId: org.id });
    await makeMembership(e2e.t, org.id, member.id, { packages: ['base-accounting'] });
    await openUsers();
    await row(member.email).getByRole('link').click();
    await page.waitForURL(/\/users\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid=user-name]').waitFor();

    await page.getByRole('textbox', { name: 'Default job title' }).fill('Site engineer');
    await page.getByRole('textbox', { name: 'Phone' }).fill('+358 40 123 4567');
    await page.getByRole('form', { name: 'Details' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('The user was saved').waitFor();

    // Access: the package goes, accounting stays as an individual module with its administrator switch on.
    const access = page.locator('[data-testid=user-access]');
    await access.getByRole('checkbox', { name: 'Base package: accounting' }).uncheck();
    await access.getByRole('checkbox', { name: 'Access to Accounting' }).check();
    await access.getByRole('switch', { name: 'Administrator of Accounting' }).check();
    await access.locator('[data-testid=save-access]').click();
    await page.getByText('The access was saved').waitFor();
    const user = (await operator.get(`/api/v1/orgs/${org.id}/users?email=${encodeURIComponent(member.email)}`)).body.items[0];
    expect(user.jobTitle).toBe('Site engineer');
    expect(user.phone).toBe('+358 40 123 4567');
    expect(user.packages).toEqual([]);
    expect(user.modules).toEqual([{ key: 'accounting', admin: true }]);
    expect(user.effectiveModules).toEqual(['accounting']);

    // Payroll's only seat is taken: adding it is refused whole, naming the module (R-B2).
    await access.getByRole('checkbox', { name: 'Base package: payroll' }).check();
    await access.locator('[data-testid=save-access]').click();
    await access.getByText('Payroll: 1 license, 1 in use, 1 more needed').waitFor();
    await shot('users-17-user-page');
  });

  it('R-C5 R-C15 a user without system access lands on their profile and changes their e-mail settings', async () => {
    const plain = await makeAccount(e2e.t, { homeOrgId: org.id });
    await makeMembership(e2e.t, org.id, plain.id, { type: 'no_access' });
    const own = await e2e.newPage('en-GB');
    try {
      await e2e.signIn(own.page, plain.email, plain.password);
      await own.page.waitForURL((url) => url.pathname === '/profile');
      await own.page.getByRole('heading', { name: 'My profile' }).first().waitFor();
      // Their organisation is still reachable from here.
      await own.page.locator('[data-testid=my-organisations]').getByRole('link', { name: org.name }).waitFor();
      const news = own.page.getByRole('switch', { name: 'Product news' });
      expect(await news.isChecked()).toBe(false);
      await news.check();
      await own.page.getByRole('button', { name: 'Save' }).click();
      await own.page.getByText('Your profile was saved').waitFor();
      await own.page.evaluate(() => window.scrollTo(0, 0));
      await e2e.shot(own.page, 'users-18-profile');
      const me = await own.page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
      expect(me.emailSettings).toEqual({ accessNotices: true, productNews: true });
    } finally {
      await own.context.close();
    }
  });

  it('R-B5 a contract owner who is not a user sees the Licenses tab only', async () => {
    const owner = await makeAccount(e2e.t);
    const owned = await makeOrg(operator, { contractOwner: { email: owner.email, firstName: 'Olle', lastName: 'Owner' } });
    const own = await e2e.newPage('en-GB');
    try {
      await e2e.signIn(own.page, owner.email, owner.password);
      await own.page.waitForURL((url) => url.pathname === '/profile');
      await own.page.locator('[data-testid=my-organisations]').getByRole('link', { name: owned.name }).click();
      await own.page.getByRole('tab', { name: 'Licenses' }).click();
      await own.page.locator('[data-testid=license-row][data-module=accounting]').waitFor();
      const tabs = await own.page.getByRole('tab').allTextContents();
      expect(tabs).toEqual(['Overview', 'Licenses']);
      await own.page.getByRole('button', { name: 'Upgrade licenses' }).waitFor();
      await e2e.shot(own.page, 'users-19-contract-owner');
    } finally {
      await own.context.close();
    }
  });
});
