import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let op: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = () => `seat-${Date.now().toString(36)}-${n++}@seats.test`;
const seats = (orgId: string) => `/api/v1/orgs/${orgId}/licenses/seats`;
const payrollOf = (body: { modules: { module: string }[] }) => body.modules.find((m) => m.module === 'payroll');

async function signedIn(orgId: string, modules: { key: string; admin?: boolean }[]) {
  const account = await makeAccount(t, { homeOrgId: orgId });
  await makeMembership(t, orgId, account.id, { modules });
  const api = t.client();
  await api.login(account.email, account.password);
  return { api, account };
}

describe('R-B2 seat impact before the last step, and ordering in place (issue 14)', () => {
  it('R-B2 the free seats per module are known before adding; an administrator may order the missing seat and the same add then goes through', async () => {
    const org = await makeOrg(op, { seats: { payroll: 1 } });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const body = () => ({ type: 'employee', email: email(), firstName: 'Pia', lastName: 'Palkka', modules: [{ key: 'payroll' }] });
    expect((await admin.post(`/api/v1/orgs/${org.id}/users`, body())).status).toBe(201);

    const before = await admin.get(seats(org.id));
    expect(before.status).toBe(200);
    expect(payrollOf(before.body)).toEqual({ module: 'payroll', seats: 1, inUse: 1, available: 0 });
    expect(before.body.mayOrder).toBe(true);
    expect(before.body.licenseAdministrators).toEqual([]);

    const wanted = body();
    const refused = await admin.post(`/api/v1/orgs/${org.id}/users`, wanted);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('license_limit_reached');
    expect(refused.body.modules).toEqual([{ module: 'payroll', seats: 1, inUse: 1, needed: 1 }]);

    // "Upgrade licenses" in place: the missing seat is ordered, then the same request (nothing retyped) succeeds.
    expect((await admin.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { payroll: 2 } })).status).toBe(201);
    expect(payrollOf((await admin.get(seats(org.id))).body)).toMatchObject({ seats: 2, inUse: 1, available: 1 });
    const added = await admin.post(`/api/v1/orgs/${org.id}/users`, wanted);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(payrollOf((await admin.get(seats(org.id))).body)).toMatchObject({ seats: 2, inUse: 2, available: 0 });
  });

  it('R-B2 R-B5 R-J1 a program administrator sees the free seats but may not order, and is told who may: the contract owner first, then the administrators', async () => {
    const owner = { email: email(), firstName: 'Olga', lastName: 'Owner' };
    const org = await makeOrg(op, { seats: { payroll: 1 }, contractOwner: owner });
    const { account: adminAccount } = await makeOrgAdmin(t, org.id);
    const { api: programAdmin } = await signedIn(org.id, [{ key: 'payroll', admin: true }]);

    const r = await programAdmin.get(seats(org.id));
    expect(r.status).toBe(200);
    expect(payrollOf(r.body)).toEqual({ module: 'payroll', seats: 1, inUse: 1, available: 0 });
    expect(r.body.mayOrder).toBe(false);
    const admins = r.body.licenseAdministrators as { name: string; email: string; contractOwner: boolean }[];
    expect(admins[0]).toMatchObject({ name: 'Olga Owner', email: owner.email, contractOwner: true });
    expect(admins.slice(1).map((a) => a.email)).toEqual([adminAccount.email]);
    // The policy agrees: the program administrator may not order.
    expect((await programAdmin.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { payroll: 2 } })).status).toBe(403);

    // A plain member sees nothing of the seats; another organisation's administrator not even the organisation.
    const { api: member } = await signedIn(org.id, [{ key: 'bank' }]);
    expect((await member.get(seats(org.id))).status).toBe(403);
    const other = await makeOrg(op);
    const { api: otherAdmin } = await makeOrgAdmin(t, other.id);
    expect((await otherAdmin.get(seats(org.id))).status).toBe(404);
  });
});
