import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { mailsTo } from '../../test/mailbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * SEC-8 (issue 11, defect 8): the seats an organisation is created with are the first order of its license history
 * (who, when, what), audited, and the named contract owner is told by mail.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('SEC-8 initial seats are the first license order', () => {
  it('SEC-8 an agency administrator creating a client with seats leaves an order by name, an audit event and a mail to the owner', async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency' });
    const { api: agencyAdmin, account } = await makeOrgAdmin(t, agency.id);
    const owner = await makeAccount(t);
    const client = await makeOrg(agencyAdmin, {
      agencyId: agency.id,
      seats: { payroll: 7, crm: 3 },
      contractOwner: { email: owner.email, firstName: 'Owner', lastName: 'Person' },
    });

    const licenses = (await op.get(`/api/v1/orgs/${client.id}/licenses`)).body;
    expect(licenses.orders).toHaveLength(1);
    expect(licenses.orders[0]).toMatchObject({
      by: { accountId: account.id },
      changes: { crm: { from: 0, to: 3 }, payroll: { from: 0, to: 7 } },
    });
    expect(Date.parse(licenses.orders[0].at)).toBeGreaterThan(Date.now() - 60_000);

    const audit = (await op.get(`/api/v1/orgs/${client.id}/audit?action=license.`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'license.initial_order', after: { crm: 3, payroll: 7 } });

    const [mail] = await mailsTo(t, owner.email);
    expect(mail.subject).toContain(client.name);
    expect(mail.text).toContain('crm 3, payroll 7');
    expect(mail.text).toContain(`http://nyckel.test/orgs/${client.id}/licenses`);
  });

  it('SEC-8 a newly invited contract owner gets one mail: the invitation, naming the seats', async () => {
    const op = await t.operator();
    const email = `owner-${Date.now()}@test.nyckel`;
    await makeOrg(op, { seats: { cases: 4 }, contractOwner: { email, firstName: 'New', lastName: 'Owner' } });
    const mails = await mailsTo(t, email);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('accept-invitation?token=');
    expect(mails[0].text).toContain('cases 4');
  });

  it('SEC-8 no seats, no order', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: {} });
    expect((await op.get(`/api/v1/orgs/${org.id}/licenses`)).body.orders).toEqual([]);
  });
});
