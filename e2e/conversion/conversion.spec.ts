import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeAccount, makeOrg, makeOrgAdmin, nextBusinessId } from '../../test/factories.js';
import { mailsTo } from '../../test/mailbox.js';
import { sampleLegacyExport } from '../../src/conversion/legacy-sample.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

const next = (page: Page) => page.getByTestId('wizard-next').click();

describe('R-I1 R-I2 R-I3 R-I4 R-I5 R-I6 the conversion in the console', () => {
  it('R-I1…R-I6 imports a file, walks the wizard resolving one conflict of each kind, edits a user, applies; a second tab gets plan_outdated', async () => {
    const { t } = e2e;
    const operator = await makeAccount(t, { operator: true });
    const d = `e2e${Date.now().toString(36)}.test.nyckel`;
    const name = `Gamla Verkstaden ${Date.now().toString(36)}`;
    const file = sampleLegacyExport({ org: { name, country: 'SE', businessId: nextBusinessId('SE') }, domain: d });

    // R-I1: import the file; the console shows what it read.
    const { page, context } = await e2e.newPage();
    await e2e.signIn(page, operator.email, operator.password);
    await page.goto('/orgs');
    await page.getByRole('link', { name: 'Import legacy customer' }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByText('9 persons, 8 logins (1 integration logins)').waitFor();
    await e2e.shot(page, 'conversion-import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('convert-notice').waitFor();
    const orgId = page.url().split('/orgs/')[1]!;
    // Under "must convert" in the organisation list.
    await page.goto('/orgs?mustConvert=true');
    await page.getByRole('link', { name }).click();
    await page.getByTestId('convert-button').click();

    // Instructions → conflicts.
    await page.getByTestId('start-conversion').click();
    await page.getByTestId('step-conflicts').waitFor();
    await expect(page.getByTestId('wizard-next').isDisabled()).resolves.toBe(true);
    await page.getByTestId('conflict-shared_login.L3').getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('decision-P4').getByLabel('E-mail').fill(`david.holm@${d}`);
    await e2e.shot(page, 'conversion-resolve-shared');
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('conflict-missing_email.P2').getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('decision-P2').getByLabel('E-mail').fill(`bo.ek@${d}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('conflict-duplicate_email.P5').getByRole('button', { name: 'Resolve' }).click();
    // Both keeping berg@ is refused with the field named.
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').getByText('Already in use').first().waitFor();
    await page.getByTestId('decision-P6').getByLabel('E-mail').fill(`fredrik.berg@${d}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('All conflicts are resolved.').waitFor();
    await next(page);

    // Deactivations with the integration warning.
    await page.getByTestId('step-deactivations').waitFor();
    await page.getByTestId('integration-warning').waitFor();
    await page.getByText('api-bank-sync').waitFor();
    await next(page);

    // Summary: edit a user's packages.
    await page.getByTestId('step-summary').waitFor();
    const astrid = page.getByTestId('plan-user-P1');
    await astrid.getByText('Base package: payroll').waitFor();
    await astrid.getByRole('button', { name: 'Edit' }).click();
    await page
      .getByRole('dialog')
      .getByRole('checkbox', { name: /Base package: payroll/ })
      .uncheck();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await astrid.getByText('edited').waitFor();
    expect(await astrid.getByText('Base package: payroll').count()).toBe(0);
    await e2e.shot(page, 'conversion-summary');
    await next(page);
    await page.getByTestId('step-confirm').waitFor();

    // A second tab (another browser, same administrator) resumes at the confirm step with the plan as it is now …
    const other = await e2e.newPage();
    await e2e.signIn(other.page, operator.email, operator.password);
    await other.page.goto(`/orgs/${orgId}/convert`);
    await other.page.getByTestId('step-confirm').waitFor();
    // … while the first changes the plan.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByTestId('plan-user-P9').getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').getByLabel('Type').click();
    await page.getByRole('option', { name: 'No system access' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await next(page);
    await page.getByTestId('step-confirm').waitFor();
    // The second tab applies the outdated plan: refused with a clear message.
    await other.page.getByTestId('confirm-understand').check();
    await other.page.getByTestId('apply-conversion').click();
    await other.page
      .getByTestId('plan-outdated')
      .getByText(/plan changed|changed since/i)
      .waitFor();
    await e2e.shot(other.page, 'conversion-plan-outdated');
    await other.context.close();

    // Apply.
    await page.getByTestId('confirm-understand').check();
    await page.getByTestId('apply-conversion').click();
    await page.getByTestId('conversion-done').waitFor();
    await e2e.shot(page, 'conversion-done');
    await page.getByRole('link', { name: 'Go to the users' }).click();
    await page.getByText(`astrid.lind@${d}`).waitFor();
    expect(await mailsTo(t, `astrid.lind@${d}`)).toHaveLength(1);
    expect(await mailsTo(t, `david.holm@${d}`)).toHaveLength(1);
    // No longer under "must convert".
    await page.goto(`/orgs?mustConvert=true&q=${encodeURIComponent(name)}`);
    await page.getByTestId('pager-total').getByText('0 organisations').waitFor();
    await context.close();
  });

  it('R-I7 seed 000 A: the agency administrator finds the customers to convert in its client list and is offered Convert', async () => {
    const { t } = e2e;
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', name: `Byrån ${Date.now().toString(36)}` });
    const { account } = await makeOrgAdmin(t, agency.id);
    const name = `Gamla Kunden ${Date.now().toString(36)}`;
    const d = `e2eb${Date.now().toString(36)}.test.nyckel`;
    const r = await op.post(
      '/api/v1/legacy-imports',
      sampleLegacyExport({ org: { name, country: 'SE', businessId: nextBusinessId('SE'), agencyId: agency.id }, domain: d }),
    );
    expect(r.status).toBe(201);
    await makeOrg(op, { agencyId: agency.id, name: `Current Client ${Date.now().toString(36)}` });
    const { page, context } = await e2e.newPage();
    await e2e.signIn(page, account.email, account.password);
    await page.goto(`/orgs/${agency.id}`);
    await page.getByTestId('clients-must-convert').click();
    await page.getByRole('link', { name }).waitFor();
    await page.getByTestId('pager-total').getByText('1 organisation').waitFor();
    await page.getByRole('link', { name }).click();
    await page.getByTestId('convert-button').click();
    await page.getByTestId('start-conversion').waitFor();
    await e2e.shot(page, 'conversion-agency');
    await context.close();
  });
});
