import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * SEC-2 (issue 11, defect 2): no change leaves an organisation with no active system administrator unless a platform
 * operator makes it — on every path: delete, deactivate, remove access, grant change, type change, the account
 * disabled by its home organisation.
 */
let t: TestApp;
let op: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

const membershipOf = async (orgId: string, accountId: string) =>
  (await t.database.db.selectFrom('memberships').select('id').where('org_id', '=', orgId).where('account_id', '=', accountId).executeTakeFirstOrThrow()).id;

async function loneAdmin() {
  const org = await makeOrg(op);
  const { api, account } = await makeOrgAdmin(t, org.id);
  const u = `/api/v1/orgs/${org.id}/users/${await membershipOf(org.id, account.id)}`;
  return { org, api, account, u };
}

const expectRefused = (r: { status: number; body: any }) => {
  expect(r.status).toBe(409);
  expect(r.body.code).toBe('last_administrator');
};

describe('SEC-2 the last administrator stays', () => {
  it('SEC-2 refuses the lone administrator deleting, deactivating, removing access of or demoting themselves', async () => {
    const { org, api, u } = await loneAdmin();
    expectRefused(await api.delete(u));
    expectRefused(await api.post(`${u}/deactivate`));
    expectRefused(await api.post(`${u}/remove-access`));
    expectRefused(await api.patch(u, { modules: [{ key: 'payroll' }] }));
    expectRefused(await api.patch(u, { type: 'no_access', modules: [] }));
    // Nothing changed: still the administrator.
    expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    expect((await api.get(u)).body.modules).toEqual([expect.objectContaining({ key: 'user-admin' })]);
  });

  it('SEC-2 another administrator makes it possible; then that one is the last', async () => {
    const { org, api, u } = await loneAdmin();
    const second = await makeOrgAdmin(t, org.id);
    const u2 = `/api/v1/orgs/${org.id}/users/${await membershipOf(org.id, second.account.id)}`;
    expect((await api.patch(u, { modules: [{ key: 'payroll' }] })).status).toBe(200);
    expectRefused(await second.api.delete(u2));
    // A member who is not an administrator is removed as before.
    const plain = await makeAccount(t, { homeOrgId: org.id });
    const pm = await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    expect((await second.api.delete(`/api/v1/orgs/${org.id}/users/${pm.id}`)).status).toBe(204);
  });

  it('SEC-2 an operator may remove the last administrator', async () => {
    const { org, u } = await loneAdmin();
    expect((await op.delete(u)).status).toBe(204);
    expect((await op.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
  });

  it('SEC-2 the home organisation cannot disable an account that is the last administrator elsewhere', async () => {
    const home = await makeOrg(op);
    const { api: homeAdmin } = await makeOrgAdmin(t, home.id);
    const partnerOrg = await makeOrg(op);
    const account = await makeAccount(t, { homeOrgId: home.id });
    const own = await makeMembership(t, home.id, account.id, { packages: ['base-crm'] });
    await makeMembership(t, partnerOrg.id, account.id, { modules: [{ key: 'user-admin' }] });
    const r = await homeAdmin.post(`/api/v1/orgs/${home.id}/users/${own.id}/deactivate`);
    expectRefused(r);
    expect((await homeAdmin.patch(`/api/v1/orgs/${home.id}/users/${own.id}`, { loginValidUntil: '2000-01-01' })).body.code).toBe('last_administrator');
  });

  it('SEC-2 two administrators removing each other at once: one stays', async () => {
    const { org, api, u } = await loneAdmin();
    const second = await makeOrgAdmin(t, org.id);
    const u2 = `/api/v1/orgs/${org.id}/users/${await membershipOf(org.id, second.account.id)}`;
    const [a, b] = await Promise.all([second.api.delete(u), api.delete(u2)]);
    // The first wins; the second is refused (409 last_administrator, or 404 when its caller is already gone).
    expect([a.status, b.status].filter((s) => s === 204)).toHaveLength(1);
    expect([a.status, b.status].every((s) => s === 204 || s === 409 || s === 404)).toBe(true);
    const remaining = a.status === 204 ? second.api : api;
    expect((await remaining.get(`/api/v1/orgs/${org.id}/users`)).status).toBe(200);
  });
});
