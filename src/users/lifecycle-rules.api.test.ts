import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

async function setup() {
  const op = await t.operator();
  const org = await makeOrg(op);
  const { api: admin, account } = await makeOrgAdmin(t, org.id);
  return { op, org, admin, adminAccount: account };
}

describe('R-C13 R-C7 R-C4 the actions offered are the actions the API runs (issue 14 item 3)', () => {
  it('R-C13 a password reset is refused for an expired external and for a person without user', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const expired = await makeMembership(t, org.id, acc.id, { type: 'external', status: 'expired', packages: ['base-crm'], validUntil: '2001-01-01' });
    const r = await admin.post(`${users(org.id)}/${expired.id}/send-password-reset`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('action_not_applicable');
    const person = await makeMembership(t, org.id, null, { type: 'person' });
    expect((await admin.post(`${users(org.id)}/${person.id}/send-password-reset`, {})).body.code).toBe('not_applicable_to_person');
  });

  it('R-C7 removing access is refused for a user without access who holds nothing', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const m = await makeMembership(t, org.id, acc.id, { type: 'no_access' });
    const r = await admin.post(`${users(org.id)}/${m.id}/remove-access`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('action_not_applicable');
    const after = await admin.get(`${users(org.id)}/${m.id}`);
    expect(after.body.type).toBe('no_access');
  });

  it('R-C4 extend validity: an expired external gets a later end date and its access back; a past date is refused', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const m = await makeMembership(t, org.id, acc.id, { type: 'external', status: 'expired', packages: ['base-crm'], validUntil: '2001-01-01' });
    const past = await admin.patch(`${users(org.id)}/${m.id}`, { validUntil: '2002-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toContainEqual(expect.objectContaining({ path: 'validUntil', code: 'in_past' }));
    const extended = await admin.patch(`${users(org.id)}/${m.id}`, { validUntil: '2999-12-31' });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ status: 'active', validUntil: '2999-12-31' });
    expect(extended.body.effectiveModules).toContain('crm');
  });
});

describe('R-F1 R-C6 a partner member’s name follows its account (issue 14 item 4)', () => {
  it('R-C6 a client cannot rename a partner (409 edited_at_home naming the home); its home renames it everywhere in one change', async () => {
    const op = await t.operator();
    const home = await makeOrg(op);
    const client = await makeOrg(op);
    const { api: homeAdmin } = await makeOrgAdmin(t, home.id);
    const { api: clientAdmin } = await makeOrgAdmin(t, client.id);
    const acc = await makeAccount(t, { homeOrgId: home.id });
    const own = await makeMembership(t, home.id, acc.id, { packages: ['base-crm'] });
    const partner = await makeMembership(t, client.id, acc.id, { packages: ['base-crm'] });

    const refused = await clientAdmin.patch(`${users(client.id)}/${partner.id}`, { firstName: 'Split' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('edited_at_home');
    expect(refused.body.homeOrg).toEqual({ id: home.id, name: home.name });
    // Sending the name as it is (a whole form) is not a change.
    const current = (await clientAdmin.get(`${users(client.id)}/${partner.id}`)).body;
    expect((await clientAdmin.patch(`${users(client.id)}/${partner.id}`, { firstName: current.firstName, jobTitle: 'Auditor' })).status).toBe(200);

    const renamed = await homeAdmin.patch(`${users(home.id)}/${own.id}`, { firstName: 'Kaisa', lastName: 'Koski' });
    expect(renamed.status).toBe(200);
    expect((await clientAdmin.get(`${users(client.id)}/${partner.id}`)).body).toMatchObject({ firstName: 'Kaisa', lastName: 'Koski' });
    expect((await clientAdmin.get(`${users(client.id)}?q=kaisa`)).body.items.map((u: { id: string }) => u.id)).toEqual([partner.id]);
    const me = t.client();
    await me.login(acc.email, acc.password);
    expect((await me.get('/api/v1/me')).body.account).toMatchObject({ firstName: 'Kaisa', lastName: 'Koski' });
  });

  it('R-C6 a name changed in the own profile reaches every membership', async () => {
    const op = await t.operator();
    const home = await makeOrg(op);
    const client = await makeOrg(op);
    const { api: clientAdmin } = await makeOrgAdmin(t, client.id);
    const acc = await makeAccount(t, { homeOrgId: home.id });
    await makeMembership(t, home.id, acc.id, { packages: ['base-crm'] });
    const partner = await makeMembership(t, client.id, acc.id, { packages: ['base-crm'] });
    const me = t.client();
    await me.login(acc.email, acc.password);
    expect((await me.patch('/api/v1/me', { lastName: 'Virtanen' })).status).toBe(200);
    expect((await clientAdmin.get(`${users(client.id)}/${partner.id}`)).body.lastName).toBe('Virtanen');
  });
});
