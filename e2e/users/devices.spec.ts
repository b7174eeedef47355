import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
let org: { id: string; name: string };
let admin: { account: { email: string; password: string } };
let fiAdmin: { account: { email: string; password: string } };

/** The document does not scroll sideways: what is wider scrolls inside its own container (issue 14 item 14). */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

async function open(locale: string, width: number) {
  const { context, page } = await e2e.newPage(locale);
  await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
  const who = locale.startsWith('fi') ? fiAdmin : admin;
  await e2e.signIn(page, who.account.email, who.account.password);
  return { context, page };
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await e2e.shot(page, name);
}

beforeAll(async () => {
  e2e = await startE2E();
  const operator = await e2e.t.operator();
  org = await makeOrg(operator, { name: `Kone ja Kuljetus Pohjanmaa Oy ${Date.now()}` });
  admin = await makeOrgAdmin(e2e.t, org.id);
  fiAdmin = await makeOrgAdmin(e2e.t, org.id);
  await e2e.t.database.db.updateTable('accounts').set({ language: 'fi' }).where('email', '=', fiAdmin.account.email).execute();
  for (const [first, last] of [
    ['Aleksanteri', 'Korhonen-Väisänen'],
    ['Maija', 'Virtanen'],
  ]) {
    const r = await operator.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'employee',
      email: `${first.toLowerCase()}.${Date.now()}@rakennusliike-esimerkki.test`,
      firstName: first,
      lastName: last,
      packages: ['base-accounting'],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});

afterAll(async () => {
  await e2e?.close();
});

describe('issue 14 items 14 and 15: phones and keyboards', () => {
  for (const [label, width] of [
    ['390', 390],
    ['desktop', 1280],
  ] as const) {
    it(`the users page, the stepper, the licenses page and the audit log in Finnish at ${label} px: no sideways page scroll`, async () => {
      let context: BrowserContext | undefined;
      try {
        const opened = await open('fi-FI', width);
        context = opened.context;
        const page = opened.page;
        await page.goto(`/orgs/${org.id}/users`);
        await page.locator('[data-testid=user-table]').waitFor();
        await shot(page, `fi-${label}-1-users`);
        await expectNoSidewaysScroll(page, 'users');

        if (width < 600) {
          // The header's menus stay on screen and open.
          await page.getByRole('button', { name: /Kieli/ }).click();
          await page.getByRole('menuitem', { name: 'Svenska' }).waitFor();
          await page.keyboard.press('Escape');
          await page.getByRole('button', { name: /Tilivalikko|Account menu|Käyttäjävalikko/ }).click();
          await page.getByRole('menuitem').first().waitFor();
          await page.keyboard.press('Escape');
          // The closed menu's items leave the page before the next menu is opened (else its first item is clicked).
          await page.getByRole('menuitem').first().waitFor({ state: 'detached' });
        }

        await page.getByRole('button', { name: 'Lisää käyttäjä' }).click();
        // The first type that can be added (reseller users need an agency, which this organisation has not).
        await page.locator('[role=menuitem]:not([data-disabled])').first().click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await shot(page, `fi-${label}-2-stepper`);
        await expectNoSidewaysScroll(page, 'stepper');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        await page.goto(`/orgs/${org.id}/licenses`);
        await page.locator('[data-testid=license-row]').first().waitFor();
        await shot(page, `fi-${label}-3-licenses`);
        await expectNoSidewaysScroll(page, 'licenses');

        await page.goto(`/orgs/${org.id}/audit`);
        await page.locator('[data-testid=audit-table]').waitFor();
        await shot(page, `fi-${label}-4-audit`);
        await expectNoSidewaysScroll(page, 'audit');
      } finally {
        await context?.close();
      }
    });
  }

  it('R-C1 a user is added with the keyboard only: first field focused, each step announced and its heading focused, Enter never skips the summary, focus returns to "Add user"', async () => {
    const { context, page } = await open('en-GB', 1280);
    try {
      await page.goto(`/orgs/${org.id}/users`);
      await page.locator('[data-testid=user-table]').waitFor();
      const addButton = page.getByRole('button', { name: 'Add user' });
      await addButton.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menuitem').first().waitFor();
      await page.keyboard.press('ArrowDown');
      // The first item is "Users administered by your reseller"; the employee type is the second.
      const employeeItem = page.getByRole('menuitem', { name: /^Users with system access/ });
      await employeeItem.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();

      // Opens on its first field.
      const email = dialog.getByRole('textbox', { name: 'E-mail' });
      await expect.poll(() => email.evaluate((el) => el === document.activeElement)).toBe(true);
      const address = `keyboard.${Date.now()}@example.test`;
      await page.keyboard.type(address);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Kaisa');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard');

      const heading = dialog.locator('[data-testid=add-user-step-heading]');
      const announcement = dialog.locator('[data-testid=add-user-step-announcement]');
      const focusNext = async () => {
        await dialog.getByRole('button', { name: 'Next' }).focus();
        await page.keyboard.press('Enter');
      };

      await focusNext();
      await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await announcement.textContent()).toMatch(/^Step 2 of 4: /);
      expect(await announcement.getAttribute('aria-live')).toBe('polite');
      // Packages: Tab to the first checkbox and tick it with the space bar.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');

      await focusNext();
      await expect.poll(() => announcement.textContent()).toMatch(/^Step 3 of 4: /);
      await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);

      // "Next" pressed twice quickly: the second Enter lands on the summary's heading, not on the submit button.
      await dialog.getByRole('button', { name: 'Next' }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await dialog.locator('[data-testid=add-user-summary]').waitFor();
      await expect.poll(() => announcement.textContent()).toMatch(/^Step 4 of 4: /);
      expect(await dialog.isVisible()).toBe(true);
      await e2e.shot(page, 'keyboard-summary');

      await dialog.locator('[data-testid=add-user-submit]').focus();
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.locator(`[data-testid=user-row][data-email="${address}"]`).waitFor();
      await expect.poll(() => addButton.evaluate((el) => el === document.activeElement)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
