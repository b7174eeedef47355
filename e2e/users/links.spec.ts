import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { mailsTo } from '../../test/mailbox.js';
import { startE2E, type E2E } from '../support.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('R-C11 a link whose access ended', () => {
  it('R-C11 the invitation page of a deleted user says at once, in Swedish, that the link was withdrawn — no password form', async () => {
    const { t } = e2e;
    const org = await makeOrg(await t.operator());
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const address = `withdrawn-${Date.now()}@test.nyckel`;
    const user = await admin.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'employee',
      email: address,
      firstName: 'Dragen',
      lastName: 'Tillbaka',
      packages: ['base-crm'],
    });
    expect(user.status).toBe(201);
    const link = /https?:\/\/[^/\s]+(\/accept-invitation\?token=[^\s]+)/.exec((await mailsTo(t, address))[0].text)![1];

    const { page, context } = await e2e.newPage('sv-SE');
    await page.goto(link);
    await page.getByLabel('Nytt lösenord').waitFor();
    await page.getByText(`För ${address}`).waitFor();

    expect((await admin.delete(`/api/v1/orgs/${org.id}/users/${user.body.id}`)).status).toBe(204);
    await page.reload();
    await page.getByText('Länken har dragits tillbaka: åtkomsten den gällde har upphört.').waitFor();
    expect(await page.getByLabel('Nytt lösenord').count()).toBe(0);
    await e2e.shot(page, 'link-withdrawn-sv');
    await context.close();
  });
});
