import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { mailsTo, tokenIn } from '../../test/mailbox.js';
import { startE2E, type E2E } from '../support.js';

/** Issue 14 items 3, 4, 5, 8, 9, 10: the console's lifecycle holes and dead ends, as an administrator and a member. */
let e2e: E2E;
let operator: ApiClient;
let admin: ApiClient;
let agency: { id: string; name: string };
let org: { id: string; name: string };
let context: BrowserContext;
let page: Page;

const row = (email: string): Locator => page.locator(`[data-testid=user-row][data-email="${email}"]`);
const statusOf = (email: string) => row(email).locator('[data-testid=user-status]').getAttribute('data-status');
const dialog = () => page.getByRole('dialog');

async function openUsers() {
  await page.goto(`/orgs/${org.id}/users`);
  await page.locator('[data-testid=user-table]').waitFor();
}

async function menuItems(email: string) {
  await row(email).locator('[data-testid=user-actions]').click();
  await page.getByRole('menu').waitFor();
  const items = await page.getByRole('menuitem').allTextContents();
  await page.keyboard.press('Escape');
  return items;
}

async function member(orgId: string, input: Parameters<typeof makeMembership>[3], homeOrgId = orgId) {
  const acc = await makeAccount(e2e.t, { homeOrgId });
  await makeMembership(e2e.t, orgId, acc.id, input);
  return acc;
}

beforeAll(async () => {
  e2e = await startE2E();
  operator = await e2e.t.operator();
  agency = await makeOrg(operator, { kind: 'agency', name: `Tilitoimisto Lifecycle ${Date.now()}` });
  org = await makeOrg(operator, { name: `Elinkaari Oy ${Date.now()}`, agencyId: agency.id });
  const a = await makeOrgAdmin(e2e.t, org.id);
  admin = a.api;
  ({ context, page } = await e2e.newPage('en-GB'));
  await e2e.signIn(page, a.account.email, a.account.password);
});

afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

describe('issue 14 item 3: the actions offered make sense', () => {
  it('R-C4 an expired external offers Extend validity (not a password reset) and comes back active; a user without access offers no Remove access', async () => {
    const expired = await member(org.id, { type: 'external', status: 'expired', packages: ['base-crm'], validUntil: '2001-01-01' });
    const noAccess = await member(org.id, { type: 'no_access' });
    await openUsers();
    const expiredItems = await menuItems(expired.email);
    expect(expiredItems).toContain('Extend validity');
    expect(expiredItems).not.toContain('Send password reset');
    const noAccessItems = await menuItems(noAccess.email);
    expect(noAccessItems).not.toContain('Remove access');
    expect(noAccessItems).toContain('Send password reset');

    await row(expired.email).locator('[data-testid=user-actions]').click();
    await page.getByRole('menuitem', { name: 'Extend validity' }).click();
    const modal = dialog();
    await modal.getByLabel(/Valid until/i).fill('2999-12-31');
    await e2e.shot(page, 'lifecycle-extend-validity');
    await modal.getByRole('button', { name: 'Extend', exact: true }).click();
    await expect.poll(() => statusOf(expired.email)).toBe('active');
  });
});

describe('issue 14 item 4: a partner member’s name follows the account', () => {
  it('R-C6 the user page shows a partner’s name read-only and says where it is changed', async () => {
    const home = await makeOrg(operator, { name: `Kotipesä Oy ${Date.now()}` });
    const partner = await makeAccount(e2e.t, { homeOrgId: home.id });
    await makeMembership(e2e.t, home.id, partner.id, { packages: ['base-crm'] });
    await makeMembership(e2e.t, org.id, partner.id, { packages: ['base-crm'] });
    await openUsers();
    await row(partner.email).getByRole('link').first().click();
    const sentence = page.locator('[data-testid=name-edited-at-home]');
    await sentence.waitFor();
    expect(await sentence.textContent()).toContain(home.name);
    expect(await page.getByLabel('First name').getAttribute('readonly')).not.toBeNull();
  });
});

describe('issue 14 item 10: bulk actions, clear filters, restore', () => {
  it('R-C8 R-C11 selects users, deactivates them after one confirmation naming both, finds them from All users, deletes one and restores it', async () => {
    const a = await member(org.id, { packages: ['base-crm'] });
    const b = await member(org.id, { packages: ['base-crm'] });
    await openUsers();
    await row(a.email).locator('[data-testid=select-user]').check();
    await row(b.email).locator('[data-testid=select-user]').check();
    await page.locator('[data-testid=bulk-bar]').waitFor();
    await page.locator('[data-testid=bulk-deactivate]').click();
    const who = await dialog().locator('[data-testid=bulk-who]').textContent();
    expect(who).toContain(a.email);
    expect(who).toContain(b.email);
    await e2e.shot(page, 'lifecycle-bulk-confirm');
    await dialog().getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect.poll(async () => await row(a.email).count()).toBe(0);
    // Item 9: "All users" says how many are inactive and leads there.
    const hint = page.locator('[data-testid=inactive-hint]');
    await hint.waitFor();
    await hint.getByRole('button').click();
    await expect.poll(() => statusOf(a.email)).toBe('inactive');
    await page.locator('[data-testid=clear-filters]').click();
    await expect.poll(() => new URL(page.url()).search).toBe('');

    // Delete b in bulk from the inactive view, then restore it from "Recently deleted".
    await page.goto(`/orgs/${org.id}/users?view=inactive`);
    await row(b.email).locator('[data-testid=select-user]').check();
    await page.locator('[data-testid=bulk-delete]').click();
    await dialog().getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(async () => await row(b.email).count()).toBe(0);
    await page.locator('[data-testid=open-deleted-users]').click();
    const deleted = page.locator(`[data-testid=deleted-user][data-email="${b.email}"]`);
    await deleted.waitFor();
    await e2e.shot(page, 'lifecycle-recently-deleted');
    await deleted.getByRole('button', { name: /Restore/ }).click();
    await expect.poll(async () => await deleted.count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => statusOf(b.email)).toBe('inactive');
  });
});

describe('issue 14 items 5, 8, 9: a member signs in from the invitation and sees their access', () => {
  it('R-G1 R-L2 R-A1 the invitation signs in and lands on the organisation; the agency shows by name; My access lists modules and validity', async () => {
    const address = `invited-${Date.now()}@test.nyckel`;
    const added = await admin.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'external',
      email: address,
      firstName: 'Iida',
      lastName: 'Invited',
      packages: ['base-crm'],
      validUntil: '2999-06-30',
    });
    expect(added.status).toBe(201);
    const token = tokenIn((await mailsTo(e2e.t, address))[0].text, 'accept-invitation');
    const fresh = await e2e.newPage('en-GB');
    const p = fresh.page;
    await p.goto(`/accept-invitation?token=${encodeURIComponent(token)}`);
    await p.getByLabel('New password').fill('lifecycle-password-1');
    await p.getByLabel('Repeat password').fill('lifecycle-password-1');
    await p.getByRole('button', { name: 'Activate account' }).click();
    await p.waitForURL((url) => url.pathname === `/orgs/${org.id}`);

    // Item 8: the agency by name, not a link to an organisation the member cannot open.
    const details = p.locator('[data-testid=org-details]');
    await details.waitFor();
    expect(await details.textContent()).toContain(agency.name);
    expect(await details.getByRole('link', { name: agency.name }).count()).toBe(0);

    // Item 9: My access from the user menu.
    await p.goto('/my-access');
    const card = p.locator(`[data-testid=my-access-org][data-org="${org.name}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('CRM');
    expect(await card.locator('[data-testid=my-access-validity]').textContent()).toMatch(/2999/);
    await e2e.shot(p, 'lifecycle-my-access');
    await fresh.context.close();
  });
});
