import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { OPERATOR } from '../../test/test-app.js';
import { startE2E, type E2E } from '../support.js';

/**
 * Issue 14, the gaps left after items 1–16 were built: every kind of dialog opens on its first field from the keyboard
 * (item 15), a new partner user is placed at an office of their home organisation (item 16), the operator changes a
 * client's agency and contract owner (item 8), and a bulk action reaches every user the filter matches (item 10).
 */
let e2e: E2E;
let op: ApiClient;
let org: { id: string; name: string };
let admin: { account: { email: string; password: string }; api: ApiClient };
const stamp = Date.now().toString(36);

beforeAll(async () => {
  e2e = await startE2E();
  op = await e2e.t.operator();
  org = await makeOrg(op, { name: `Rakennus Kivi Oy ${stamp}` });
  admin = await makeOrgAdmin(e2e.t, org.id);
});

afterAll(async () => {
  await e2e?.close();
});

async function signedIn(email: string, password: string): Promise<Page> {
  const { page } = await e2e.newPage();
  await e2e.signIn(page, email, password);
  return page;
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName} ${el.getAttribute('aria-label') ?? ''} ${el.textContent?.trim().slice(0, 40) ?? ''}` : 'nothing';
  });

/**
 * Opens a dialog with the keyboard (Enter on the focused opener, or the steps given), checks that the expected element
 * inside has focus, then closes it with Escape and checks that focus is back on the opener.
 */
async function checkDialog(page: Page, name: string | RegExp, opener: Locator, first: (dialog: Locator) => Locator, open?: () => Promise<void>) {
  await opener.focus();
  if (open) await open();
  else await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  const target = first(dialog);
  await expect.poll(() => isFocused(target), { message: `${String(name)}: focus is on ${await focusedName(page)}` }).toBe(true);
  // A searchable picker opens its list on focus: the first Escape closes the list, the next the dialog.
  const listOpen = (await target.getAttribute('aria-expanded')) === 'true';
  await page.keyboard.press('Escape');
  if (listOpen) await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => isFocused(opener), { message: `${String(name)}: after Escape focus is on ${await focusedName(page)}` }).toBe(true);
}

describe('issue 14 item 15: dialogs open with focus on their first field, and Escape returns it to the opener', () => {
  it('issue 14 item 15 add partner user, extend validity, password reset, deactivate and delete confirmations, order licenses, new project, add office, attach to projects', async () => {
    const expired = await makeAccount(e2e.t, { homeOrgId: org.id, firstName: 'Eero', lastName: 'Expired' });
    const ext = await makeMembership(e2e.t, org.id, expired.id, { type: 'external', status: 'expired', validUntil: '2020-01-31' });
    const active = await makeAccount(e2e.t, { homeOrgId: org.id, firstName: 'Aino', lastName: 'Active' });
    const member = await makeMembership(e2e.t, org.id, active.id, { packages: ['base-crm'] });
    expect((await admin.api.post(`/api/v1/orgs/${org.id}/projects`, { name: 'Koulu Kivikko' })).status).toBe(201);
    const page = await signedIn(admin.account.email, admin.account.password);

    await page.goto(`/orgs/${org.id}/users`);
    await page.locator('[data-testid=user-table]').waitFor();
    await checkDialog(page, 'Add partner user', page.getByRole('button', { name: 'Add partner user' }), (d) =>
      d.getByRole('textbox', { name: 'E-mail address' }),
    );

    // No dead end (item 7): without an agency, "Add user" offers reseller users disabled, saying why.
    await page.getByRole('button', { name: 'Add user' }).click();
    const reseller = page.getByRole('menuitem', { name: /^Users administered by your reseller/ });
    await reseller.waitFor();
    expect(await reseller.getAttribute('data-disabled')).toBe('true');
    expect(await reseller.textContent()).toContain('not served by an agency');
    await page.keyboard.press('Escape');
    await reseller.waitFor({ state: 'detached' });

    // The row menu's actions: the dialog opens on its field, or on its safe answer; Escape returns to the row's menu button.
    const actions = (who: string) => page.getByRole('button', { name: `Actions for ${who}` });
    const viaMenu = (item: string) => async () => {
      await page.keyboard.press('Enter');
      const menuItem = page.getByRole('menuitem', { name: item });
      await menuItem.waitFor();
      await menuItem.focus();
      await page.keyboard.press('Enter');
    };
    await checkDialog(page, /Extend the validity|Extend validity/, actions('Eero Expired'), (d) => d.getByLabel('Valid until'), viaMenu('Extend validity'));
    await checkDialog(page, /password reset/, actions('Aino Active'), (d) => d.getByRole('button', { name: 'Send link' }), viaMenu('Send password reset'));
    await checkDialog(page, 'Deactivate Aino Active?', actions('Aino Active'), (d) => d.getByRole('button', { name: 'Deactivate' }), viaMenu('Deactivate'));
    // An irreversible change opens on Cancel: Enter does not delete.
    await checkDialog(page, /Delete Aino Active/, actions('Aino Active'), (d) => d.getByRole('button', { name: 'Cancel' }), viaMenu('Delete'));

    await page.goto(`/orgs/${org.id}/licenses`);
    await checkDialog(page, 'Upgrade licenses', page.getByTestId('upgrade-licenses'), (d) => d.getByRole('textbox').first());

    await page.goto(`/orgs/${org.id}/projects`);
    await checkDialog(page, 'New project', page.getByRole('button', { name: 'New project' }), (d) => d.getByRole('textbox', { name: 'Name' }));

    await page.goto(`/orgs/${org.id}`);
    await checkDialog(page, 'Add an office', page.getByRole('button', { name: 'Add office' }), (d) => d.getByRole('textbox', { name: 'Name' }));

    await page.goto(`/orgs/${org.id}/users/${member.id}`);
    const tabs = page.getByTestId('user-role-tabs');
    await tabs.getByRole('tab', { name: /Project roles/ }).click();
    await checkDialog(page, 'Attach to projects', tabs.getByRole('button', { name: 'Attach to projects' }), (d) =>
      d.getByRole('combobox', { name: 'Projects' }),
    );
    expect(ext.id).toBeTruthy();
  });
});

describe('R-C16 issue 14 item 16: a partner is placed at an office of their home organisation', () => {
  it('R-C16 the add-partner form offers the offices of the chosen home organisation, and the user is placed there', async () => {
    const home = await makeOrg(op, { name: `Sähkö Toimisto Oy ${stamp}` });
    const { api: homeAdmin } = await makeOrgAdmin(e2e.t, home.id);
    expect((await homeAdmin.post(`/api/v1/orgs/${home.id}/offices`, { name: 'Tampere', address: 'Hämeenkatu 1' })).status).toBe(201);
    expect((await homeAdmin.post(`/api/v1/orgs/${home.id}/offices`, { name: 'Pori' })).status).toBe(201);
    // A partner already here, so the home organisation is offered under "Choose organisation".
    const earlier = await makeAccount(e2e.t, { homeOrgId: home.id });
    await makeMembership(e2e.t, org.id, earlier.id, { packages: ['base-crm'] });

    const page = await signedIn(admin.account.email, admin.account.password);
    await page.goto(`/orgs/${org.id}/users`);
    await page.getByRole('button', { name: 'Add partner user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add partner user' });
    const email = `olli.office.${stamp}@sahko.test`;
    await dialog.getByLabel('E-mail address').fill(email);
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByRole('button', { name: 'Yes, create a new user' }).click();
    await dialog.getByLabel('First name').fill('Olli');
    await dialog.getByLabel('Last name').fill('Office');
    // At home here: this organisation has no offices, and says so.
    await expect.poll(() => dialog.getByTestId('home-office-none').textContent()).toContain('This organisation has no offices yet');

    await dialog.getByRole('button', { name: 'Change organisation' }).click();
    const change = page.getByRole('dialog', { name: 'Change organisation' });
    await change.getByRole('combobox', { name: 'Choose organisation' }).click();
    await page.getByRole('option', { name: new RegExp(home.name) }).click();
    await change.getByRole('button', { name: 'Use this organisation' }).click();
    await change.waitFor({ state: 'hidden' });

    const office = dialog.getByRole('combobox', { name: 'Placed at office' });
    await office.waitFor();
    expect(await dialog.textContent()).toContain(`A partner user is placed at an office of their own organisation, ${home.name}.`);
    await office.click();
    await expect.poll(() => page.getByRole('option').allTextContents()).toEqual(['Pori', 'Tampere · Hämeenkatu 1']);
    await page.getByRole('option', { name: 'Tampere · Hämeenkatu 1' }).click();
    await e2e.shot(page, 'issue14-partner-office');
    await dialog.getByRole('button', { name: 'Save and send invitation' }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/users\/[0-9a-f-]{36}$/);
    const r = await admin.api.get(`/api/v1/orgs/${org.id}/users?view=partner&email=${encodeURIComponent(email)}`);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ home: 'partner', homeOrg: { name: home.name }, office: { name: 'Tampere' } });
  });
});

describe("R-A2 issue 14 item 8: a client's agency and contract owner are changed after creation", () => {
  it('R-A2 the operator changes the agency and the contract owner on the organisation page and the new agency shows by name; a client administrator is told who can', async () => {
    const first = await makeOrg(op, { kind: 'agency', name: `Tilitoimisto Alku ${stamp}` });
    const second = await makeOrg(op, { kind: 'agency', name: `Tilitoimisto Uusi ${stamp}` });
    const client = await makeOrg(op, { name: `Asiakas Oy ${stamp}`, agencyId: first.id });
    const clientAdmin = await makeOrgAdmin(e2e.t, client.id);

    const page = await signedIn(OPERATOR.email, OPERATOR.password);
    await page.goto(`/orgs/${client.id}`);
    await expect.poll(() => page.getByRole('main').textContent()).toContain(first.name);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('edit-agency').click();
    await page.getByRole('option', { name: second.name }).click();
    const ownerEmail = `owner.${stamp}@asiakas.test`;
    await page.getByTestId('edit-owner-email').fill(ownerEmail);
    await page.getByRole('textbox', { name: 'First name' }).fill('Outi');
    await page.getByRole('textbox', { name: 'Last name' }).fill('Omistaja');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain(second.name);
    expect(await main.textContent()).toContain(`Outi Omistaja (${ownerEmail})`);
    expect(await main.textContent()).not.toContain(second.id);
    await e2e.shot(page, 'issue14-agency-changed');
    const saved = await op.get(`/api/v1/orgs/${client.id}`);
    expect(saved.body).toMatchObject({ agencyId: second.id, contractOwner: { email: ownerEmail } });

    // The client's administrator sees the agency by name, edits the name, and is told who changes the rest.
    const theirs = await signedIn(clientAdmin.account.email, clientAdmin.account.password);
    await theirs.goto(`/orgs/${client.id}`);
    await expect.poll(() => theirs.getByRole('main').textContent()).toContain(second.name);
    await theirs.getByRole('button', { name: 'Edit' }).click();
    await theirs.getByRole('textbox', { name: 'Name' }).waitFor();
    expect(await theirs.getByTestId('edit-agency').count()).toBe(0);
    expect(await theirs.getByTestId('edit-owner-email').count()).toBe(0);
    const why = await theirs.getByTestId('edit-who-changes').textContent();
    expect(why).toContain('Only platform operators change the agency');
    expect(why).toContain('Platform operators and the contract owner change the contract owner.');
  });
});

describe('R-C8 issue 14 item 10: a bulk action on every user the filter matches, across pages', () => {
  it('R-C8 selects the page, then all 30 matching users, confirms with the count and the first names, and deactivates them all', async () => {
    for (let i = 0; i < 30; i++) {
      const acc = await makeAccount(e2e.t, { homeOrgId: org.id, firstName: `Maija${String(i).padStart(2, '0')}`, lastName: 'Massala' });
      await makeMembership(e2e.t, org.id, acc.id, { packages: ['base-crm'] });
    }
    const other = await makeAccount(e2e.t, { homeOrgId: org.id, firstName: 'Ville', lastName: 'Muu' });
    const otherMember = await makeMembership(e2e.t, org.id, other.id, { packages: ['base-crm'] });

    const page = await signedIn(admin.account.email, admin.account.password);
    await page.goto(`/orgs/${org.id}/users?lastName=Massala`);
    await expect.poll(() => page.locator('[data-testid=user-row]').count()).toBe(25);
    await page.getByTestId('select-all-users').check();
    const bar = page.getByTestId('bulk-bar');
    await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('25 users selected');
    await bar.getByTestId('bulk-select-all-matching').click();
    await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('All 30 users matching the filter are selected');
    await e2e.shot(page, 'issue14-bulk-all-matching');

    await bar.getByTestId('bulk-deactivate').click();
    const confirm = page.getByRole('dialog', { name: 'Deactivate these users?' });
    await confirm.waitFor();
    expect(await confirm.getByTestId('bulk-who-count').textContent()).toBe('All 30 users matching the filter, among them:');
    expect(await confirm.getByTestId('bulk-who').locator('li').count()).toBe(10);
    expect(await confirm.getByTestId('bulk-who').textContent()).toMatch(/^(Maija\d\d Massala \([^)]+\)){10}$/);
    expect(await confirm.getByTestId('bulk-who-more').textContent()).toBe('… and 20 more');
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await confirm.waitFor({ state: 'hidden' });

    await expect.poll(async () => (await admin.api.get(`/api/v1/orgs/${org.id}/users?view=inactive&lastName=Massala&limit=1`)).body.total).toBe(30);
    expect((await admin.api.get(`/api/v1/orgs/${org.id}/users?lastName=Massala&limit=1`)).body.total).toBe(0);
    expect((await admin.api.get(`/api/v1/orgs/${org.id}/users/${otherMember.id}`)).body.status).toBe('active');
  });
});
