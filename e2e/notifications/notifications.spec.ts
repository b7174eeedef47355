import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg } from '../../test/factories.js';
import { newId } from '../../src/kernel/crypto.js';
import { notify } from '../../src/notifications/service.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('R-K2 the bell in the console', () => {
  it('R-K2 shows the unread count, words a notification in Finnish, and opening it leads to its subject and marks it read', async () => {
    const { t } = e2e;
    const org = await makeOrg(await t.operator(), { name: 'Ilmoitus Oy' });
    const account = await makeAccount(t, { language: 'fi', operator: true });
    await notify(
      t.database.db,
      {
        accountId: account.id,
        kind: 'access_job_finished',
        orgId: newId(),
        subject: { type: 'access_job', id: newId() },
        summary: { operation: 'grant', status: 'done', total: 12, counts: { granted: 10, denied: 2 } },
      },
      t.clock.now(),
    );
    t.clock.advance(1000);
    await notify(
      t.database.db,
      {
        accountId: account.id,
        kind: 'conversion_applied',
        orgId: org.id,
        subject: { type: 'org', id: org.id },
        summary: { orgName: 'Ilmoitus Oy', users: 4, persons: 1, deactivated: 1 },
      },
      t.clock.now(),
    );

    const { page, context } = await e2e.newPage('fi-FI');
    await e2e.signIn(page, account.email, account.password);
    const bell = page.getByRole('button', { name: 'Ilmoitukset, 2 lukematonta' });
    await bell.waitFor();
    await bell.click();
    await page.getByText('Pääsy asiakkaisiin annettu').waitFor();
    await page.getByText('annettu: 10').waitFor();
    await e2e.shot(page, 'notifications-fi-bell');
    await page.getByRole('button', { name: /Ilmoitus Oy muunnettu uuteen käyttöoikeusmalliin/ }).click();
    await page.waitForURL(`**/orgs/${org.id}`);
    await page.getByRole('button', { name: 'Ilmoitukset, 1 lukematon' }).waitFor();

    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Ilmoitukset' }).waitFor();
    await page.getByRole('button', { name: 'Merkitse kaikki luetuiksi' }).click();
    await page.getByRole('button', { name: 'Ilmoitukset', exact: true }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await e2e.shot(page, 'notifications-fi-page-390');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(scroll).toBeLessThanOrEqual(0);
    await context.close();
  });
});
