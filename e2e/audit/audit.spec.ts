import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
let org: { id: string; name: string };
let admin: { account: { id: string; email: string; password: string }; api: ApiClient };
let context: BrowserContext;
let page: Page;

async function shot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await e2e.shot(page, name);
}

const sentences = () => page.locator('[data-testid=audit-sentence]').allTextContents();

beforeAll(async () => {
  e2e = await startE2E();
  const operator = await e2e.t.operator();
  org = await makeOrg(operator, { name: `Rakennus Aalto Oy ${Date.now()}` });
  admin = await makeOrgAdmin(e2e.t, org.id);
  await e2e.t.database.db
    .updateTable('accounts')
    .set({ first_name: 'Anna', last_name: 'Andersson', language: 'fi' })
    .where('id', '=', admin.account.id)
    .execute();
  const added = await admin.api.post(`/api/v1/orgs/${org.id}/users`, {
    type: 'employee',
    email: `erik.berg.${Date.now()}@example.test`,
    firstName: 'Erik',
    lastName: 'Berg',
    packages: ['base-accounting'],
  });
  expect(added.status).toBe(201);
  expect((await admin.api.post(`/api/v1/orgs/${org.id}/users/${added.body.id}/deactivate`)).status).toBe(200);
  expect((await admin.api.patch(`/api/v1/orgs/${org.id}/users/${added.body.id}`, { jobTitle: 'Työnjohtaja' })).status).toBe(200);
  ({ context, page } = await e2e.newPage('fi-FI'));
  await e2e.signIn(page, admin.account.email, admin.account.password);
});

afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

describe('R-K1 issue 14 item 11: the audit log in the console, in Finnish', () => {
  it('R-K1 events read as sentences with names; a row opens its changed fields with labels and words', async () => {
    await page.goto(`/orgs/${org.id}/audit`);
    await page.locator('[data-testid=audit-table]').waitFor();
    const said = await sentences();
    expect(said).toContain('Anna Andersson passivoi käyttäjän Erik Berg');
    expect(said).toContain('Anna Andersson lisäsi käyttäjän Erik Berg');
    expect(said.join(' ')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/); // no ids
    await shot('audit-fi-1-desktop');

    const row = page.locator('[data-testid=audit-row][data-action="user.deactivated"]');
    await row.getByRole('button').click();
    const diff = page.locator('[data-testid=audit-diff]');
    await diff.waitFor();
    const text = await diff.textContent();
    expect(text).toContain('Tila');
    expect(text).toContain('Kutsuttu');
    expect(text).toContain('Ei-aktiivinen');
    expect(text).not.toContain('"status"');
    await shot('audit-fi-2-changes');
  });

  it('R-K1 filters by who, what, target and period narrow the list, and the export carries the same filters', async () => {
    await page.goto(`/orgs/${org.id}/audit`);
    await page.locator('[data-testid=audit-table]').waitFor();
    await page.locator('[data-testid=audit-filter-action]').click();
    await page.getByRole('option', { name: 'Käyttäjä passivoitu', exact: true }).click();
    await page.waitForURL(/action=user\.deactivated/);
    await expect.poll(sentences).toEqual(['Anna Andersson passivoi käyttäjän Erik Berg']);

    await page.getByRole('button', { name: 'Tyhjennä suodattimet' }).click();
    await page.locator('[data-testid=audit-filter-target]').fill('berg');
    await page.waitForURL(/target=berg/);
    await expect.poll(async () => (await sentences()).every((s) => s.includes('Erik Berg'))).toBe(true);
    expect((await sentences()).length).toBe(3);

    await page.locator('[data-testid=audit-filter-actor]').fill('anders');
    await page.waitForURL(/actor=anders/);
    const today = new Date().toISOString().slice(0, 10);
    await page.locator('[data-testid=audit-filter-from]').fill(today);
    await page.waitForURL(/from=/);
    await expect.poll(async () => (await sentences()).length).toBe(3);
    await shot('audit-fi-3-filtered');

    const link = page.locator('[data-testid=export-audit]');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain('target=berg');
    expect(href).toContain('lang=fi');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Tapahtumaloki');
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    expect(sheet.getColumn(2).values.slice(2)).toEqual(await sentences());
  });
});
