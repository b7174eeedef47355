import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { waitFor } from '../../test/worker-process.js';
import { listRuns } from '../../src/kernel/job-runs.js';
import { ACCESS_JOB_QUEUE } from '../../src/access-jobs/jobs.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const setName = async (e: E2E, accountId: string, first: string, last: string) => {
  await e.t.database.db.updateTable('accounts').set({ first_name: first, last_name: last }).where('id', '=', accountId).execute();
};

describe('R-H1 R-H3 R-H5 R-H6 managing consultants’ access to clients in the console', () => {
  it('R-H1 R-H3 selects three clients, grants two consultants two programs, follows progress and the notification to the result; revokes programs and clients; offboards a consultant', async () => {
    const { t } = e2e;
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', name: 'Byrå Exempel AB', country: 'SE' });
    const { account: admin } = await makeOrgAdmin(t, agency.id);
    const consultants = [];
    for (const [first, last] of [
      ['Erik', 'Berg'],
      ['Sara', 'Lind'],
    ]) {
      const c = await makeAccount(t, { homeOrgId: agency.id });
      await setName(e2e, c.id, first, last);
      await makeMembership(t, agency.id, c.id, { type: 'employee' });
      consultants.push(c);
    }
    const clients = [];
    for (const name of ['Alfa Bygg AB', 'Beta Redovisning AB', 'Gamma Handel AB']) {
      const client = await makeOrg(op, { kind: 'client', agencyId: agency.id, name, country: 'SE' });
      clients.push(client);
    }
    // The administrator is system administrator at Alfa and Beta, not at Gamma: Gamma's items are denied.
    await makeMembership(t, clients[0].id, admin.id, { modules: [{ key: 'user-admin' }] });
    await makeMembership(t, clients[1].id, admin.id, { modules: [{ key: 'user-admin' }] });

    const { page, context } = await e2e.newPage();
    await e2e.signIn(page, admin.email, admin.password);
    await page.goto(`/orgs/${agency.id}/clients`);
    for (const c of clients) await page.getByRole('checkbox', { name: `Select ${c.name}` }).check();
    await page.getByTestId('selected-count').getByText('3 clients selected').waitFor();
    const manage = async (operation: string, programs: string[] | null) => {
      await page.getByRole('button', { name: 'Manage access' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: operation }).check();
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('combobox', { name: 'Consultants' }).click();
      await page.getByRole('option', { name: 'Erik Berg' }).click();
      await page.getByRole('option', { name: 'Sara Lind' }).click();
      await page.keyboard.press('Escape');
      if (programs) {
        for (const name of ['Accounting', 'Invoicing', 'Payroll', 'Bank']) {
          const box = dialog.getByRole('checkbox', { name });
          if (programs.includes(name)) await box.check();
          else await box.uncheck();
        }
      }
      return dialog;
    };

    // Give access to clients and assign programs: two of the agency package's four.
    let dialog = await manage('Give access to clients and assign programs', ['Accounting', 'Payroll']);
    await dialog.getByRole('button', { name: 'Next' }).click();
    const preview = dialog.getByTestId('access-preview');
    await preview.getByText('12 items').waitFor();
    await preview.getByText('4 items will be denied').waitFor();
    await e2e.shot(page, 'access-jobs-preview');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/access-jobs\/[0-9a-f-]+$/);
    await page.getByTestId('job-status').getByText('Done').waitFor({ timeout: 30_000 });
    await page.getByTestId('job-progress').getByText('12 of 12 items processed').waitFor();
    await page.getByTestId('count-granted').getByText('8').waitFor();
    await page.getByTestId('count-denied').getByText('4').waitFor();

    // The bell shows the notification (it polls every 10 s); opening it leads back to this job's result.
    const jobUrl = page.url();
    await page.goto(`/orgs/${agency.id}/clients`);
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor({ timeout: 30_000 });
    await bell.click();
    await page.getByText('Access to clients given').click();
    await page.waitForURL(jobUrl);
    await page.locator('[data-testid=filter-outcome]').click();
    await page.getByRole('option', { name: 'denied', exact: true }).click();
    const table = page.getByTestId('job-results');
    await page.getByTestId('pager-total').getByText('4 results').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(4);
    for (const row of await table.locator('tbody tr').all()) expect(await row.textContent()).toContain('Gamma Handel AB');
    await e2e.shot(page, 'access-jobs-result-denied');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // Remove access to programs: Payroll from both at the three clients.
    await page.goto(`/orgs/${agency.id}/clients`);
    await page.getByRole('button', { name: /Select all 3 clients matching/ }).click();
    await page.getByTestId('selected-count').getByText('3 clients selected').waitFor();
    dialog = await manage('Remove access to programs', ['Payroll']);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('job-status').getByText('Done').waitFor({ timeout: 30_000 });
    await page.getByTestId('count-removed').getByText('4').waitFor();

    // Remove access to clients.
    await page.goto(`/orgs/${agency.id}/clients`);
    for (const c of clients) await page.getByRole('checkbox', { name: `Select ${c.name}` }).check();
    dialog = await manage('Remove access to clients', null);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('job-status').getByText('Done').waitFor({ timeout: 30_000 });
    await page.getByTestId('count-removed').getByText('4').waitFor();
    await page.getByTestId('count-not_present').getByText('2').waitFor();

    // R-H6: deactivating a consultant at the agency offers removing them from every client.
    await makeMembership(t, clients[0].id, consultants[0].id, { type: 'reseller', modules: [{ key: 'accounting' }] });
    await page.goto(`/orgs/${agency.id}/users`);
    await page.getByRole('button', { name: 'Actions for Erik Berg' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    await page.getByTestId('offboard-all-clients').check();
    await e2e.shot(page, 'access-jobs-offboard');
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    const offboard = await waitFor(
      'the offboarding job',
      async () => {
        const runs = await listRuns(t.database.db, agency.id, { kind: ACCESS_JOB_QUEUE });
        return runs.length === 4 && runs[0].status === 'done' && runs[0];
      },
      30_000,
    );
    expect(offboard.input).toMatchObject({ operation: 'revoke_clients', consultants: [{ accountId: consultants[0].id }] });
    expect(offboard.counts).toEqual({ removed: 1 });
    await context.close();
  });
});
