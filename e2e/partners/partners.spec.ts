import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from '../support.js';
import { startRegistryFixture, type RegistryFixture } from '../../test/fixtures/registry-server.js';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin, nextBusinessId } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';

/**
 * Seed 003 in the browser: partner users (R-F1, R-F2), their project/site/org roles (R-E1…R-E3, R-C14), deleting and
 * adding them back by e-mail (R-C11), projects and sites, and the business-registry flow against the local
 * registry fixture (no internet here).
 */
describe('R-F1 R-F2 R-E1 R-E2 R-E3 partner users and roles (console)', () => {
  let e2e: E2E;
  let registry: RegistryFixture;
  let org: { id: string; name: string };
  let admin: { account: { email: string; password: string }; api: ApiClient };
  let partner: { id: string; email: string };
  const projects: Record<string, string> = {};

  beforeAll(async () => {
    registry = await startRegistryFixture();
    e2e = await startE2E({ registryFiUrl: registry.fiUrl, registryNoUrl: registry.noUrl, registryTimeoutMs: 2000 });
    const op = await e2e.t.operator();
    org = await makeOrg(op, { name: 'Rakennus Halla Oy', country: 'FI', defaultLanguage: 'fi' });
    const partnerHome = await makeOrg(op, { name: 'Sähkö Kumppani Oy', country: 'FI' });
    admin = await makeOrgAdmin(e2e.t, org.id);
    // An account whose home is another organisation, with no place in `org` yet.
    partner = await makeAccount(e2e.t, { homeOrgId: partnerHome.id, email: `partner-${Date.now()}@sahko.test` });
    await makeMembership(e2e.t, partnerHome.id, partner.id);
    for (const name of ['Koulu Kalasatama', 'Silta Vantaa', 'Asunnot Tampere']) {
      const r = await admin.api.post(`/api/v1/orgs/${org.id}/projects`, { name });
      expect(r.status).toBe(201);
      projects[name] = r.body.id;
    }
    expect((await admin.api.post(`/api/v1/orgs/${org.id}/sites`, { name: 'Työmaa Pasila' })).status).toBe(201);
  });

  afterAll(async () => {
    await e2e?.close();
    await registry?.close();
  });

  async function signedIn(): Promise<Page> {
    const { page } = await e2e.newPage();
    await e2e.signIn(page, admin.account.email, admin.account.password);
    return page;
  }

  async function openAddPartnerDialog(page: Page) {
    await page.goto(`/orgs/${org.id}/users`);
    await page.getByRole('button', { name: 'Add partner user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add partner user' });
    await dialog.waitFor();
    return dialog;
  }

  const member = async () => {
    const r = await admin.api.get(`/api/v1/orgs/${org.id}/users?view=partner&limit=50`);
    expect(r.status).toBe(200);
    return (r.body.items as any[]).find((u) => u.email === partner.email) ?? null;
  };

  it('R-F1 R-E2 R-C14 R-C11 adds a partner by e-mail, attaches to two projects, removes one, deletes and adds back', async () => {
    const page = await signedIn();

    // R-F1: find the person outside the organisation by e-mail and add them as a partner member.
    let dialog = await openAddPartnerDialog(page);
    await dialog.getByLabel('E-mail address').fill(partner.email);
    await dialog.getByRole('button', { name: 'Search' }).click();
    const result = dialog.getByTestId('lookup-result');
    await expect.poll(() => result.textContent()).toContain('Sähkö Kumppani Oy');
    await dialog
      .getByRole('checkbox', { name: /Base package: CRM|base-crm|CRM/ })
      .first()
      .check();
    await e2e.shot(page, 'partners-01-found-by-email');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/users\/[0-9a-f-]{36}$/);
    const added = await member();
    expect(added).toMatchObject({ home: 'partner', type: 'employee', homeOrg: { name: 'Sähkö Kumppani Oy' } });
    expect(added.packages).toEqual(['base-crm']);

    // R-E2: attach to two projects with one role in one action.
    const tabs = page.getByTestId('user-role-tabs');
    await tabs.getByRole('tab', { name: /Project roles/ }).click();
    await tabs.getByRole('button', { name: 'Attach to projects' }).click();
    const attach = page.getByRole('dialog', { name: 'Attach to projects' });
    await attach.getByRole('combobox', { name: 'Projects' }).click();
    await page.getByRole('option', { name: 'Koulu Kalasatama' }).click();
    await page.getByRole('option', { name: 'Silta Vantaa' }).click();
    await attach.getByRole('checkbox', { name: 'Project member' }).check();
    await attach.getByLabel('Title on the project').fill('Sähköurakoitsija');
    await e2e.shot(page, 'partners-02-attach-projects');
    await attach.getByRole('button', { name: 'Save' }).click();
    await attach.waitFor({ state: 'hidden' });
    const rows = tabs.getByTestId('assignment-row');
    await expect.poll(() => rows.count()).toBe(2);
    let roles = (await member()).roles.filter((r: any) => r.scope === 'project');
    expect(roles.map((r: any) => r.targetId).sort()).toEqual([projects['Koulu Kalasatama'], projects['Silta Vantaa']].sort());
    expect(roles.every((r: any) => r.role === 'project-member' && r.title === 'Sähköurakoitsija')).toBe(true);

    // R-C14: the title on one project, edited in place.
    await tabs.getByRole('button', { name: 'Edit title on Koulu Kalasatama' }).click();
    await tabs.getByLabel('Title on Koulu Kalasatama').fill('Työnjohtaja');
    await tabs.getByLabel('Title on Koulu Kalasatama').press('Enter');
    await expect.poll(async () => (await member()).roles.find((r: any) => r.targetId === projects['Koulu Kalasatama'])?.title).toBe('Työnjohtaja');
    await e2e.shot(page, 'partners-03-two-projects');

    // R-E2: remove by selecting.
    await tabs.getByRole('checkbox', { name: 'Select Silta Vantaa' }).check();
    await tabs.getByRole('button', { name: 'Remove selected (1)' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    roles = (await member()).roles.filter((r: any) => r.scope === 'project');
    expect(roles.map((r: any) => r.targetId)).toEqual([projects['Koulu Kalasatama']]);

    // R-E1: an organisation role, added and shown.
    await tabs.getByRole('tab', { name: /Organisation roles/ }).click();
    // click, not check(): the box may re-render while the member refreshes; the server state is what is asserted.
    await tabs.getByRole('checkbox', { name: 'Organisation viewer' }).click();
    await expect.poll(async () => (await member()).roles.filter((r: any) => r.scope === 'org').map((r: any) => r.role)).toEqual(['org-viewer']);
    await expect.poll(() => tabs.getByRole('tab', { name: /Organisation roles/ }).textContent()).toContain('(1)');

    // A site with a site role (R-E2 on sites), through the same tabs.
    await tabs.getByRole('tab', { name: /Site roles/ }).click();
    await tabs.getByRole('button', { name: 'Attach to sites' }).click();
    const attachSites = page.getByRole('dialog', { name: 'Attach to sites' });
    await attachSites.getByRole('combobox', { name: 'Sites' }).click();
    await page.getByRole('option', { name: 'Työmaa Pasila' }).click();
    await attachSites.getByRole('checkbox', { name: 'Site supervisor' }).check();
    await attachSites.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => tabs.getByTestId('assignment-row').count()).toBe(1);
    await e2e.shot(page, 'partners-04-site-roles');

    // R-C11: delete the partner through the user page's menu (all rights here go; the account stays).
    const name = `${added.firstName} ${added.lastName}`;
    await page.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: `Delete ${name}?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.waitForURL(/\/orgs\/[^/]+\/users$/);
    expect(await member()).toBeNull();
    expect((await admin.api.get(`/api/v1/accounts/lookup?email=${encodeURIComponent(partner.email)}`)).body).toMatchObject({ found: true });

    // …and add them back by e-mail through the dialog, as a user without module access this time.
    dialog = await openAddPartnerDialog(page);
    await dialog.getByLabel('E-mail address').fill(partner.email.toUpperCase());
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByTestId('lookup-result').waitFor();
    await dialog.getByRole('radio', { name: 'No system access' }).check();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/users\/[0-9a-f-]{36}$/);
    const back = await member();
    expect(back).toMatchObject({ home: 'partner', type: 'no_access', roles: [] });
    expect(back.id).not.toBe(added.id);
    await e2e.shot(page, 'partners-05-added-back');

    // Adding the same person twice says so.
    dialog = await openAddPartnerDialog(page);
    await dialog.getByLabel('E-mail address').fill(partner.email);
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('already a user of this organisation');
  });

  it('R-F2 creates a new partner user whose home organisation comes from the Finnish registry (2331972-7)', async () => {
    const page = await signedIn();
    const email = `new-${Date.now()}@verso.test`;
    const dialog = await openAddPartnerDialog(page);
    await dialog.getByLabel('E-mail address').fill(email);
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog.getByTestId('lookup-not-found').waitFor();
    await e2e.shot(page, 'partners-06-not-found-create');
    await dialog.getByRole('button', { name: 'Yes, create a new user' }).click();

    await dialog.getByLabel('First name').fill('Veera');
    await dialog.getByLabel('Last name').fill('Verso');
    await dialog.getByLabel('Default job title').fill('Kokki');
    await expect.poll(() => dialog.getByTestId('home-org-name').textContent()).toBe(org.name);
    await dialog.getByRole('button', { name: 'Change organisation' }).click();

    const change = page.getByRole('dialog', { name: 'Change organisation' });
    await change.waitFor();
    const businessId = change.getByRole('textbox', { name: 'Business ID' });

    // Sweden: no open registry to ask — the dialog says so.
    await change.getByRole('combobox', { name: 'Country' }).click();
    await page.getByRole('option', { name: 'Sweden' }).click();
    await businessId.fill(nextBusinessId('SE'));
    await change.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => change.getByTestId('registry-not-found').textContent()).toContain('Sweden has no open business registry');
    await e2e.shot(page, 'partners-07-sweden-no-registry');

    // Finland, an id the registry does not know: an operator can create it by hand.
    await change.getByRole('combobox', { name: 'Country' }).click();
    await page.getByRole('option', { name: 'Finland' }).click();
    await businessId.fill(nextBusinessId('FI'));
    await change.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => change.getByTestId('registry-not-found').textContent()).toContain('an operator can create the organisation by hand');

    // The registry failing: "try again".
    registry.mode = 'error';
    await businessId.fill('2331972-7');
    await change.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => change.getByRole('alert').first().textContent()).toContain('does not answer');
    await e2e.shot(page, 'partners-08-registry-unavailable');
    registry.mode = 'ok';

    // Found in the registry: create the organisation from it and pick it.
    await change.getByRole('button', { name: 'Try again' }).click();
    const hit = change.getByTestId('registry-result');
    await expect.poll(() => hit.textContent()).toContain('Verso Food Oy');
    expect(await hit.textContent()).toContain('Limited company');
    await e2e.shot(page, 'partners-09-found-in-registry');
    await change.getByRole('button', { name: 'Create organisation from registry' }).click();
    await change.waitFor({ state: 'hidden' });
    await expect.poll(() => dialog.getByTestId('home-org-name').textContent()).toBe('Verso Food Oy');
    await e2e.shot(page, 'partners-10-home-from-registry');

    await dialog.getByRole('button', { name: 'Save and send invitation' }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/users\/[0-9a-f-]{36}$/);
    const r = await admin.api.get(`/api/v1/orgs/${org.id}/users?view=partner&email=${encodeURIComponent(email)}`);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ home: 'partner', status: 'invited', jobTitle: 'Kokki', homeOrg: { name: 'Verso Food Oy' } });
    const orgs = await (await e2e.t.operator()).get('/api/v1/orgs?q=2331972-7');
    expect(orgs.body.items).toMatchObject([{ name: 'Verso Food Oy', country: 'FI', businessId: '2331972-7' }]);

    // The new home now has partner users here: the next time it is offered in "Choose organisation".
    const again = await openAddPartnerDialog(page);
    await again.getByRole('button', { name: 'Create a new user' }).click();
    await again.getByRole('button', { name: 'Change organisation' }).click();
    const change2 = page.getByRole('dialog', { name: 'Change organisation' });
    await change2.getByRole('combobox', { name: 'Choose organisation' }).click();
    await expect.poll(() => page.getByRole('option', { name: /Verso Food Oy/ }).count()).toBe(1);
    await page.getByRole('option', { name: /Verso Food Oy/ }).click();
    await change2.getByRole('button', { name: 'Use this organisation' }).click();
    await expect.poll(() => again.getByTestId('home-org-name').textContent()).toBe('Verso Food Oy');

    // Same business id again: "already in Nyckel" → pick it.
    await again.getByRole('button', { name: 'Change organisation' }).click();
    await change2.getByRole('textbox', { name: 'Business ID' }).fill('2331972-7');
    await change2.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => change2.getByTestId('registry-result').textContent()).toContain('Already in Nyckel');
  });

  it('projects and sites: create, search, rename, archive and show archived', async () => {
    const page = await signedIn();
    await page.goto(`/orgs/${org.id}/projects`);
    const list = page.getByTestId('projects-page');
    await list.getByRole('button', { name: 'New project' }).click();
    const create = page.getByRole('dialog', { name: 'New project' });
    await create.getByLabel('Name').fill('Tunneli Espoo');
    await create.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => list.getByTestId('target-row').count()).toBe(4);

    await list.getByLabel('Search').fill('tunneli');
    await expect.poll(() => list.getByTestId('target-row').count()).toBe(1);
    await list.getByRole('button', { name: 'Rename Tunneli Espoo' }).click();
    const rename = page.getByRole('dialog', { name: /Rename/ });
    await rename.getByLabel('Name').fill('Tunneli Espoo 2');
    await rename.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => list.getByTestId('target-row').first().textContent()).toContain('Tunneli Espoo 2');
    await list.getByRole('button', { name: 'Archive Tunneli Espoo 2' }).click();
    await expect.poll(() => list.getByTestId('target-row').count()).toBe(0);
    await list.getByRole('switch', { name: 'Show archived' }).check();
    await expect.poll(() => list.getByTestId('target-row').first().textContent()).toContain('Archived');
    await e2e.shot(page, 'partners-11-projects-archived');
    await list.getByRole('button', { name: 'Restore Tunneli Espoo 2' }).click();
    await expect.poll(() => list.getByTestId('target-row').first().textContent()).not.toContain('Archived');

    const r = await admin.api.get(`/api/v1/orgs/${org.id}/projects?q=tunneli`);
    expect(r.body.items).toMatchObject([{ name: 'Tunneli Espoo 2', archived: false }]);

    await page.goto(`/orgs/${org.id}/sites`);
    await expect.poll(() => page.getByTestId('sites-page').getByTestId('target-row').count()).toBe(1);
    await e2e.shot(page, 'partners-12-sites');
  });

  it('seed 003 in Finnish: the role tabs and the partner dialog speak Finnish', async () => {
    // The signed-in account's language wins over the browser's: a Finnish-speaking administrator.
    const finn = await makeAccount(e2e.t, { homeOrgId: org.id, language: 'fi' });
    await makeMembership(e2e.t, org.id, finn.id, { modules: [{ key: 'user-admin' }] });
    const { page } = await e2e.newPage('fi-FI');
    await e2e.signIn(page, finn.email, finn.password);
    const m = await member();
    await page.goto(`/orgs/${org.id}/users/${m.id}`);
    const tabs = page.getByTestId('user-role-tabs');
    await tabs.getByRole('tab', { name: /Projektiroolit/ }).click();
    await tabs.getByRole('button', { name: 'Liitä projekteihin' }).waitFor();
    expect(await tabs.getByRole('tab', { name: /Organisaatioroolit/ }).count()).toBe(1);
    expect(await tabs.getByRole('tab', { name: /Kohderoolit/ }).count()).toBe(1);
    await e2e.shot(page, 'partners-13-fi-role-tabs');
    await page.goto(`/orgs/${org.id}/users`);
    await page.getByRole('button', { name: 'Lisää kumppanikäyttäjä' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lisää kumppanikäyttäjä' });
    await dialog.getByRole('button', { name: 'Luo uusi käyttäjä' }).click();
    await dialog.getByRole('button', { name: 'Vaihda organisaatiota' }).click();
    const change = page.getByRole('dialog', { name: 'Vaihda organisaatiota' });
    await change.getByRole('textbox', { name: 'Yritystunnus' }).fill('0112038-9');
    await change.getByRole('button', { name: 'Hae' }).click();
    await expect.poll(() => change.getByTestId('registry-result').textContent()).toContain('Nokia Oyj');
    await e2e.shot(page, 'partners-14-fi-change-org');
  });
});
